package dev.weft.reactor.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.reactor.CannotListenException;
import dev.weft.reactor.ClientFactory;
import dev.weft.reactor.ConnectionRefusedException;
import dev.weft.reactor.ProtocolFactory;
import org.junit.jupiter.api.Test;

class RaisingMemoryReactorTest {
  private final ProtocolFactory serverFactory = ProtocolFactory.of(RecordingProtocol::new);
  private final ClientFactory clientFactory = ClientFactory.of(RecordingProtocol::new);

  @Test
  void listenThrowsTheChosenExceptionAndRecordsNothing() {
    CannotListenException inUse = new CannotListenException("address in use");
    RaisingMemoryReactor reactor = RaisingMemoryReactor.failingListen(inUse);
    assertThatThrownBy(() -> reactor.listenTCP(80, serverFactory)).isSameAs(inUse);
    assertThat(reactor.tcpServers()).isEmpty();
    reactor.connectTCP("h", 1, clientFactory);
    assertThat(reactor.tcpClients()).hasSize(1);
  }

  @Test
  void connectThrowsTheChosenException() {
    ConnectionRefusedException refused = new ConnectionRefusedException("no route");
    RaisingMemoryReactor reactor = RaisingMemoryReactor.failingConnect(refused);
    assertThatThrownBy(() -> reactor.connectTCP("h", 1, clientFactory)).isSameAs(refused);
    assertThat(reactor.tcpClients()).isEmpty();
    reactor.listenTCP(80, serverFactory);
    assertThat(reactor.listeningPorts()).hasSize(1);
  }

  @Test
  void argumentsAreStillCheckedFirst() {
    RaisingMemoryReactor reactor = new RaisingMemoryReactor(
        new CannotListenException("x"), new ConnectionRefusedException("y"));
    assertThatThrownBy(() -> reactor.listenTCP(-1, serverFactory))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> reactor.connectTCP("h", 70000, clientFactory))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theInterfaceIsCheckedAsTheOtherReactorsCheckIt() {
    RaisingMemoryReactor reactor = RaisingMemoryReactor.failingListen(new CannotListenException("x"));

    assertThatThrownBy(() -> reactor.listenTCP(80, serverFactory, 50, "localhost"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("networkInterface must be an IP literal or ALL_INTERFACES (\"\"): localhost");
  }
}
