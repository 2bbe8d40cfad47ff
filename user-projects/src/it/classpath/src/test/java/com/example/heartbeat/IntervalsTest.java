package com.example.heartbeat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.reactor.ClientFactory;
import dev.weft.reactor.testing.Clock;
import dev.weft.reactor.testing.MemoryConnection;
import dev.weft.reactor.testing.MemoryReactor;
import dev.weft.reactor.testing.junit.InjectReactor;
import dev.weft.reactor.testing.junit.WithFakeReactor;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The extension on its own: beside a parameterized test, with fields it injects. */
@WithFakeReactor
class IntervalsTest {
  @InjectReactor MemoryReactor reactor;
  @InjectReactor Clock clock;

  @ParameterizedTest
  @ValueSource(ints = {1, 5, 60})
  void pingsOncePerInterval(int seconds) {
    reactor.connectTCP(
        "monitor.example", 7000,
        ClientFactory.of(() -> new Heartbeat(reactor, Duration.ofSeconds(seconds))));
    MemoryConnection connection = reactor.lastClientAttempt().connect();

    clock.advance(Duration.ofSeconds(3L * seconds));

    assertThat(connection.takeWrittenText()).isEqualTo("ping\n".repeat(3));
    connection.close();
  }
}
