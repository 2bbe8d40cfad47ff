package dev.weft.reactor.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.reactor.ClientFactory;
import dev.weft.reactor.ConnectionClosedException;
import dev.weft.reactor.Connector;
import org.junit.jupiter.api.Test;

/**
 * {@link ClientAttempt#connectTo} when the port's factory refuses the connection: as with a real
 * server, the TCP connection was accepted first, so the client connects and then sees it closed.
 */
class ClientAttemptConnectToTest {
  private final MemoryReactor reactor = new MemoryReactor();
  private final RecordingProtocol client = new RecordingProtocol();

  private ClientAttempt attemptTo(MemoryListeningPort port) {
    reactor.connectTCP("127.0.0.1", port.port(), ClientFactory.of(() -> client));
    return reactor.lastClientAttempt();
  }

  @Test
  void serverFactoryReturningNullLetsTheClientConnectThenClosesIt() {
    MemoryListeningPort port = (MemoryListeningPort) reactor.listenTCP(0, peer -> null);
    ClientAttempt attempt = attemptTo(port);

    attempt.connectTo(port);

    assertThat(client.events).containsExactly("made", "lost:ConnectionClosedException");
    assertThat(attempt.outcome()).isEqualTo(ClientAttempt.Outcome.CONNECTED);
    assertThat(attempt.connector().state()).isEqualTo(Connector.State.DISCONNECTED);
    assertThat(port.connections()).isEmpty();
    assertThat(reactor.openConnections()).isEmpty();
    assertThat(reactor.callbackErrors()).isEmpty();
  }

  @Test
  void serverFactoryThatThrowsIsRecordedAndTheClientSeesACleanClose() {
    MemoryListeningPort port = (MemoryListeningPort) reactor.listenTCP(0, peer -> {
      throw new IllegalStateException("no more clients");
    });
    ClientAttempt attempt = attemptTo(port);

    attempt.connectTo(port);

    assertThat(client.lostReason).isInstanceOf(ConnectionClosedException.class);
    assertThat(reactor.takeCallbackErrors())
        .singleElement()
        .satisfies(e -> assertThat(e.error()).hasMessage("no more clients"));
  }

  @Test
  void clientBytesSentToARefusedConnectionAreNeverRead() {
    MemoryListeningPort port = (MemoryListeningPort) reactor.listenTCP(0, peer -> null);
    client.onMade = p -> p.write("hello?");
    ClientAttempt attempt = attemptTo(port);

    Pump pump = attempt.connectTo(port);
    pump.flush();

    assertThat(client.events).containsExactly("made", "lost:ConnectionClosedException");
    assertThat(pump.server().isOpen()).isFalse();
  }
}
