package dev.weft.reactor.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.reactor.CannotListenException;
import dev.weft.reactor.ClientFactory;
import dev.weft.reactor.ConnectionRefusedException;
import dev.weft.reactor.ProtocolFactory;
import dev.weft.reactor.tls.TlsConfig;
import dev.weft.reactor.testing.tls.TestCertificates;
import dev.weft.reactor.testing.net.Fault;
import org.junit.jupiter.api.Test;

/** The thrown connect faults, {@link Fault#throwFromListen} and {@link Fault#throwFromConnect}. */
class ThrowingListenConnectTest {
  private final ProtocolFactory serverFactory = ProtocolFactory.of(RecordingProtocol::new);
  private final ClientFactory clientFactory = ClientFactory.of(RecordingProtocol::new);

  @Test
  void listenThrowsTheChosenExceptionAndRecordsNothing() {
    CannotListenException inUse = new CannotListenException("address in use");
    MemoryReactor reactor = new MemoryReactor().inject(Fault.throwFromListen(inUse));
    assertThatThrownBy(() -> reactor.listenTCP(80, serverFactory)).isSameAs(inUse);
    assertThatThrownBy(() -> reactor.listenTCP(81, serverFactory)).isSameAs(inUse);
    assertThat(reactor.tcpServers()).isEmpty();
    reactor.connectTCP("h", 1, clientFactory);
    assertThat(reactor.tcpClients()).hasSize(1);
  }

  @Test
  void connectThrowsTheChosenException() {
    ConnectionRefusedException refused = new ConnectionRefusedException("no route");
    MemoryReactor reactor = new MemoryReactor().inject(Fault.throwFromConnect(refused));
    assertThatThrownBy(() -> reactor.connectTCP("h", 1, clientFactory)).isSameAs(refused);
    assertThat(reactor.tcpClients()).isEmpty();
    reactor.listenTCP(80, serverFactory);
    assertThat(reactor.listeningPorts()).hasSize(1);
  }

  @Test
  void clearFaultsRestoresNormalCalls() {
    MemoryReactor reactor = new MemoryReactor()
        .inject(Fault.throwFromListen(new CannotListenException("x")))
        .inject(Fault.throwFromConnect(new ConnectionRefusedException("y")))
        .clearFaults();
    reactor.listenTCP(80, serverFactory);
    reactor.connectTCP("h", 1, clientFactory);
    assertThat(reactor.tcpServers()).hasSize(1);
    assertThat(reactor.tcpClients()).hasSize(1);
  }

  @Test
  void tlsCallsThrowToo() {
    CannotListenException inUse = new CannotListenException("address in use");
    MemoryReactor reactor = new MemoryReactor().inject(Fault.throwFromListen(inUse));
    TlsConfig server = TestCertificates.create().serverConfig();
    assertThatThrownBy(() -> reactor.listenTLS(443, serverFactory, server)).isSameAs(inUse);
    assertThat(reactor.listenTlsCalls()).isEmpty();
  }

  @Test
  void argumentsAreStillCheckedFirst() {
    MemoryReactor reactor = new MemoryReactor()
        .inject(Fault.throwFromListen(new CannotListenException("x")))
        .inject(Fault.throwFromConnect(new ConnectionRefusedException("y")));
    assertThatThrownBy(() -> reactor.listenTCP(-1, serverFactory))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> reactor.connectTCP("h", 70000, clientFactory))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theInterfaceIsCheckedAsTheOtherReactorsCheckIt() {
    MemoryReactor reactor =
        new MemoryReactor().inject(Fault.throwFromListen(new CannotListenException("x")));

    assertThatThrownBy(() -> reactor.listenTCP(80, serverFactory, 50, "localhost"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("networkInterface must be an IP literal or ALL_INTERFACES (\"\"): localhost");
  }

  @Test
  void aNullFailureIsRejected() {
    MemoryReactor reactor = new MemoryReactor();
    assertThatThrownBy(() -> reactor.inject(Fault.throwFromListen(null)))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("failure");
  }
}
