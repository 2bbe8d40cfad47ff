package dev.weft.samples.turns;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.reactor.ConnectionClosedException;
import dev.weft.reactor.testing.Clock;
import dev.weft.reactor.testing.MemoryConnection;
import dev.weft.reactor.testing.MemoryListeningPort;
import dev.weft.reactor.testing.MemoryReactor;
import dev.weft.reactor.testing.junit.ReactorTest;
import dev.weft.samples.echo.Echo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The guide's "fake time and turns" examples: the Clock runs every reactor's turns. */
class SharedClockTest {

  @ReactorTest
  void advancingTheClockStrandsNoReactorWork(MemoryReactor reactor, Clock clock) {
    List<String> log = new ArrayList<>();
    MemoryListeningPort port = (MemoryListeningPort) reactor.listenTCP(7, Echo.factory());
    MemoryConnection connection = port.accept();
    connection.transport().loseConnection();
    reactor.callFromThread(() -> log.add("from thread"));

    clock.advance(Duration.ofMinutes(10));

    assertThat(log).containsExactly("from thread");
    assertThat(connection.endReason()).isInstanceOf(ConnectionClosedException.class);
    port.stopListening();
  }

  @ReactorTest
  void reactorsSharingAClockTurnTogether(MemoryReactor server, Clock clock) {
    MemoryReactor client = new MemoryReactor(clock);
    List<String> log = new ArrayList<>();
    client.callFromThread(() -> log.add("client"));
    server.callFromThread(() -> log.add("server"));

    client.advance(Duration.ofSeconds(1));

    // Registration order, whichever reactor was advanced: the test's reactor came first.
    assertThat(log).containsExactly("server", "client");
    assertThat(clock.reactors()).containsExactly(server, client);
  }

  @ReactorTest
  void aZeroDelayLoopRunsOncePerTurnAsInProduction(MemoryReactor reactor) {
    int[] runs = new int[1];
    Runnable[] again = new Runnable[1];
    again[0] = () -> {
      if (++runs[0] < 3) {
        reactor.callLater(Duration.ZERO, again[0]);
      }
    };
    reactor.callLater(Duration.ZERO, again[0]);

    reactor.iterate();
    assertThat(runs[0]).isEqualTo(1);
    reactor.iterate();
    assertThat(runs[0]).isEqualTo(2);
    reactor.advance(Duration.ZERO); // turns until nothing is left at this instant
    assertThat(runs[0]).isEqualTo(3);
  }
}
