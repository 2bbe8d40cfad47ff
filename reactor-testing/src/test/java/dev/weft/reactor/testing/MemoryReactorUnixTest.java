package dev.weft.reactor.testing;

import static dev.weft.reactor.testing.assertj.ReactorAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.reactor.CannotListenException;
import dev.weft.reactor.ClientFactory;
import dev.weft.reactor.ConnectTimeoutException;
import dev.weft.reactor.ConnectionRefusedException;
import dev.weft.reactor.Connector;
import dev.weft.reactor.ListeningPort;
import dev.weft.reactor.ProtocolFactory;
import dev.weft.reactor.TcpTransport;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MemoryReactorUnixTest {
  private static final Path PATH = Path.of("/run/app/api.sock");
  private final MemoryReactor reactor = new MemoryReactor();
  private final List<String> factoryEvents = new ArrayList<>();
  private final ProtocolFactory serverFactory = ProtocolFactory.of(RecordingProtocol::new);
  private final ClientFactory clientFactory = new ClientFactory() {
    @Override
    public RecordingProtocol buildProtocol(java.net.SocketAddress peer) {
      factoryEvents.add("buildProtocol:" + peer);
      return new RecordingProtocol();
    }

    @Override
    public void startedConnecting(Connector connector) {
      factoryEvents.add("startedConnecting");
    }

    @Override
    public void clientConnectionFailed(
        Connector connector, dev.weft.reactor.ConnectFailedException reason) {
      factoryEvents.add("failed:" + reason.getClass().getSimpleName());
    }
  };

  @Test
  void listenUnixIsRecordedWithAllArgumentsAndListensOnThePath() {
    ListeningPort port = reactor.listenUNIX(PATH, serverFactory, 7);
    reactor.listenUNIX(Path.of("b.sock"), serverFactory);

    assertThat(reactor.listenUnixCalls()).containsExactly(
        new ListenUnixCall(PATH, serverFactory, 7),
        new ListenUnixCall(Path.of("b.sock"), serverFactory, 50));
    assertThat(port.address()).isEqualTo(UnixDomainSocketAddress.of(PATH));
    assertThat(((MemoryListeningPort) port).isUnix()).isTrue();
    assertThatThrownBy(port::host)
        .isInstanceOf(UnsupportedOperationException.class)
        .hasMessageContaining("call address()");
    assertThatThrownBy(((MemoryListeningPort) port)::call)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("call unixCall()");
    assertThat(reactor).hasUnixListenerOn(PATH).hasNoListeners().hasNoUnixClientAttempts();
  }

  @Test
  void aPathIsInUseWhileAPortListensThereAndFreeOnceItStopped() {
    ListeningPort port = reactor.listenUNIX(PATH, serverFactory);

    assertThatThrownBy(() -> reactor.listenUNIX(PATH, serverFactory))
        .isInstanceOf(CannotListenException.class)
        .hasMessageContaining("the path is in use");
    port.stopListening();
    reactor.listenUNIX(PATH, serverFactory);
    assertThat(reactor.unixServers()).hasSize(2);
    assertThat(reactor.unixListeningPorts()).hasSize(1);
  }

  @Test
  void argumentsAreCheckedAsOnTheProductionReactor() {
    assertThatThrownBy(() -> reactor.listenUNIX(Path.of(""), serverFactory))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("path must not be empty: \"\"");
    assertThatThrownBy(() -> reactor.connectUNIX(Path.of("/" + "x".repeat(200)), clientFactory))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("path must be at most 107 bytes");
    assertThatThrownBy(() -> reactor.connectUNIX(PATH, clientFactory, Duration.ofSeconds(-1)))
        .hasMessage("timeout must not be negative: PT-1S");
    assertThat(reactor.unixClients()).isEmpty();
  }

  @Test
  void connectUnixIsRecordedAndStartsConnectingOnTheNextTurn() {
    Connector connector = reactor.connectUNIX(PATH, clientFactory, Duration.ofSeconds(3));

    assertThat(reactor.connectUnixCalls())
        .containsExactly(new ConnectUnixCall(PATH, clientFactory, Duration.ofSeconds(3)));
    assertThat(reactor.connectTcpCalls()).isEmpty();
    assertThat(connector.destinationAddress()).isEqualTo(UnixDomainSocketAddress.of(PATH));
    assertThatThrownBy(connector::destination).isInstanceOf(UnsupportedOperationException.class);
    assertThat(factoryEvents).isEmpty();
    reactor.iterate();
    assertThat(factoryEvents).containsExactly("startedConnecting");
    assertThat(reactor).hasUnixClientAttemptTo(PATH, Duration.ofSeconds(3)).hasNoClientAttempts();
    assertThatThrownBy(() -> reactor.lastUnixClientAttempt().call())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("call unixCall()");
  }

  @Test
  void theTestCompletesAnAttemptAndPlaysTheServerAtThePath() {
    reactor.connectUNIX(PATH, clientFactory);
    ClientAttempt attempt = reactor.lastUnixClientAttempt();

    MemoryConnection connection = attempt.connect();
    connection.receive("hello");

    RecordingProtocol client = (RecordingProtocol) connection.protocol();
    assertThat(client.events).containsExactly("made", "data:hello");
    assertThat(connection.transport().peer()).isEqualTo(UnixDomainSocketAddress.of(PATH));
    assertThat(connection.transport().host()).isEqualTo(UnixDomainSocketAddress.of(""));
    assertThat(factoryEvents).containsExactly("startedConnecting", "buildProtocol:" + PATH);
    assertThat(reactor.pendingUnixClientAttempts()).isEmpty();
  }

  @Test
  void anAttemptIsRefusedOrTimesOutAsTheTestSays() {
    reactor.connectUNIX(PATH, clientFactory);
    reactor.lastUnixClientAttempt().refuse();
    reactor.connectUNIX(PATH, clientFactory, Duration.ofSeconds(2));
    reactor.clock().advance(Duration.ofSeconds(2));

    assertThat(reactor.unixClients())
        .extracting(ClientAttempt::outcome)
        .containsExactly(ClientAttempt.Outcome.REFUSED, ClientAttempt.Outcome.TIMED_OUT);
    assertThat(reactor.unixClients().get(0).failure())
        .isInstanceOf(ConnectionRefusedException.class)
        .hasMessageContaining(PATH.toString());
    assertThat(reactor.unixClients().get(1).failure()).isInstanceOf(ConnectTimeoutException.class);
  }

  @Test
  void anAttemptConnectsToAUnixPortInMemory() {
    MemoryListeningPort port = (MemoryListeningPort) reactor.listenUNIX(PATH, serverFactory);
    reactor.connectUNIX(PATH, clientFactory);

    Pump pump = reactor.lastUnixClientAttempt().connectTo(port);
    ((RecordingProtocol) pump.client().protocol()).write("ping");
    pump.flush();

    RecordingProtocol server = (RecordingProtocol) pump.server().protocol();
    assertThat(server.events).containsExactly("made", "data:ping");
    assertThat(pump.server().transport().host()).isEqualTo(UnixDomainSocketAddress.of(PATH));
    assertThat(pump.server().transport().peer()).isEqualTo(UnixDomainSocketAddress.of(""));
    assertThat(port.connections()).hasSize(1);
  }

  @Test
  void aTcpAttemptCannotConnectToAUnixPortNorTheOtherWayRound() {
    MemoryListeningPort unixPort = (MemoryListeningPort) reactor.listenUNIX(PATH, serverFactory);
    MemoryListeningPort tcpPort = (MemoryListeningPort) reactor.listenTCP(80, serverFactory);
    reactor.connectTCP("127.0.0.1", 80, clientFactory);
    reactor.connectUNIX(PATH, clientFactory);

    assertThatThrownBy(() -> reactor.lastClientAttempt().connectTo(unixPort))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("a TCP attempt connects only to a port made by listenTCP");
    assertThatThrownBy(() -> reactor.lastUnixClientAttempt().connectTo(tcpPort))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("a UNIX attempt connects only to a port made by listenUNIX");
  }

  @Test
  void acceptingOnAUnixPortGivesAnUnnamedPeerAndNoTcpOptions() {
    MemoryListeningPort port = (MemoryListeningPort) reactor.listenUNIX(PATH, serverFactory);

    MemoryConnection accepted = port.accept();

    assertThat(accepted).isNotNull();
    assertThat(accepted.transport().peer()).isEqualTo(UnixDomainSocketAddress.of(""));
    assertThatThrownBy(() -> ((TcpTransport) accepted.transport()).setTcpNoDelay(true))
        .isInstanceOf(UnsupportedOperationException.class)
        .hasMessageContaining("UNIX-domain connection");
  }

  @Test
  void stopStopsUnixPortsAndLeftoversNameThem() {
    reactor.listenUNIX(PATH, serverFactory);

    assertThat(Leftovers.of(reactor))
        .extracting(Leftover::description)
        .containsExactly("UNIX listening port on " + PATH);
    reactor.run();
    reactor.stop();
    assertThat(reactor).hasNoUnixListeners();
  }

  @Test
  void unixAssertionsFailNamingWhatWasRecorded() {
    reactor.connectUNIX(PATH, clientFactory);

    assertThatThrownBy(() -> assertThat(reactor).hasUnixClientAttemptTo(Path.of("/other.sock")))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("Expecting a connectUNIX to /other.sock")
        .hasMessageContaining(PATH.toString());
    assertThatThrownBy(() -> assertThat(reactor).hasUnixListenerOn(PATH))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("Expecting a UNIX port listening on " + PATH);
    assertThatThrownBy(() -> assertThat(reactor).hasNoUnixClientAttempts())
        .isInstanceOf(AssertionError.class);
    reactor.lastUnixClientAttempt().refuse();
  }
}
