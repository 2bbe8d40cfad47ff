package com.example.heartbeat;

import static dev.weft.reactor.testing.assertj.ReactorAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.reactor.ClientFactory;
import dev.weft.reactor.testing.Clock;
import dev.weft.reactor.testing.MemoryConnection;
import dev.weft.reactor.testing.MemoryReactor;
import dev.weft.reactor.testing.junit.ReactorTest;
import java.time.Duration;

class HeartbeatTest {

  @ReactorTest
  void pingsEveryFiveSecondsUntilThePeerSaysBye(MemoryReactor reactor, Clock clock) {
    ClientFactory heartbeats =
        ClientFactory.of(() -> new Heartbeat(reactor, Duration.ofSeconds(5)));
    reactor.connectTCP("monitor.example", 7000, heartbeats);
    assertThat(reactor).hasClientAttemptTo("monitor.example", 7000);
    MemoryConnection connection = reactor.lastClientAttempt().connect();

    clock.advance(Duration.ofSeconds(4));
    assertThat(connection.takeWrittenText()).isEmpty();
    clock.advance(Duration.ofSeconds(6));
    assertThat(connection.takeWrittenText()).isEqualTo("ping\nping\n");

    connection.receive("bye\n");
    reactor.iterate();
    assertThat(connection.isOpen()).isFalse();
  }
}
