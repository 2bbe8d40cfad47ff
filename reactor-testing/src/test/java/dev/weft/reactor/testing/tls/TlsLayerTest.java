package dev.weft.reactor.testing.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.reactor.ConnectionAbortedException;
import dev.weft.reactor.ConnectionClosedException;
import dev.weft.reactor.ConnectionLostException;
import dev.weft.reactor.Deferred;
import dev.weft.reactor.Protocol;
import dev.weft.reactor.testing.net.Chunking;
import dev.weft.reactor.testing.MemoryReactor;
import dev.weft.reactor.testing.Pump;
import dev.weft.reactor.tls.ClientAuth;
import dev.weft.reactor.tls.TlsCertificateRejectedException;
import dev.weft.reactor.tls.TlsConfig;
import dev.weft.reactor.tls.TlsException;
import dev.weft.reactor.tls.TlsHandshakeException;
import dev.weft.reactor.tls.TlsHandshakeTimeoutException;
import dev.weft.reactor.tls.TlsLayer;
import dev.weft.reactor.tls.TlsSession;
import dev.weft.reactor.tls.TlsTruncatedException;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The TLS layer between two real engines over an in-memory pump. */
class TlsLayerTest {
  static final TestCertificates CERTIFICATES = TestCertificates.create();
  private static final TestCertificates STRANGER = TestCertificates.create();

  private final MemoryReactor reactor = new MemoryReactor();

  private Pump connect(
      TlsRecorder server, TlsConfig serverConfig, TlsRecorder client, TlsConfig clientConfig,
      Chunking policy) {
    return Pump.builder().chunking(policy).connect(
        TlsLayer.wrap(server, serverConfig, reactor, null, -1),
        TlsLayer.wrap(client, clientConfig, reactor, "localhost", 10000));
  }

  private Pump connect(TlsRecorder server, TlsRecorder client) {
    return connect(server, CERTIFICATES.serverConfig(), client, CERTIFICATES.clientConfig(),
        Chunking.coalesced());
  }

  static Stream<Chunking> chunkings() {
    return Stream.of(Chunking.coalesced(), Chunking.oneByte(),
        Chunking.random(1), Chunking.random(42));
  }

  @ParameterizedTest
  @MethodSource("chunkings")
  void handshakeCompletesAndBytesFlowInAnyChunking(Chunking policy) {
    TlsRecorder server = new TlsRecorder();
    server.onData = p -> {
      if (p.text().equals("ping")) {
        p.write("pong");
      }
    };
    TlsRecorder client = new TlsRecorder();
    client.onMade = p -> p.write("ping");

    Pump pump = connect(server, CERTIFICATES.serverConfig(), client, CERTIFICATES.clientConfig(), policy);
    pump.flush();

    assertThat(server.text()).isEqualTo("ping");
    assertThat(client.text()).isEqualTo("pong");
    assertThat(client.events).containsExactly("made", "handshake", "data");
    TlsSession session = client.tls().session();
    assertThat(session).isNotNull().isEqualTo(client.session);
    assertThat(session.protocol()).isEqualTo("TLSv1.3");
    assertThat(session.peerCertificates().get(0)).isEqualTo(CERTIFICATES.serverCertificate());
    assertThat(session.serverName()).isEqualTo("localhost");
    assertThat(server.session.serverName()).as("the server saw the SNI").isEqualTo("localhost");
    assertThat(server.session.peerCertificates()).isEmpty();
    assertThat(reactor.pendingCalls()).as("the handshake timer is cancelled").isEmpty();
  }

  @Test
  void theBytesOnTheWireAreNotThePlaintext() {
    TlsRecorder server = new TlsRecorder();
    TlsRecorder client = new TlsRecorder();
    client.onHandshake = p -> p.write("a secret nobody may read");

    Pump pump = connect(server, client);
    pump.flush();

    assertThat(server.text()).isEqualTo("a secret nobody may read");
    String wire = new String(pump.client().transport().written(), StandardCharsets.ISO_8859_1);
    assertThat(wire).doesNotContain("secret");
  }

  @Test
  void writesMadeBeforeTheHandshakeAreSentAfterIt() {
    TlsRecorder server = new TlsRecorder();
    TlsRecorder client = new TlsRecorder();
    client.onMade = p -> {
      p.write("early ");
      p.write("bird");
      assertThat(p.tls().pendingBytes()).isEqualTo(10);
      assertThat(p.tls().session()).isNull();
    };

    connect(server, client).flush();

    assertThat(server.text()).isEqualTo("early bird");
  }

  @Test
  void anUntrustedServerCertificateIsRejectedByTheClient() {
    TlsRecorder server = new TlsRecorder();
    TlsRecorder client = new TlsRecorder();

    connect(server, STRANGER.serverConfig(), client, CERTIFICATES.clientConfig(),
        Chunking.coalesced()).flush();

    assertThat(client.lostReason).isInstanceOf(TlsCertificateRejectedException.class)
        .hasMessageContaining("certification path");
    assertThat(client.lostReason.getCause()).isInstanceOf(javax.net.ssl.SSLException.class);
    assertThat(server.lostReason).isInstanceOf(TlsHandshakeException.class)
        .isNotInstanceOf(TlsCertificateRejectedException.class);
    assertThat(client.events).containsExactly("made", "lost:TlsCertificateRejectedException");
    assertThat(reactor.pendingCalls()).isEmpty();
  }

  @Test
  void aCertificateForAnotherHostIsRejected() {
    TestCertificates other = TestCertificates.create("other.example");
    TlsRecorder server = new TlsRecorder();
    TlsRecorder client = new TlsRecorder();
    TlsConfig trustingOther = TlsConfig.client(other.clientContext()).build();

    connect(server, other.serverConfig(), client, trustingOther, Chunking.coalesced()).flush();

    assertThat(client.lostReason).isInstanceOf(TlsCertificateRejectedException.class)
        .hasMessageContaining("localhost");
  }

  @Test
  void hostNameVerificationCanBeTurnedOff() {
    TestCertificates other = TestCertificates.create("other.example");
    TlsRecorder server = new TlsRecorder();
    TlsRecorder client = new TlsRecorder();
    TlsConfig lenient = TlsConfig.client(other.clientContext()).hostnameVerification(false).build();

    connect(server, other.serverConfig(), client, lenient, Chunking.coalesced()).flush();

    assertThat(client.session).isNotNull();
  }

  @Test
  void aServerThatNeedsAClientCertificateRefusesAClientWithout() {
    TlsRecorder server = new TlsRecorder();
    TlsRecorder client = new TlsRecorder();
    TlsConfig needing = TlsConfig.server(CERTIFICATES.serverContext()).clientAuth(ClientAuth.NEED).build();
    TlsConfig without = TlsConfig.client(CERTIFICATES.clientContextWithoutCertificate()).build();

    connect(server, needing, client, without, Chunking.coalesced()).flush();

    assertThat(server.lostReason).isInstanceOf(TlsHandshakeException.class);
    assertThat(server.session).isNull();
    // Under TLS 1.3 the client's handshake is done before the server checks its certificate:
    // the server's alert ends the connection afterwards.
    assertThat(client.lostReason).isInstanceOf(TlsException.class);
    assertThat(server.text()).isEmpty();
  }

  @Test
  void aServerThatNeedsAClientCertificateSeesWhoTheClientIs() {
    TlsRecorder server = new TlsRecorder();
    TlsRecorder client = new TlsRecorder();
    TlsConfig needing = TlsConfig.server(CERTIFICATES.serverContext()).clientAuth(ClientAuth.NEED).build();

    connect(server, needing, client, CERTIFICATES.clientConfig(), Chunking.coalesced()).flush();

    assertThat(server.session.peerPrincipal()).hasToString("CN=client");
    assertThat((X509Certificate) server.session.peerCertificates().get(0))
        .isEqualTo(CERTIFICATES.clientCertificate());
  }

  @Test
  void alpnAgreesOnTheServersFirstChoiceTheClientOffers() {
    TlsRecorder server = new TlsRecorder();
    TlsRecorder client = new TlsRecorder();
    TlsConfig serverConfig = TlsConfig.server(CERTIFICATES.serverContext())
        .applicationProtocols("http/1.1", "h2").build();
    TlsConfig clientConfig = TlsConfig.client(CERTIFICATES.clientContext())
        .applicationProtocols("h2", "http/1.1").build();

    connect(server, serverConfig, client, clientConfig, Chunking.coalesced()).flush();

    assertThat(client.session.applicationProtocol()).isEqualTo("http/1.1");
    assertThat(server.session.applicationProtocol()).isEqualTo("http/1.1");
  }

  @Test
  void alpnWithNoProtocolInCommonFailsTheHandshake() {
    TlsRecorder server = new TlsRecorder();
    TlsRecorder client = new TlsRecorder();
    TlsConfig serverConfig = TlsConfig.server(CERTIFICATES.serverContext()).applicationProtocols("h2").build();
    TlsConfig clientConfig = TlsConfig.client(CERTIFICATES.clientContext()).applicationProtocols("smtp").build();

    connect(server, serverConfig, client, clientConfig, Chunking.coalesced()).flush();

    assertThat(server.lostReason).isInstanceOf(TlsHandshakeException.class);
    assertThat(client.lostReason).isInstanceOf(TlsHandshakeException.class);
  }

  @Test
  void aCleanCloseSendsCloseNotifySoThePeerSeesACleanClose() {
    TlsRecorder server = new TlsRecorder();
    TlsRecorder client = new TlsRecorder();
    client.onHandshake = p -> {
      p.write("last words");
      p.tls().loseConnection();
    };

    connect(server, client).flush();

    assertThat(server.text()).isEqualTo("last words");
    assertThat(server.lostReason).isExactlyInstanceOf(ConnectionClosedException.class);
    assertThat(client.lostReason).isExactlyInstanceOf(ConnectionClosedException.class);
  }

  @Test
  void closingTheConnectionUnderneathWithoutCloseNotifyIsATruncation() {
    TlsRecorder server = new TlsRecorder();
    TlsRecorder client = new TlsRecorder();
    client.onHandshake = p -> {
      p.write("half a mess");
      p.tls().underlying().loseConnection();
    };

    connect(server, client).flush();

    assertThat(server.text()).isEqualTo("half a mess");
    assertThat(server.lostReason).isInstanceOf(TlsTruncatedException.class)
        .isInstanceOf(ConnectionLostException.class);
  }

  @Test
  void closingBeforeTheHandshakeCompletesWaitsForItAndSendsWhatWasWritten() {
    TlsRecorder server = new TlsRecorder();
    TlsRecorder client = new TlsRecorder();
    client.onMade = p -> {
      p.write("quick note");
      p.tls().loseConnection();
    };

    connect(server, client).flush();

    assertThat(server.text()).isEqualTo("quick note");
    assertThat(server.lostReason).isExactlyInstanceOf(ConnectionClosedException.class);
  }

  @Test
  void abortingSendsNoCloseNotifyAndThePeerSeesTheConnectionLost() {
    TlsRecorder server = new TlsRecorder();
    TlsRecorder client = new TlsRecorder();
    client.onHandshake = p -> p.tls().abortConnection();

    connect(server, client).flush();

    assertThat(client.lostReason).isInstanceOf(ConnectionAbortedException.class);
    assertThat(server.lostReason).isInstanceOf(ConnectionLostException.class)
        .isNotInstanceOf(TlsTruncatedException.class);
  }

  @Test
  void aHalfCloseUnderTls13LetsThePeerAnswerAfterwards() {
    TlsRecorder.HalfCloseable server = new TlsRecorder.HalfCloseable();
    server.onReadLost = p -> {
      p.write("answer to " + p.text());
      p.tls().loseConnection();
    };
    TlsRecorder.HalfCloseable client = new TlsRecorder.HalfCloseable();
    client.onHandshake = p -> {
      p.write("question");
      p.tls().loseWriteConnection();
    };

    connect(server, client).flush();

    assertThat(client.text()).isEqualTo("answer to question");
    assertThat(client.events).containsSubsequence("handshake", "data", "readLost");
    assertThat(server.events).containsSubsequence("data", "readLost");
    assertThat(client.lostReason).isExactlyInstanceOf(ConnectionClosedException.class);
    assertThat(server.lostReason).isExactlyInstanceOf(ConnectionClosedException.class);
  }

  @Test
  void theHandshakeTimesOutOnReactorTime() {
    TlsRecorder client = new TlsRecorder();
    TlsConfig config = CERTIFICATES.clientConfig().toBuilder().handshakeTimeout(Duration.ofSeconds(5)).build();
    Protocol silent = new dev.weft.reactor.BaseProtocol() {
      @Override
      public void dataReceived(java.nio.ByteBuffer data) {}
    };
    Pump pump = Pump.connect(silent, TlsLayer.wrap(client, config, reactor, "localhost", 443));
    Deferred<TlsSession> handshake = client.tls().handshake();
    pump.flush();

    reactor.clock().advance(Duration.ofMillis(4999));
    assertThat(client.isLost()).isFalse();
    reactor.clock().advance(Duration.ofMillis(1));
    pump.flush();

    assertThat(client.lostReason).isInstanceOf(TlsHandshakeTimeoutException.class);
    assertThat(((TlsHandshakeTimeoutException) client.lostReason).timeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(handshake).isCompletedExceptionally();
  }

  @Test
  void theHandshakeDeferredCompletesWithTheSession() {
    TlsRecorder server = new TlsRecorder();
    TlsRecorder client = new TlsRecorder();
    Deferred<TlsSession>[] handshake = new Deferred[1];
    client.onMade = p -> handshake[0] = p.tls().handshake();

    connect(server, client).flush();

    assertThat(handshake[0]).isCompletedWithValue(client.session);
    assertThat(client.tls().handshake()).isSameAs(handshake[0]);
  }

  @Test
  void aTls12PeerThatRenegotiatesIsRefused() throws Exception {
    TlsRecorder client = new TlsRecorder();
    javax.net.ssl.SSLEngine engine = CERTIFICATES.serverContext().createSSLEngine();
    engine.setUseClientMode(false);
    engine.setEnabledProtocols(new String[] {"TLSv1.2"});
    RawEngineProtocol server = new RawEngineProtocol(engine);
    Pump pump = Pump.connect(server, TlsLayer.wrap(client, CERTIFICATES.clientConfig(), reactor, "localhost", 443));
    pump.flush();
    assertThat(client.session.protocol()).isEqualTo("TLSv1.2");

    server.renegotiate();
    pump.flush();

    assertThat(client.lostReason).isInstanceOf(TlsException.class).hasMessageContaining("renegotiation");
  }

  @Test
  void aTls12ClientThatRenegotiatesIsRefusedByTheServer() throws Exception {
    TlsRecorder server = new TlsRecorder();
    javax.net.ssl.SSLEngine engine = CERTIFICATES.clientContext().createSSLEngine("localhost", 443);
    engine.setUseClientMode(true);
    engine.setEnabledProtocols(new String[] {"TLSv1.2"});
    RawEngineProtocol client = new RawEngineProtocol(engine);
    Pump pump = Pump.connect(TlsLayer.wrap(server, CERTIFICATES.serverConfig(), reactor, null, -1), client);
    pump.flush();
    assertThat(server.session.protocol()).isEqualTo("TLSv1.2");

    client.renegotiate();
    pump.flush();

    assertThat(server.lostReason).isInstanceOf(TlsException.class).hasMessageContaining("renegotiation");
  }

  @Test
  void aTls13KeyUpdateIsNotARenegotiation() throws Exception {
    TlsRecorder client = new TlsRecorder();
    javax.net.ssl.SSLEngine engine = CERTIFICATES.serverContext().createSSLEngine();
    engine.setUseClientMode(false);
    RawEngineProtocol server = new RawEngineProtocol(engine);
    Pump pump = Pump.connect(server, TlsLayer.wrap(client, CERTIFICATES.clientConfig(), reactor, "localhost", 443));
    pump.flush();

    server.renegotiate();
    server.send("after the key update".getBytes(StandardCharsets.UTF_8));
    pump.flush();
    client.write("still here");
    pump.flush();

    assertThat(client.isLost()).isFalse();
    assertThat(client.text()).isEqualTo("after the key update");
    assertThat(server.plaintext.toString(StandardCharsets.UTF_8)).isEqualTo("still here");
  }

  @Test
  void aPausedReaderGetsWhatArrivedOnALaterTurnAfterItResumes() {
    TlsRecorder server = new TlsRecorder();
    TlsRecorder client = new TlsRecorder();
    server.onHandshake = p -> p.tls().pauseProducing();
    Pump pump = connect(server, client);
    pump.flush();

    client.write("held back");
    pump.flush();
    assertThat(server.text()).isEmpty();

    assertThat(pump.server().transport().isReadingPaused())
        .as("the transport underneath stopped reading").isTrue();

    server.tls().resumeProducing();
    assertThat(server.text()).as("never inside resumeProducing").isEmpty();
    pump.flush();
    reactor.iterate();
    assertThat(server.text()).isEqualTo("held back");
  }

  @Test
  void startTlsUpgradesAPlaintextConnection() {
    TlsRecorder server = new TlsRecorder();
    server.onData = p -> {
      if (p.text().equals("STARTTLS\r\n")) {
        p.write("GO\r\n");
        p.tls().startTLS(CERTIFICATES.serverConfig());
      }
    };
    TlsRecorder client = new TlsRecorder();
    client.onMade = p -> p.write("STARTTLS\r\n");
    client.onData = p -> {
      if (p.text().equals("GO\r\n")) {
        p.tls().startTLS(CERTIFICATES.clientConfig().toBuilder().serverName("localhost").build())
            .thenAccept(session -> p.write("secret"));
      }
    };

    Pump pump = Pump.connect(TlsLayer.startTls(server, reactor), TlsLayer.startTls(client, reactor));
    pump.flush();

    assertThat(server.text()).isEqualTo("STARTTLS\r\nsecret");
    assertThat(server.session).isNotNull();
    assertThat(client.session).isNotNull();
    assertThat(client.tls().isTlsStarted()).isTrue();
    String wire = new String(pump.client().transport().written(), StandardCharsets.ISO_8859_1);
    assertThat(wire).startsWith("STARTTLS\r\n").doesNotContain("secret");
  }

  @Test
  void startTlsTwiceOrOnATlsTransportIsRefused() {
    TlsRecorder server = new TlsRecorder();
    TlsRecorder client = new TlsRecorder();
    connect(server, client).flush();

    assertThatThrownBy(() -> client.tls().startTLS(CERTIFICATES.clientConfig()))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("TLS from the start");
  }

  @Test
  void aStartTlsClientThatVerifiesNeedsAServerName() {
    TlsRecorder client = new TlsRecorder();
    TlsRecorder server = new TlsRecorder();
    Pump.connect(TlsLayer.startTls(server, reactor), TlsLayer.startTls(client, reactor));

    assertThatThrownBy(() -> client.tls().startTLS(CERTIFICATES.clientConfig()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("serverName");
  }

  @Test
  void aQuarterMegabyteArrivesIntactThroughRandomSplits() {
    byte[] payload = new byte[1 << 18];
    new java.util.Random(7).nextBytes(payload);
    TlsRecorder server = new TlsRecorder();
    TlsRecorder client = new TlsRecorder();
    client.onHandshake = p -> p.tls().write(payload);

    Pump pump = connect(server, CERTIFICATES.serverConfig(), client, CERTIFICATES.clientConfig(),
        Chunking.random(3));
    pump.flush();

    assertThat(server.received.toByteArray()).isEqualTo(payload);
  }

  @Test
  void roleMismatchesAreRefusedWithTheFix() {
    assertThatThrownBy(() -> TlsLayer.server(peer -> null, CERTIFICATES.clientConfig(), reactor))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("TlsConfig.server(...)");
    assertThatThrownBy(() -> TlsConfig.client(CERTIFICATES.clientContext()).clientAuth(ClientAuth.NEED))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("TlsConfig.server(...)");
    assertThatThrownBy(() -> TlsConfig.server(CERTIFICATES.serverContext()).protocols("TLSv9"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("TLSv9");
  }
}
