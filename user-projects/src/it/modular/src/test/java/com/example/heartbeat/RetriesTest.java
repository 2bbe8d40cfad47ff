package com.example.heartbeat;

import static dev.weft.reactor.testing.assertj.ReactorAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.reactor.ClientFactory;
import dev.weft.reactor.testing.Clock;
import dev.weft.reactor.testing.MemoryConnection;
import dev.weft.reactor.testing.MemoryReactor;
import dev.weft.reactor.testing.junit.InjectReactor;
import dev.weft.reactor.testing.junit.WithFakeReactor;
import java.time.Duration;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The extension on its own, on a method, beside other kinds of test; fields it injects. */
class RetriesTest {
  @InjectReactor MemoryReactor reactor;
  @InjectReactor Clock clock;

  private ClientFactory heartbeats() {
    return ClientFactory.of(() -> new Heartbeat(reactor, Duration.ofSeconds(5)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"bye", "ok, bye", "goodbye"})
  @WithFakeReactor
  void anyByeEndsTheConnection(String farewell) {
    reactor.connectTCP("monitor.example", 7000, heartbeats());
    MemoryConnection connection = reactor.lastClientAttempt().connect();

    connection.receive(farewell);
    reactor.iterate();

    assertThat(connection.isOpen()).isFalse();
    assertThat(clock).hasNoPendingCalls();
  }

  @RepeatedTest(2)
  @WithFakeReactor
  void eachRepetitionGetsAFreshReactor() {
    assertThat(reactor).hasNoClientAttempts();
    reactor.connectTCP("monitor.example", 7000, heartbeats());
    reactor.lastClientAttempt().refuse();
  }
}
