package dev.weft.reactor.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.isA;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.weft.reactor.testing.net.Chunking;
import dev.weft.reactor.ClientFactory;
import dev.weft.reactor.ConnectionAbortedException;
import dev.weft.reactor.ConnectionClosedException;
import dev.weft.reactor.Connector;
import dev.weft.reactor.ProtocolFactory;
import org.junit.jupiter.api.Test;
import org.mockito.InOrder;

class ConnectToTest {
  private final MemoryReactor clientReactor = new MemoryReactor();
  private final MemoryReactor serverReactor = new MemoryReactor();
  private final RecordingProtocol server = new RecordingProtocol();
  private final RecordingProtocol client = new RecordingProtocol();

  private MemoryListeningPort listen(MemoryReactor reactor) {
    return (MemoryListeningPort) reactor.listenTCP(7000, ProtocolFactory.of(() -> server));
  }

  @Test
  void clientAttemptConnectsToAListeningPortOfAnotherReactor() {
    server.onData = (p, text) -> p.write(text.toUpperCase(java.util.Locale.ROOT));
    MemoryListeningPort port = listen(serverReactor);
    clientReactor.connectTCP("server.test", 7000, ClientFactory.of(() -> client));
    Pump pump = clientReactor.lastClientAttempt().connectTo(port);
    client.write("hello");
    pump.flush();
    assertThat(client.receivedText()).isEqualTo("HELLO");
    assertThat(serverReactor.openConnections()).containsExactly(pump.server());
    assertThat(clientReactor.openConnections()).containsExactly(pump.client());
    assertThat(port.connections()).containsExactly(pump.server());
    assertThat(server.t().peer()).isEqualTo(client.t().host());
    assertThat(client.t().peer()).isEqualTo(port.localAddress());
  }

  @Test
  void sameReactorWorksAndClientFactoryHearsTheWholeStory() {
    MemoryListeningPort port = listen(clientReactor);
    ClientFactory factory = mock(ClientFactory.class);
    when(factory.buildProtocol(any())).thenReturn(client);
    Connector connector = clientReactor.connectTCP("127.0.0.1", 7000, factory);
    Pump pump = clientReactor.lastClientAttempt().connectTo(port);
    assertThat(connector.state()).isEqualTo(Connector.State.CONNECTED);
    server.t().loseConnection();
    pump.flush();
    InOrder order = inOrder(factory);
    order.verify(factory).startedConnecting(connector);
    order.verify(factory).buildProtocol(any());
    order.verify(factory).clientConnectionLost(
        org.mockito.ArgumentMatchers.eq(connector), isA(ConnectionClosedException.class));
    assertThat(clientReactor.openConnections()).isEmpty();
  }

  @Test
  void callbackErrorsGoToTheReactorsWithTheChunking() {
    server.onData = (p, text) -> {
      throw new IllegalStateException("server bug");
    };
    MemoryListeningPort port = listen(serverReactor);
    clientReactor.connectTCP("s", 7000, ClientFactory.of(() -> client));
    Pump pump = clientReactor.lastClientAttempt()
        .connectTo(port, Pump.builder().chunking(Chunking.random(99)));
    client.write("x");
    pump.flush();
    assertThat(server.lostReason).isInstanceOf(ConnectionAbortedException.class);
    assertThat(serverReactor.takeCallbackErrors())
        .singleElement()
        .satisfies(e -> assertThat(e.context()).contains("Chunking.random(99L)"));
    assertThat(clientReactor.callbackErrors()).isEmpty();
  }

  @Test
  void bothReactorsListTheLivePumpUntilBothSidesEnd() {
    MemoryListeningPort port = listen(serverReactor);
    clientReactor.connectTCP("s", 7000, ClientFactory.of(() -> client));
    Pump pump = clientReactor.lastClientAttempt().connectTo(port);
    assertThat(clientReactor.pumps()).containsExactly(pump);
    assertThat(serverReactor.pumps()).containsExactly(pump);
    client.t().loseConnection();
    pump.flush();
    assertThat(pump.isOpen()).isFalse();
    assertThat(clientReactor.pumps()).isEmpty();
    assertThat(serverReactor.pumps()).isEmpty();
  }

  @Test
  void connectingToAStoppedPortFails() {
    MemoryListeningPort port = listen(serverReactor);
    port.stopListening();
    clientReactor.connectTCP("s", 7000, ClientFactory.of(() -> client));
    ClientAttempt attempt = clientReactor.lastClientAttempt();
    assertThatThrownBy(() -> attempt.connectTo(port))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("stopped listening");
    assertThat(attempt.isPending()).isTrue();
  }

  @Test
  void connectToACompletedAttemptFails() {
    MemoryListeningPort port = listen(serverReactor);
    clientReactor.connectTCP("s", 7000, ClientFactory.of(() -> client));
    ClientAttempt attempt = clientReactor.lastClientAttempt();
    attempt.refuse();
    assertThatThrownBy(() -> attempt.connectTo(port)).hasMessageContaining("already completed");
  }
}
