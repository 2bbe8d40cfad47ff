package dev.weft.reactor.testing.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.reactor.ConnectionClosedException;
import dev.weft.reactor.ListeningPort;
import dev.weft.reactor.Protocol;
import dev.weft.reactor.Reactor;
import dev.weft.reactor.testing.tls.TestCertificates;
import dev.weft.reactor.tls.ClientAuth;
import dev.weft.reactor.tls.ReactorTLS;
import dev.weft.reactor.tls.TlsCertificateRejectedException;
import dev.weft.reactor.tls.TlsConfig;
import dev.weft.reactor.tls.TlsException;
import dev.weft.reactor.tls.TlsHandshakeException;
import dev.weft.reactor.tls.TlsHandshakeTimeoutException;
import dev.weft.reactor.tls.TlsLayer;
import dev.weft.reactor.tls.TlsSession;
import dev.weft.reactor.tls.TlsTruncatedException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The TLS scenarios every Weft reactor that implements {@link ReactorTLS} must pass: the same
 * {@link TlsLayer} bytes over real sockets and over the fakes' in-memory connections. Extend it
 * and implement {@link #createDriver()}; the driver's reactor must implement {@link ReactorTLS}.
 *
 * <p>The scenarios make their certificates with
 * {@link dev.weft.reactor.testing.tls.TestCertificates}, so BouncyCastle
 * ({@code org.bouncycastle:bcpkix-jdk18on}) must be on the test class path.
 *
 * <p>Twisted: {@code twisted.internet.test.test_tls}; Netty: {@code SocketSslEchoTest}.
 */
public abstract class TlsConformanceTest extends ReactorConformanceTest {
  /** Creates the scenarios; subclasses supply the driver. */
  protected TlsConformanceTest() {}

  private ReactorTLS tls() {
    Reactor reactor = driver().reactor();
    if (reactor instanceof ReactorTLS tls) {
      return tls;
    }
    throw new IllegalStateException(
        reactor + " does not implement ReactorTLS; the TLS scenarios need a reactor that does");
  }

  private ListeningPort listen(TlsConfig config, Supplier<? extends Protocol> protocols) {
    return driver().onReactor(
        () -> tls().listenTLS(0, peer -> protocols.get(), config, 50, driver().loopbackHost()));
  }

  private ScenarioClientFactory connect(ListeningPort port, TlsConfig config, Protocol protocol) {
    ScenarioClientFactory factory = new ScenarioClientFactory(() -> protocol);
    driver().onReactor(() -> tls().connectTLS(
        driver().loopbackHost(), port.host().getPort(), factory, config));
    return factory;
  }

  // ---------------------------------------------------------------- handshakes

  @Test
  void aHandshakeSucceedsAndBytesFlowBothWays() {
    List<TlsScenarioProtocol> servers = new CopyOnWriteArrayList<>();
    ListeningPort port = listen(Certificates.SERVER.serverConfig(),
        () -> add(servers, TlsScenarioProtocol.tlsEchoer()));
    TlsScenarioProtocol client = TlsScenarioProtocol.tlsRecorder();
    ScenarioClientFactory factory = connect(port, Certificates.SERVER.clientConfig(), client);

    driver().runUntil(client::isMade, "client connected");
    driver().onReactor(() -> client.link().write(bytes("hello over TLS")));
    driver().runUntil(() -> client.received().equals("hello over TLS"), "echo received");

    TlsSession session = client.session.get();
    assertThat(session).isNotNull();
    assertThat(session.protocol()).isEqualTo("TLSv1.3");
    assertThat(session.peerCertificates()).first().isEqualTo(Certificates.SERVER.serverCertificate());
    assertThat(client.events).containsSubsequence("made", "handshake", "data");
    assertThat(servers.get(0).events).containsSubsequence("made", "handshake", "data");
    assertThat(factory.events).containsExactly("startedConnecting", "buildProtocol");
  }

  @Test
  void anUntrustedServerCertificateEndsTheConnectionWithCertificateRejected() {
    List<TlsScenarioProtocol> servers = new CopyOnWriteArrayList<>();
    ListeningPort port = listen(Certificates.STRANGER.serverConfig(),
        () -> add(servers, TlsScenarioProtocol.tlsRecorder()));
    TlsScenarioProtocol client = TlsScenarioProtocol.tlsRecorder();
    ScenarioClientFactory factory = connect(port, Certificates.SERVER.clientConfig(), client);

    driver().runUntil(() -> client.isLost() && factory.lost.get() != null, "client lost");
    driver().runUntil(() -> !servers.isEmpty() && servers.get(0).isLost(), "server lost");

    assertThat(client.lost.get()).isInstanceOf(TlsCertificateRejectedException.class);
    assertThat(factory.lost.get()).as("the factory hears what the protocol heard")
        .isSameAs(client.lost.get());
    assertThat(client.events).doesNotContain("handshake");
    assertThat(servers.get(0).lost.get()).isInstanceOf(TlsHandshakeException.class)
        .isNotInstanceOf(TlsCertificateRejectedException.class);
  }

  @Test
  void aCertificateForAnotherHostEndsTheConnectionWithCertificateRejected() {
    ListeningPort port = listen(Certificates.OTHER_HOST.serverConfig(), TlsScenarioProtocol::tlsRecorder);
    TlsScenarioProtocol client = TlsScenarioProtocol.tlsRecorder();
    connect(port, Certificates.OTHER_HOST.clientConfig(), client);

    driver().runUntil(client::isLost, "client lost");

    assertThat(client.lost.get()).isInstanceOf(TlsCertificateRejectedException.class)
        .hasMessageContaining(driver().loopbackHost());
  }

  @Test
  void aServerThatRequiresAClientCertificateRefusesAClientWithout() {
    List<TlsScenarioProtocol> servers = new CopyOnWriteArrayList<>();
    TlsConfig requiring = TlsConfig.server(Certificates.SERVER.serverContext())
        .clientAuth(ClientAuth.NEED).build();
    ListeningPort port = listen(requiring, () -> add(servers, TlsScenarioProtocol.tlsRecorder()));
    TlsScenarioProtocol client = TlsScenarioProtocol.tlsRecorder();
    connect(port, TlsConfig.client(Certificates.SERVER.clientContextWithoutCertificate()).build(), client);

    driver().runUntil(() -> client.isLost() && !servers.isEmpty() && servers.get(0).isLost(), "both lost");

    assertThat(servers.get(0).lost.get()).isInstanceOf(TlsHandshakeException.class);
    assertThat(servers.get(0).events).doesNotContain("handshake");
    // Under TLS 1.3 the client finishes its side first; the server's alert ends it afterwards.
    assertThat(client.lost.get()).isInstanceOf(TlsException.class);
  }

  @Test
  void aServerThatRequiresAClientCertificateLearnsWhoTheClientIs() {
    List<TlsScenarioProtocol> servers = new CopyOnWriteArrayList<>();
    TlsConfig requiring = TlsConfig.server(Certificates.SERVER.serverContext())
        .clientAuth(ClientAuth.NEED).build();
    ListeningPort port = listen(requiring, () -> add(servers, TlsScenarioProtocol.tlsRecorder()));
    TlsScenarioProtocol client = TlsScenarioProtocol.tlsRecorder();
    connect(port, Certificates.SERVER.clientConfig(), client);

    driver().runUntil(() -> !servers.isEmpty() && servers.get(0).isHandshakeDone(), "server handshake");

    assertThat(servers.get(0).session.get().peerPrincipal()).hasToString("CN=client");
  }

  @Test
  void alpnNegotiatesTheProtocolBothSidesSpeak() {
    List<TlsScenarioProtocol> servers = new CopyOnWriteArrayList<>();
    ListeningPort port = listen(
        TlsConfig.server(Certificates.SERVER.serverContext()).applicationProtocols("h2", "http/1.1").build(),
        () -> add(servers, TlsScenarioProtocol.tlsRecorder()));
    TlsScenarioProtocol client = TlsScenarioProtocol.tlsRecorder();
    connect(port, TlsConfig.client(Certificates.SERVER.clientContext())
        .applicationProtocols("http/1.1").build(), client);

    driver().runUntil(client::isHandshakeDone, "client handshake");

    assertThat(client.session.get().applicationProtocol()).isEqualTo("http/1.1");
  }

  @Test
  void aServerThatNeverAnswersTheHandshakeTimesItOutOnReactorTime() {
    // A plain TCP server that accepts and says nothing: the client's ClientHello goes unanswered.
    List<TlsScenarioProtocol> silent = new CopyOnWriteArrayList<>();
    ListeningPort port = driver().onReactor(() -> driver().reactor().listenTCP(0,
        peer -> add(silent, TlsScenarioProtocol.tlsRecorder()), 50, driver().loopbackHost()));
    TlsScenarioProtocol client = TlsScenarioProtocol.tlsRecorder();
    Duration timeout = Duration.ofMillis(300);
    ScenarioClientFactory factory = connect(port,
        Certificates.SERVER.clientConfig().toBuilder().handshakeTimeout(timeout).build(), client);

    driver().runUntil(() -> client.isLost() && factory.lost.get() != null, "client lost");

    assertThat(client.lost.get()).isInstanceOf(TlsHandshakeTimeoutException.class)
        .satisfies(e -> assertThat(((TlsHandshakeTimeoutException) e).timeout()).isEqualTo(timeout));
    assertThat(factory.lost.get()).as("the factory hears what the protocol heard")
        .isSameAs(client.lost.get());
    assertThat(client.events).doesNotContain("handshake");
    driver().runUntil(() -> !silent.isEmpty() && silent.get(0).isLost(), "the silent server lost");
  }

  // ---------------------------------------------------------------- closing

  @Test
  void aCleanTlsCloseReachesThePeerAsAConnectionClosed() {
    List<TlsScenarioProtocol> servers = new CopyOnWriteArrayList<>();
    ListeningPort port = listen(Certificates.SERVER.serverConfig(),
        () -> add(servers, TlsScenarioProtocol.tlsRecorder()));
    TlsScenarioProtocol client = TlsScenarioProtocol.tlsRecorder();
    client.onHandshake(() -> {
      client.link().write(bytes("goodbye"));
      client.link().loseConnection();
    });
    connect(port, Certificates.SERVER.clientConfig(), client);

    driver().runUntil(() -> !servers.isEmpty() && servers.get(0).isLost() && client.isLost(), "both lost");

    assertThat(servers.get(0).received()).isEqualTo("goodbye");
    assertThat(servers.get(0).lost.get()).isExactlyInstanceOf(ConnectionClosedException.class);
    assertThat(client.lost.get()).isExactlyInstanceOf(ConnectionClosedException.class);
  }

  @Test
  void aTcpCloseWithoutCloseNotifyReachesThePeerAsATruncation() {
    List<TlsScenarioProtocol> servers = new CopyOnWriteArrayList<>();
    ListeningPort port = listen(Certificates.SERVER.serverConfig(),
        () -> add(servers, TlsScenarioProtocol.tlsRecorder()));
    TlsScenarioProtocol client = TlsScenarioProtocol.tlsRecorder();
    client.onHandshake(() -> {
      client.link().write(bytes("cut short"));
      client.tls().underlying().loseConnection();
    });
    connect(port, Certificates.SERVER.clientConfig(), client);

    driver().runUntil(() -> !servers.isEmpty() && servers.get(0).isLost(), "server lost");

    assertThat(servers.get(0).received()).isEqualTo("cut short");
    assertThat(servers.get(0).lost.get()).isInstanceOf(TlsTruncatedException.class);
  }

  // ---------------------------------------------------------------- STARTTLS

  @Test
  void startTlsUpgradesAPlaintextConnection() {
    List<TlsScenarioProtocol> servers = new CopyOnWriteArrayList<>();
    TlsConfig serverConfig = Certificates.SERVER.serverConfig();
    ListeningPort port = driver().onReactor(() -> driver().reactor().listenTCP(0,
        TlsLayer.startTlsServer(peer -> add(servers, new StartTlsServer(serverConfig)), driver().reactor()),
        50, driver().loopbackHost()));
    TlsScenarioProtocol client = TlsScenarioProtocol.tlsRecorder();
    ScenarioClientFactory factory = new ScenarioClientFactory(() -> client);
    driver().onReactor(() -> driver().reactor().connectTCP(driver().loopbackHost(),
        port.host().getPort(), TlsLayer.startTlsClient(factory, driver().reactor())));

    driver().runUntil(client::isMade, "client connected");
    driver().onReactor(() -> client.link().write(bytes("STARTTLS\n")));
    driver().runUntil(() -> client.received().equals("GO\n"), "server agreed");
    TlsConfig clientConfig = Certificates.SERVER.clientConfig().toBuilder()
        .serverName(driver().loopbackHost()).build();
    driver().onReactor(() -> client.tls().startTLS(clientConfig)
        .thenRun(() -> client.link().write(bytes("secret"))));
    driver().runUntil(() -> !servers.isEmpty() && servers.get(0).received().endsWith("secret"), "secret");

    assertThat(servers.get(0).received()).isEqualTo("STARTTLS\nsecret");
    assertThat(servers.get(0).isHandshakeDone()).isTrue();
    assertThat(client.isHandshakeDone()).isTrue();
  }

  /** Answers "STARTTLS" with "GO" and starts TLS; records the rest. */
  private static final class StartTlsServer extends TlsScenarioProtocol {
    private final TlsConfig config;

    StartTlsServer(TlsConfig config) {
      super(false);
      this.config = config;
    }

    @Override
    public void dataReceived(java.nio.ByteBuffer data) {
      super.dataReceived(data);
      if (!tls().isTlsStarted() && received().equals("STARTTLS\n")) {
        link().write(bytes("GO\n"));
        tls().startTLS(config);
      }
    }
  }

  // ---------------------------------------------------------------- volume

  @Test
  void sixtyFourMebibytesCrossTheLayerWithBackPressure() {
    long total = bulkBytes();
    List<PatternChecker> servers = new CopyOnWriteArrayList<>();
    ListeningPort port = listen(Certificates.SERVER.serverConfig(), () -> add(servers, new PatternChecker(driver().reactor())));
    PatternProducer client = new PatternProducer(total);
    connect(port, Certificates.SERVER.clientConfig(), client);

    driver().runUntil(() -> !servers.isEmpty(), "server connected");
    awaitPatternIntact(servers.get(0), client, total);
    assertThat(client.pauses()).as("the producer was paused by back-pressure").isPositive();
  }

  /** The scenario certificates, made once: making them costs a few milliseconds each. */
  private static final class Certificates {
    static final TestCertificates SERVER = TestCertificates.create();
    static final TestCertificates STRANGER = TestCertificates.create();
    static final TestCertificates OTHER_HOST = TestCertificates.create("other.example");

    private Certificates() {}
  }
}
