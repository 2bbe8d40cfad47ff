package dev.weft.samples.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.reactor.ConnectionClosedException;
import dev.weft.reactor.ConnectionAbortedException;
import dev.weft.reactor.ConnectionRefusedException;
import dev.weft.reactor.ListeningPort;
import dev.weft.reactor.Protocol;
import dev.weft.reactor.testing.RecordingTransport;
import dev.weft.reactor.testing.conformance.MemoryReactorDriver;
import dev.weft.reactor.testing.tls.TestCertificates;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The TLS-terminating proxy on the fakes: real TLS handshakes between real engines in memory,
 * both legs pumped by the in-memory loopback network, back-pressure observed on the recording
 * transports themselves.
 */
class TlsTerminatingProxyTest {
  private static final TestCertificates CERTIFICATES = TestCertificates.create();
  private static final String HOST = MemoryReactorDriver.LOOPBACK_HOST;
  private static final long TOTAL = 1024 * 1024;
  /**
   * What the proxy may buffer for one connection: a high-water mark (64 KiB) plus one decrypted
   * record (16 KiB) on the backend's transport, plus one read of ciphertext held by the paused
   * TLS layer (the client's writes are at most four records, 66 KiB), with room to spare.
   */
  private static final long BOUND = 256 * 1024;

  private final MemoryReactorDriver driver = MemoryReactorDriver.create();

  @AfterEach
  void close() {
    try {
      assertThat(driver.reactor().callbackErrors()).as("errors thrown by the proxy's callbacks")
          .isEmpty();
    } finally {
      driver.close();
    }
  }

  private TlsTerminatingProxy proxyTo(Protocol backend) {
    return proxyTo(backend, TlsTerminatingProxy.DEFAULT_IDLE_TIMEOUT);
  }

  private TlsTerminatingProxy proxyTo(Protocol backend, Duration idleTimeout) {
    var reactor = driver.reactor();
    ListeningPort backendPort = reactor.listenTCP(0, peer -> backend, 50, HOST);
    return new TlsTerminatingProxy(reactor, HOST, backendPort.host().getPort(), idleTimeout);
  }

  private <P extends Protocol> P connectClient(TlsTerminatingProxy proxy, P client) {
    var reactor = driver.reactor();
    ListeningPort proxyPort = proxy.listen(reactor, 0, CERTIFICATES.serverConfig());
    reactor.connectTLS(HOST, proxyPort.host().getPort(), peer -> client, CERTIFICATES.clientConfig());
    return client;
  }

  @Test
  void aBackendThatDoesNotReadPausesTheTlsClientAndTheProxyHoldsLittle() {
    PatternPeer backend = PatternPeer.notReading();
    TlsTerminatingProxy proxy = proxyTo(backend);
    PatternPeer client = connectClient(proxy, PatternPeer.sending(TOTAL));

    driver.runUntil(() -> client.isPaused() && !proxy.connections().isEmpty()
        && proxy.connections().get(0).isFrontendPaused(), "the client paused by back-pressure");
    driver.passTime(Duration.ofSeconds(5));
    ProxiedConnection connection = proxy.connections().get(0);
    RecordingTransport upstream = (RecordingTransport) connection.frontend().underlying();
    long stalledAt = client.sent();

    assertThat(upstream.isReadingPaused()).as("the proxy stopped reading the client's socket")
        .isTrue();
    assertThat(client.sent()).as("the client's writes stalled").isLessThan(TOTAL);
    assertThat(backend.received()).isZero();
    assertThat(connection.bufferedBytes()).as("bytes the proxy buffers while stalled")
        .isPositive().isLessThan(BOUND);
    assertThat(connection.frontend().unreadBytes()).as("ciphertext the paused layer holds")
        .isLessThan(BOUND);

    driver.passTime(Duration.ofSeconds(5));
    assertThat(client.sent()).as("still stalled").isEqualTo(stalledAt);

    backend.resumeReading();
    driver.runUntil(() -> backend.received() == TOTAL, "all bytes at the backend");

    assertThat(backend.mismatches()).as("bytes out of order or corrupted").isZero();
    assertThat(connection.frontendPauses()).isPositive();
    assertThat(connection.peakBufferedBytes()).as("the most the proxy ever buffered")
        .isLessThan(BOUND);
    assertThat(upstream.isReadingPaused()).isFalse();
  }

  @Test
  void aTlsClientThatDoesNotReadPausesTheBackendAndTheProxyHoldsLittle() {
    PatternPeer backend = PatternPeer.sending(TOTAL);
    TlsTerminatingProxy proxy = proxyTo(backend);
    PatternPeer client = connectClient(proxy, PatternPeer.notReading());

    driver.runUntil(() -> backend.isPaused() && proxy.connections().get(0).isBackendPaused(),
        "the backend paused by back-pressure");
    driver.passTime(Duration.ofSeconds(5));
    ProxiedConnection connection = proxy.connections().get(0);
    RecordingTransport backendLeg = (RecordingTransport) connection.backend();

    assertThat(client.isHandshakeDone()).isTrue();
    assertThat(backendLeg.isReadingPaused()).as("the proxy stopped reading the backend's socket")
        .isTrue();
    assertThat(backend.sent()).as("the backend's writes stalled").isLessThan(TOTAL);
    assertThat(client.received()).isZero();
    assertThat(connection.bufferedBytes()).as("bytes the proxy buffers while stalled")
        .isPositive().isLessThan(BOUND);

    client.resumeReading();
    driver.runUntil(() -> client.received() == TOTAL, "all bytes at the client");

    assertThat(client.mismatches()).as("bytes out of order or corrupted").isZero();
    assertThat(connection.backendPauses()).isPositive();
    assertThat(connection.peakBufferedBytes()).isLessThan(BOUND);
  }

  @Test
  void whenTheClientClosesTheBackendGetsEveryByteThenACleanClose() {
    PatternPeer backend = PatternPeer.reading();
    TlsTerminatingProxy proxy = proxyTo(backend);
    PatternPeer client = connectClient(proxy, PatternPeer.sendingThenClosing(TOTAL));

    // The client's close_notify half-closes the proxy's leg (TLS 1.3 closes each direction on its
    // own); the leg ends once the backend, told in turn, has closed too.
    driver.runUntil(() -> backend.lost() != null && client.lost() != null
        && proxy.connections().isEmpty(), "both ends and both legs closed");

    assertThat(backend.received()).isEqualTo(TOTAL);
    assertThat(backend.mismatches()).isZero();
    assertThat(backend.lost()).isExactlyInstanceOf(ConnectionClosedException.class);
    assertThat(client.lost()).as("a clean TLS close").isExactlyInstanceOf(ConnectionClosedException.class);
    assertThat(proxy.connections()).as("the proxy keeps nothing for a client gone").isEmpty();
    assertThat(proxy.accepted()).isEqualTo(1);
  }

  @Test
  void anUnreachableBackendClosesTheClientsConnection() {
    var reactor = driver.reactor();
    TlsTerminatingProxy proxy = new TlsTerminatingProxy(reactor, HOST, driver.refusingPort());
    PatternPeer client = connectClient(proxy, PatternPeer.sending(1024));
    driver.runUntil(() -> !proxy.connections().isEmpty(), "the client accepted");
    ProxiedConnection connection = proxy.connections().get(0);

    driver.runUntil(() -> client.lost() != null && connection.isEnded(),
        "the client's connection ended on both sides");

    assertThat(proxy.connections()).isEmpty();
    assertThat(connection.backendFailure()).isInstanceOf(ConnectionRefusedException.class);
    assertThat(connection.isEnded()).isTrue();
    assertThat(client.lost()).isExactlyInstanceOf(ConnectionClosedException.class);
  }

  @Test
  void aClientThatHalfClosesGetsTheWholeAnswerAtItsOwnPace() {
    int request = 100 * 1024;
    int answer = (int) TOTAL;
    HalfClosePeer backend = HalfClosePeer.answeringAtEnd(answer);
    TlsTerminatingProxy proxy = proxyTo(backend);
    HalfClosePeer client = connectClient(proxy, HalfClosePeer.sendingFirstNotReading(request));

    driver.runUntil(() -> !proxy.connections().isEmpty()
        && proxy.connections().get(0).isBackendPaused(), "the backend leg paused by back-pressure");
    ProxiedConnection connection = proxy.connections().get(0);

    assertThat(backend.received()).as("the whole request reached the backend").isEqualTo(request);
    assertThat(backend.isReadClosed()).as("the half-close reached the backend").isTrue();
    assertThat(connection.bufferedBytes()).as("bytes the proxy buffers while the client waits")
        .isLessThan(BOUND);

    client.resumeReading();
    driver.runUntil(() -> client.lost() != null && backend.lost() != null, "both ends closed");

    assertThat(client.received()).as("the whole answer reached the client").isEqualTo(answer);
    assertThat(client.mismatches()).isZero();
    assertThat(backend.mismatches()).isZero();
    assertThat(client.lost()).isExactlyInstanceOf(ConnectionClosedException.class);
    assertThat(backend.lost()).isExactlyInstanceOf(ConnectionClosedException.class);
    assertThat(connection.peakBufferedBytes()).isLessThan(BOUND);
    assertThat(connection.isEnded()).isTrue();
  }

  @Test
  void aBackendThatHalfClosesStillGetsTheClientsAnswer() {
    int greeting = 64 * 1024;
    int answer = 200 * 1024;
    HalfClosePeer backend = HalfClosePeer.sendingFirst(greeting);
    TlsTerminatingProxy proxy = proxyTo(backend);
    HalfClosePeer client = connectClient(proxy, HalfClosePeer.answeringAtEnd(answer));

    driver.runUntil(() -> client.lost() != null && backend.lost() != null, "both ends closed");

    assertThat(client.received()).isEqualTo(greeting);
    assertThat(client.isReadClosed()).as("the half-close reached the client").isTrue();
    assertThat(backend.received()).as("the client's answer reached the backend").isEqualTo(answer);
    assertThat(client.mismatches()).isZero();
    assertThat(backend.mismatches()).isZero();
    assertThat(client.lost()).isExactlyInstanceOf(ConnectionClosedException.class);
    assertThat(backend.lost()).isExactlyInstanceOf(ConnectionClosedException.class);
  }

  @Test
  void aConnectionIdleForTheTimeoutIsClosedOnBothLegsAndTrafficEitherWayKeepsItOpen() {
    PatternPeer backend = PatternPeer.reading();
    TlsTerminatingProxy proxy = proxyTo(backend);
    PatternPeer client = connectClient(proxy, PatternPeer.reading());
    driver.runUntil(() -> client.isHandshakeDone() && !proxy.connections().isEmpty()
        && proxy.connections().get(0).backend() != null, "both legs up");
    ProxiedConnection connection = proxy.connections().get(0);

    driver.passTime(Duration.ofMinutes(4));
    client.sendNow(100);
    driver.passTime(Duration.ofMinutes(4));
    backend.sendNow(100);
    driver.passTime(TlsTerminatingProxy.DEFAULT_IDLE_TIMEOUT.minusSeconds(1));

    assertThat(connection.isTimedOut()).as("traffic either way keeps it open").isFalse();
    assertThat(client.lost()).isNull();
    assertThat(backend.lost()).isNull();

    driver.passTime(Duration.ofSeconds(1));
    driver.runUntil(() -> client.lost() != null && backend.lost() != null, "both ends closed");

    assertThat(connection.isTimedOut()).isTrue();
    assertThat(connection.isEnded()).isTrue();
    assertThat(proxy.connections()).isEmpty();
    assertThat(client.lost()).as("a clean TLS close").isExactlyInstanceOf(ConnectionClosedException.class);
    assertThat(backend.lost()).isExactlyInstanceOf(ConnectionClosedException.class);
    assertThat(backend.received()).isEqualTo(100);
    assertThat(client.received()).isEqualTo(100);
  }

  @Test
  void aBackendThatTakesNothingIsCutOffAfterTheIdleTimeout() {
    PatternPeer backend = PatternPeer.notReading();
    TlsTerminatingProxy proxy = proxyTo(backend, Duration.ofSeconds(30));
    PatternPeer client = connectClient(proxy, PatternPeer.sending(TOTAL));
    driver.runUntil(() -> client.isPaused() && !proxy.connections().isEmpty()
        && proxy.connections().get(0).isFrontendPaused(), "the client paused by back-pressure");
    ProxiedConnection connection = proxy.connections().get(0);

    driver.passTime(Duration.ofSeconds(29));
    assertThat(connection.isTimedOut()).as("stalled, not yet idle for 30 s").isFalse();

    driver.passTime(Duration.ofSeconds(1));
    driver.runUntil(connection::isEnded, "both legs closed");

    assertThat(connection.isTimedOut()).isTrue();
    assertThat(connection.frontendEnd()).as("nothing waited for the client: a clean TLS close")
        .isExactlyInstanceOf(ConnectionClosedException.class);
    assertThat(connection.backendEnd()).as("bytes waited for the backend: aborted")
        .isExactlyInstanceOf(ConnectionAbortedException.class);
  }

  @Test
  void theIdleTimeoutMustBePositive() {
    var reactor = driver.reactor();
    assertThatThrownBy(() -> new TlsTerminatingProxy(reactor, HOST, 8080, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("idleTimeout must be positive: PT0S");
    assertThatThrownBy(() -> new TlsTerminatingProxy(reactor, HOST, 8080, Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("idleTimeout must be positive: PT-1S");
  }
}
