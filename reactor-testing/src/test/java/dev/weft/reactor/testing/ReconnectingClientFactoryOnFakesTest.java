package dev.weft.reactor.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.reactor.ClientFactory;
import dev.weft.reactor.protocols.ReconnectingClientFactory;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The reconnecting factory on the fake reactor, whose turns are nio's. */
class ReconnectingClientFactoryOnFakesTest {
  private final MemoryReactor reactor = new MemoryReactor();

  @Test
  void stopTryingInTheTurnOfTheConnectTcpStopsThatAttemptAndNothingFollows() {
    ReconnectingClientFactory factory =
        ReconnectingClientFactory.builder(reactor, ClientFactory.of(RecordingProtocol::new))
            .jitter(0).build();
    reactor.connectTCP("db.example", 5432, factory);

    factory.stopTrying();
    reactor.iterate(); // the turn in which the attempt begins

    assertThat(reactor.lastClientAttempt().outcome()).isEqualTo(ClientAttempt.Outcome.CANCELLED);
    reactor.advance(Duration.ofHours(2));
    assertThat(reactor.tcpClients()).hasSize(1);
    assertThat(Leftovers.of(reactor)).isEmpty();
  }
}
