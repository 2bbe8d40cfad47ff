package dev.weft.samples.tls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.reactor.BaseProtocol;
import dev.weft.reactor.ClientFactory;
import dev.weft.reactor.ConnectionEndedException;
import dev.weft.reactor.testing.net.Chunking;
import dev.weft.reactor.testing.net.Host;
import dev.weft.reactor.testing.net.Network;
import dev.weft.reactor.testing.MemoryConnection;
import dev.weft.reactor.testing.MemoryListeningPort;
import dev.weft.reactor.testing.MemoryReactor;
import dev.weft.reactor.testing.Pump;
import dev.weft.reactor.testing.junit.InjectReactor;
import dev.weft.reactor.testing.junit.WithFakeReactor;
import dev.weft.reactor.testing.tls.FakeTls;
import dev.weft.reactor.testing.tls.TestCertificates;
import dev.weft.reactor.testing.tls.TlsFault;
import dev.weft.reactor.testing.tls.TlsFlight;
import dev.weft.reactor.tls.TlsCertificateRejectedException;
import dev.weft.reactor.tls.TlsHandshakeException;
import dev.weft.reactor.tls.TlsHandshakeListener;
import dev.weft.reactor.tls.TlsSession;
import dev.weft.reactor.tls.TlsTruncatedException;
import dev.weft.samples.echo.Echo;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** The TLS examples of the testing guide: a real handshake in memory, a rejected certificate, a fake handshake. */
@WithFakeReactor
class TlsExamplesTest {
  @InjectReactor private MemoryReactor reactor;

  /** Says hello once TCP connects, keeps what comes back, and closes once it is all back. */
  static final class Greeter extends BaseProtocol implements TlsHandshakeListener {
    final StringBuilder received = new StringBuilder();
    @Nullable TlsSession session;
    @Nullable ConnectionEndedException ended;

    @Override
    public void connectionMade() {
      transport().write("hello".getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void handshakeCompleted(TlsSession session) {
      this.session = session;
    }

    @Override
    public void dataReceived(ByteBuffer data) {
      received.append(StandardCharsets.UTF_8.decode(data));
      if (received.toString().equals("hello")) {
        transport().loseConnection();
      }
    }

    @Override
    public void connectionLost(ConnectionEndedException reason) {
      ended = reason;
    }
  }

  @Test
  void theEchoServerAnswersOverARealHandshakeInMemory() {
    TestCertificates certificates = TestCertificates.create("localhost");
    MemoryListeningPort port =
        (MemoryListeningPort) reactor.listenTLS(443, Echo.factory(), certificates.serverConfig());
    Greeter client = new Greeter();
    reactor.connectTLS("localhost", 443, ClientFactory.of(() -> client), certificates.clientConfig());

    Pump pump = reactor.lastClientAttempt()
        .connectTo(port, Pump.builder().chunking(Chunking.oneByte()));
    pump.flush();

    assertThat(client.received).hasToString("hello");
    assertThat(client.session.protocol()).isEqualTo("TLSv1.3");
    assertThat(client.session.peerPrincipal()).hasToString("CN=localhost");
    port.stopListening();
  }

  @Test
  void aServerWhoseCertificateNobodyTrustsIsRejected() {
    TestCertificates trusted = TestCertificates.create("localhost");
    TestCertificates stranger = TestCertificates.create("localhost");
    MemoryListeningPort port =
        (MemoryListeningPort) reactor.listenTLS(443, Echo.factory(), stranger.serverConfig());
    Greeter client = new Greeter();
    reactor.connectTLS("localhost", 443, ClientFactory.of(() -> client), trusted.clientConfig());

    reactor.lastClientAttempt().connectTo(port).flush();

    assertThat(client.ended).isInstanceOf(TlsCertificateRejectedException.class)
        .hasMessageContaining("certification path");
    assertThat(client.received).isEmpty();
    port.stopListening();
  }

  @Test
  void aFakeHandshakeLetsTheTestPlayTheServerInPlaintext() {
    FakeTls tls = FakeTls.create();
    Greeter client = new Greeter();
    reactor.connectTLS("example.com", 443, ClientFactory.of(() -> client), tls.clientConfig());
    MemoryConnection connection = reactor.lastClientAttempt().connect();
    assertThat(connection.written()).as("nothing is sent before the handshake").isEmpty();

    TestCertificates certificates = TestCertificates.create("example.com");
    tls.lastHandshake().complete(connection, TlsSession.builder()
        .peerCertificates(List.of(certificates.serverCertificate()))
        .applicationProtocol("echo/1").build());

    assertThat(tls.lastHandshake().verifiesHostName()).isTrue();
    assertThat(tls.lastHandshake().serverName()).isEqualTo("example.com");
    assertThat(connection.takeWrittenText()).isEqualTo("hello");
    connection.receive("hello");
    assertThat(client.session.applicationProtocol()).isEqualTo("echo/1");
    reactor.iterate();
    assertThat(connection.isOpen()).isFalse();
  }

  @Test
  void anEchoCutShortWithoutCloseNotifyIsATruncation() {
    TestCertificates certificates = TestCertificates.create("localhost");
    MemoryListeningPort port =
        (MemoryListeningPort) reactor.listenTLS(443, Echo.factory(), certificates.serverConfig());
    Greeter client = new Greeter();
    reactor.connectTLS("localhost", 443, ClientFactory.of(() -> client), certificates.clientConfig());

    TlsFault.truncateAfterRecords(0).connectTo(reactor.lastClientAttempt(), port).flush();

    assertThat(client.session).as("the handshake went through").isNotNull();
    assertThat(client.received).isEmpty();
    assertThat(client.ended).isInstanceOf(TlsTruncatedException.class);
    port.stopListening();
  }

  @Test
  void aServerFlightThatNeverArrivesFailsTheHandshake() {
    TestCertificates certificates = TestCertificates.create("localhost");
    MemoryListeningPort port =
        (MemoryListeningPort) reactor.listenTLS(443, Echo.factory(), certificates.serverConfig());
    Greeter client = new Greeter();
    reactor.connectTLS("localhost", 443, ClientFactory.of(() -> client), certificates.clientConfig());

    TlsFault.failHandshakeAt(TlsFlight.SERVER_HELLO).connectTo(reactor.lastClientAttempt(), port)
        .flush();

    assertThat(client.session).isNull();
    assertThat(client.ended).isInstanceOf(TlsHandshakeException.class);
    port.stopListening();
  }

  @Test
  void theEchoServerAnswersOverARealHandshakeAcrossASimulatedNetwork() {
    TestCertificates certificates = TestCertificates.create("web");
    Network network = Network.builder().seed(7).chunking(Chunking.random(7))
        .latency(Duration.ofMillis(10)).build();
    Host web = network.host("web");
    Host app = network.host("app");
    web.reactor().listenTLS(443, Echo.factory(), certificates.serverConfig());
    Greeter client = new Greeter();
    app.reactor().connectTLS("web", 443, ClientFactory.of(() -> client),
        certificates.clientConfig());

    network.advance(Duration.ofMillis(39));
    assertThat(client.session).as("the server's flight is still on the link").isNull();
    network.advance(Duration.ofMillis(21));
    assertThat(client.received).as("connect, handshake, echo: three round trips")
        .hasToString("hello");
    network.runUntilIdle();

    assertThat(client.session.peerPrincipal()).hasToString("CN=web");
    assertThat(client.ended).isNotNull();
  }
}
