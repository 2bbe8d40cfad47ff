package dev.weft.reactor.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.weft.reactor.BaseProtocolFactory;
import dev.weft.reactor.CannotListenException;
import dev.weft.reactor.ClientFactory;
import dev.weft.reactor.Connector;
import dev.weft.reactor.Deferred;
import dev.weft.reactor.ListeningPort;
import dev.weft.reactor.ProtocolFactory;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class MemoryReactorTcpTest {
  private final MemoryReactor reactor = new MemoryReactor();
  private final ProtocolFactory serverFactory = ProtocolFactory.of(RecordingProtocol::new);
  private final ClientFactory clientFactory = ClientFactory.of(RecordingProtocol::new);

  @Test
  void listenTcpIsRecordedWithAllArguments() {
    reactor.listenTCP(8080, serverFactory, 10, "127.0.0.1");
    reactor.listenTCP(8081, serverFactory);
    assertThat(reactor.listenTcpCalls()).containsExactly(
        new ListenTcpCall(8080, serverFactory, 10, "127.0.0.1"),
        new ListenTcpCall(8081, serverFactory, 50, ""));
  }

  @Test
  void connectTcpIsRecordedWithAllArgumentsInCallOrder() {
    SocketAddress bind = new InetSocketAddress("127.0.0.1", 0);
    reactor.connectTCP("a.test", 1, clientFactory, Duration.ofSeconds(3), bind);
    reactor.connectTCP("b.test", 2, clientFactory);
    assertThat(reactor.connectTcpCalls()).containsExactly(
        new ConnectTcpCall("a.test", 1, clientFactory, Duration.ofSeconds(3), bind),
        new ConnectTcpCall("b.test", 2, clientFactory, Duration.ofSeconds(30), null));
    assertThat(reactor.pendingClientAttempts()).hasSize(2);
  }

  @Test
  void portZeroGetsAFakeEphemeralPort() {
    ListeningPort first = reactor.listenTCP(0, serverFactory);
    ListeningPort second = reactor.listenTCP(0, serverFactory);
    assertThat(first.host().getPort()).isBetween(49152, 65535);
    assertThat(second.host().getPort()).isNotEqualTo(first.host().getPort());
    assertThat(reactor.listenTcpCalls().get(0).port()).isZero();
  }

  @Test
  void portZeroSkipsAPortStillListeningOnceTheRangeWraps() {
    ListeningPort held = reactor.listenTCP(0, serverFactory);
    // Open and close a port on every other ephemeral port, so the range wraps.
    for (int i = 0; i < 65_535 - 49_152; i++) {
      reactor.listenTCP(0, serverFactory).stopListening();
    }
    reactor.advance(Duration.ZERO);

    ListeningPort next = reactor.listenTCP(0, serverFactory);

    assertThat(next.host().getPort())
        .isBetween(49152, 65535)
        .isNotEqualTo(held.host().getPort());
    assertThat(reactor.listeningPorts()).extracting(ListeningPort::host)
        .containsExactly(held.host(), next.host());
    assertThat(reactor.tcpServers()).hasSize(65_535 - 49_152 + 2);
  }

  @Test
  void listeningOnAnInterfaceReportsIt() {
    ListeningPort port = reactor.listenTCP(9000, serverFactory, 5, "::1");
    assertThat(port.host().getAddress().isLoopbackAddress()).isTrue();
    assertThat(port.host().getPort()).isEqualTo(9000);
  }

  @Test
  void interfaceMustBeAnIpLiteral() {
    assertThatThrownBy(() -> reactor.listenTCP(1, serverFactory, 5, "localhost"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("networkInterface must be an IP literal")
        .hasMessageContaining("localhost");
  }

  @Test
  void portInUseCannotBeListenedOnUntilStopped() {
    ListeningPort port = reactor.listenTCP(80, serverFactory);
    assertThatThrownBy(() -> reactor.listenTCP(80, serverFactory))
        .isInstanceOf(CannotListenException.class)
        .hasMessageContaining("port 80 is already in use");
    port.stopListening();
    reactor.listenTCP(80, serverFactory);
    assertThat(reactor.listeningPorts()).hasSize(1);
    assertThat(reactor.tcpServers()).hasSize(2);
  }

  @Test
  void samePortOnDifferentInterfacesIsAllowedButNotNextToAllInterfaces() {
    reactor.listenTCP(80, serverFactory, 50, "127.0.0.1");
    reactor.listenTCP(80, serverFactory, 50, "192.0.2.1");
    assertThatThrownBy(() -> reactor.listenTCP(80, serverFactory))
        .isInstanceOf(CannotListenException.class);
    assertThat(reactor.listeningPorts()).hasSize(2);
  }

  @Test
  void badArgumentsFailWithTheValue() {
    assertThatThrownBy(() -> reactor.listenTCP(70000, serverFactory))
        .hasMessage("port must be in 0..65535: 70000");
    assertThatThrownBy(() -> reactor.listenTCP(1, serverFactory, -1, ""))
        .hasMessage("backlog must not be negative: -1");
    assertThatThrownBy(() -> reactor.connectTCP("h", -1, clientFactory))
        .hasMessage("port must be in 0..65535: -1");
    assertThatThrownBy(() -> reactor.connectTCP("h", 1, clientFactory, Duration.ofSeconds(-1)))
        .hasMessage("timeout must not be negative: PT-1S");
    assertThatThrownBy(() -> reactor.connectTCP(null, 1, clientFactory)).hasMessage("host");
    assertThat(reactor.tcpClients()).isEmpty();
  }

  @Test
  void factoryIsStartedOnListenAndStoppedOnceOnStopListening() {
    ProtocolFactory factory = mock(ProtocolFactory.class);
    ListeningPort port = reactor.listenTCP(0, factory);
    verify(factory).doStart();
    Deferred<Void> stopped = port.stopListening();
    Deferred<Void> again = port.stopListening();
    verify(factory, never()).doStop();
    assertThat(stopped).isNotDone();
    reactor.iterate();
    assertThat(stopped).isCompleted();
    assertThat(again).isSameAs(stopped);
    verify(factory, times(1)).doStop();
  }

  @Test
  void sharedCountingFactorySeesBalancedStartsAndStops() {
    BaseProtocolFactory shared = ProtocolFactory.of(RecordingProtocol::new);
    ListeningPort a = reactor.listenTCP(1, shared);
    ListeningPort b = reactor.listenTCP(2, shared);
    assertThat(shared.activeUsers()).isEqualTo(2);
    a.stopListening();
    b.stopListening();
    reactor.iterate();
    assertThat(shared.activeUsers()).isZero();
  }

  @Test
  void stoppedPortAcceptsNothingButKeepsItsConnections() {
    MemoryListeningPort port = (MemoryListeningPort) reactor.listenTCP(7, serverFactory);
    MemoryConnection before = port.accept();
    port.stopListening();
    assertThat(before.isOpen()).isTrue();
    assertThatThrownBy(port::accept)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("stopped listening");
    assertThat(port.connections()).containsExactly(before);
  }

  @Test
  void acceptGivesTheFactoryThePeerAddress() {
    ProtocolFactory factory = mock(ProtocolFactory.class);
    when(factory.buildProtocol(any())).thenReturn(new RecordingProtocol());
    MemoryListeningPort port = (MemoryListeningPort) reactor.listenTCP(7, factory);
    InetSocketAddress peer = new InetSocketAddress("192.0.2.1", 4000);
    MemoryConnection c = port.accept(peer);
    verify(factory).buildProtocol(peer);
    assertThat(c.transport().peer()).isEqualTo(peer);
  }

  @Test
  void acceptRefusedByTheFactoryReturnsNull() {
    MemoryListeningPort port = (MemoryListeningPort) reactor.listenTCP(7, peer -> null);
    assertThat(port.accept()).isNull();
    assertThat(reactor.openConnections()).isEmpty();
  }

  @Test
  void buildProtocolThatThrowsIsRecordedAndRefuses() {
    MemoryListeningPort port = (MemoryListeningPort) reactor.listenTCP(7, peer -> {
      throw new IllegalStateException("factory broken");
    });
    assertThat(port.accept()).isNull();
    assertThat(reactor.takeCallbackErrors()).hasSize(1);
  }

  @Test
  void connectorReportsDestinationAndState() {
    Connector byName = reactor.connectTCP("example.com", 80, clientFactory);
    Connector byIp = reactor.connectTCP("192.0.2.5", 81, clientFactory);
    assertThat(byName.destination().isUnresolved()).isTrue();
    assertThat(byName.destination().getHostString()).isEqualTo("example.com");
    assertThat(byIp.destination()).isEqualTo(InetSocketAddress.createUnresolved("192.0.2.5", 81));
    assertThat(byName.state()).isEqualTo(Connector.State.CONNECTING);
  }

  @Test
  void connectWhileConnectingFails() {
    Connector connector = reactor.connectTCP("h", 1, clientFactory);
    assertThatThrownBy(connector::connect)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("CONNECTING");
  }

  @Test
  void stopConnectingWithoutAnAttemptFails() {
    Connector connector = reactor.connectTCP("h", 1, clientFactory);
    reactor.lastClientAttempt().refuse();
    assertThatThrownBy(connector::stopConnecting)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("needs an attempt in progress");
  }

  @Test
  void disconnectCancelsAPendingAttempt() {
    ClientFactory factory = mock(ClientFactory.class);
    Connector connector = reactor.connectTCP("h", 1, factory);
    connector.disconnect();
    assertThat(reactor.lastClientAttempt().outcome()).isEqualTo(ClientAttempt.Outcome.CANCELLED);
    connector.disconnect();
    verify(factory, times(1)).clientConnectionFailed(any(), any());
  }

  @Test
  void disconnectClosesAnOpenConnectionOnTheNextTurn() {
    Connector connector = reactor.connectTCP("h", 1, clientFactory);
    MemoryConnection c = reactor.lastClientAttempt().connect();
    connector.disconnect();
    assertThat(c.transport().isDisconnecting()).isTrue();
    reactor.iterate();
    assertThat(c.isOpen()).isFalse();
    assertThat(connector.state()).isEqualTo(Connector.State.DISCONNECTED);
  }

  @Test
  void retryAfterLostConnectionKeepsTheFactoryStarted() {
    ClientFactory factory = mock(ClientFactory.class);
    when(factory.buildProtocol(any())).thenAnswer(inv -> new RecordingProtocol());
    org.mockito.Mockito.doAnswer(inv -> {
      ((Connector) inv.getArgument(0)).connect();
      return null;
    }).when(factory).clientConnectionLost(any(), any());
    Connector connector = reactor.connectTCP("h", 1, factory);
    reactor.lastClientAttempt().connect().close();
    assertThat(connector.state()).isEqualTo(Connector.State.CONNECTING);
    verify(factory, never()).doStop();
    verify(factory, times(1)).doStart();
  }

  @Test
  void lastClientAttemptWithoutAnyFails() {
    assertThatThrownBy(reactor::lastClientAttempt)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no connectTCP");
  }
}
