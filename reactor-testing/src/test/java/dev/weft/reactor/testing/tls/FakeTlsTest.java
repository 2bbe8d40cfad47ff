package dev.weft.reactor.testing.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.reactor.ClientFactory;
import dev.weft.reactor.ConnectionClosedException;
import dev.weft.reactor.ProtocolFactory;
import dev.weft.reactor.testing.ClientAttempt;
import dev.weft.reactor.testing.ConnectTlsCall;
import dev.weft.reactor.testing.MemoryConnection;
import dev.weft.reactor.testing.MemoryListeningPort;
import dev.weft.reactor.testing.MemoryReactor;
import dev.weft.reactor.tls.TlsCertificateRejectedException;
import dev.weft.reactor.tls.TlsConfig;
import dev.weft.reactor.tls.TlsSession;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Recorded TLS attempts completed with a fake handshake step: no crypto, the real layer. */
class FakeTlsTest {
  private final MemoryReactor reactor = new MemoryReactor();
  private final FakeTls tls = FakeTls.create();

  @Test
  void aRecordedTlsConnectCarriesItsConfigAndCompletesWithAChosenSession() {
    TlsRecorder client = new TlsRecorder();
    client.onMade = p -> p.write("GET / HTTP/1.1\r\n\r\n");
    TlsConfig config = TlsConfig.client(tls.context()).applicationProtocols("h2", "http/1.1").build();
    reactor.connectTLS("example.com", 443, ClientFactory.of(() -> client), config);

    ConnectTlsCall call = reactor.connectTlsCalls().get(0);
    assertThat(call.host()).isEqualTo("example.com");
    assertThat(call.config()).isSameAs(config);
    ClientAttempt attempt = reactor.lastClientAttempt();
    MemoryConnection connection = attempt.connect();
    assertThat(connection.written()).as("kept until the handshake completes").isEmpty();

    FakeHandshake handshake = tls.lastHandshake();
    assertThat(handshake.isClient()).isTrue();
    assertThat(handshake.verifiesHostName()).isTrue();
    assertThat(handshake.serverName()).isEqualTo("example.com");
    assertThat(handshake.applicationProtocols()).containsExactly("h2", "http/1.1");
    TestCertificates certificates = TestCertificates.create("example.com");
    handshake.complete(connection, TlsSession.builder()
        .peerCertificates(List.of(certificates.serverCertificate()))
        .applicationProtocol("http/1.1").build());

    assertThat(client.session.applicationProtocol()).isEqualTo("http/1.1");
    assertThat(client.session.peerPrincipal()).hasToString("CN=example.com");
    assertThat(connection.takeWrittenText()).isEqualTo("GET / HTTP/1.1\r\n\r\n");
    connection.receive("HTTP/1.1 200 OK\r\n");
    assertThat(client.text()).isEqualTo("HTTP/1.1 200 OK\r\n");
  }

  @Test
  void aFakeHandshakeCanRejectThePeersCertificate() {
    TlsRecorder client = new TlsRecorder();
    reactor.connectTLS("example.com", 443, ClientFactory.of(() -> client), tls.clientConfig());
    MemoryConnection connection = reactor.lastClientAttempt().connect();

    tls.lastHandshake().rejectCertificate(connection);
    reactor.iterate();

    assertThat(client.lostReason).isInstanceOf(TlsCertificateRejectedException.class);
    assertThat(connection.isOpen()).isFalse();
    assertThatThrownBy(() -> tls.lastHandshake().complete(connection, TlsSession.builder().build()))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("decided once");
  }

  @Test
  void aCloseNotifyFromThePeerIsACleanClose() {
    TlsRecorder client = new TlsRecorder();
    reactor.connectTLS("example.com", 443, ClientFactory.of(() -> client), tls.clientConfig());
    MemoryConnection connection = reactor.lastClientAttempt().connect();
    tls.lastHandshake().complete(connection, TlsSession.builder().build());

    tls.lastHandshake().closeNotify(connection);
    reactor.iterate();

    assertThat(client.lostReason).isExactlyInstanceOf(ConnectionClosedException.class);
  }

  @Test
  void aServerSideHandshakeIsFakedTheSameWay() {
    TlsRecorder server = new TlsRecorder();
    server.onHandshake = p -> p.write("welcome, " + p.session.peerPrincipal());
    reactor.listenTLS(443, ProtocolFactory.of(() -> server), tls.serverConfig());
    assertThat(reactor.listenTlsCalls()).singleElement()
        .satisfies(call -> assertThat(call.config().role()).hasToString("SERVER"));
    MemoryListeningPort port = reactor.listenTlsCalls().get(0).listeningPort();
    MemoryConnection accepted = port.accept(new InetSocketAddress("10.0.0.7", 50000));

    TestCertificates certificates = TestCertificates.builder().clientName("alice").build();
    tls.lastHandshake().complete(accepted, TlsSession.builder()
        .peerCertificates(List.of(certificates.clientCertificate())).build());

    assertThat(accepted.takeWrittenText()).isEqualTo("welcome, CN=alice");
    assertThat(tls.lastHandshake().isClient()).isFalse();
  }
}
