package dev.weft.samples.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.reactor.ConnectionClosedException;
import dev.weft.reactor.ListeningPort;
import dev.weft.reactor.Protocol;
import dev.weft.reactor.testing.tls.TestCertificates;
import dev.weft.samples.NioHarness;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The TLS-terminating proxy on real loopback sockets: one side stops reading, and the proxy's
 * buffered bytes, read from its transports' own counters on every forwarded read and every
 * pause, stay bounded while the other side is paused; then every byte arrives intact.
 */
class TlsTerminatingProxyIT {
  private static final TestCertificates CERTIFICATES = TestCertificates.create();
  private static final String LOOPBACK = "127.0.0.1";
  /**
   * More than the kernel's loopback buffers can hold (the receive buffer autotunes up to 32 MiB
   * here, plus a 4 MiB send buffer per leg, and the side that never read keeps its small
   * buffer), so the sender must stall before it is done.
   */
  private static final long TOTAL = 64L * 1024 * 1024;
  /** A high-water mark plus one record plus one read, with room to spare; see the fakes' test. */
  private static final long BOUND = 256 * 1024;
  private static final long WAIT_NANOS = TimeUnit.SECONDS.toNanos(60);

  @Test
  void aBackendThatDoesNotReadPausesTheTlsClientAndTheProxyHoldsLittle() throws Exception {
    PatternPeer backend = PatternPeer.notReading();
    PatternPeer client = PatternPeer.sending(TOTAL);
    try (NioHarness nio = new NioHarness("tls-proxy-it")) {
      TlsTerminatingProxy proxy = start(nio, backend, client);

      ProxiedConnection connection = awaitStall(nio, proxy,
          c -> client.isPaused() && c.isFrontendPaused(), client::sent);

      assertThat(nio.run(client::sent)).as("the client's writes stalled").isLessThan(TOTAL);
      assertThat(nio.run(backend::received)).isZero();
      assertThat(nio.run(connection::bufferedBytes)).as("bytes the proxy buffers while stalled")
          .isLessThan(BOUND);

      nio.run(() -> {
        backend.resumeReading();
        return null;
      });
      await(nio, () -> backend.received() == TOTAL, "all bytes at the backend");

      assertThat(nio.run(backend::mismatches)).as("bytes out of order or corrupted").isZero();
      assertThat(nio.run(connection::frontendPauses)).isPositive();
      assertThat(nio.run(connection::peakBufferedBytes)).as("the most the proxy ever buffered")
          .isLessThan(BOUND);
    }
  }

  @Test
  void aTlsClientThatDoesNotReadPausesTheBackendAndTheProxyHoldsLittle() throws Exception {
    PatternPeer backend = PatternPeer.sending(TOTAL);
    PatternPeer client = PatternPeer.notReading();
    try (NioHarness nio = new NioHarness("tls-proxy-it")) {
      TlsTerminatingProxy proxy = start(nio, backend, client);

      ProxiedConnection connection = awaitStall(nio, proxy,
          c -> backend.isPaused() && c.isBackendPaused(), backend::sent);

      assertThat(nio.run(backend::sent)).as("the backend's writes stalled").isLessThan(TOTAL);
      assertThat(nio.run(client::received)).isZero();
      assertThat(nio.run(connection::bufferedBytes)).as("bytes the proxy buffers while stalled")
          .isLessThan(BOUND);

      nio.run(() -> {
        client.resumeReading();
        return null;
      });
      await(nio, () -> client.received() == TOTAL, "all bytes at the client");

      assertThat(nio.run(client::mismatches)).as("bytes out of order or corrupted").isZero();
      assertThat(nio.run(connection::backendPauses)).isPositive();
      assertThat(nio.run(connection::peakBufferedBytes)).as("the most the proxy ever buffered")
          .isLessThan(BOUND);
    }
  }

  @Test
  void aClientThatHalfClosesGetsTheWholeAnswer() throws Exception {
    int request = 1024 * 1024;
    int answer = 8 * 1024 * 1024;
    HalfClosePeer backend = HalfClosePeer.answeringAtEnd(answer);
    HalfClosePeer client = HalfClosePeer.sendingFirst(request);
    try (NioHarness nio = new NioHarness("tls-proxy-it")) {
      start(nio, backend, client);
      await(nio, () -> client.lost() != null && backend.lost() != null, "both ends closed");

      assertThat(nio.run(backend::received)).as("the whole request").isEqualTo(request);
      assertThat(nio.run(client::received)).as("the whole answer").isEqualTo(answer);
      assertThat(nio.run(backend::mismatches)).isZero();
      assertThat(nio.run(client::mismatches)).isZero();
      assertThat(nio.run(client::lost)).isExactlyInstanceOf(ConnectionClosedException.class);
      assertThat(nio.run(backend::lost)).isExactlyInstanceOf(ConnectionClosedException.class);
    }
  }

  /** Starts a backend, the proxy in front of it on loopback, and a TLS client of the proxy. */
  private static TlsTerminatingProxy start(NioHarness nio, Protocol backend, Protocol client)
      throws Exception {
    return nio.run(() -> {
      var reactor = nio.reactor();
      ListeningPort backendPort = reactor.listenTCP(0, peer -> backend, 50, LOOPBACK);
      TlsTerminatingProxy proxy =
          new TlsTerminatingProxy(reactor, LOOPBACK, backendPort.host().getPort());
      ListeningPort proxyPort =
          reactor.listenTLS(0, proxy, CERTIFICATES.serverConfig(), 50, LOOPBACK);
      reactor.connectTLS(LOOPBACK, proxyPort.host().getPort(), peer -> client,
          CERTIFICATES.clientConfig());
      return proxy;
    });
  }

  /**
   * Waits until {@code stalled} has held, with {@code progress} unchanged, over ten polls in a
   * row: the sender is held back and nothing moves. Polling is the only way to see that nothing
   * happens; the state decides, the interval does not.
   */
  private static ProxiedConnection awaitStall(NioHarness nio, TlsTerminatingProxy proxy,
      java.util.function.Predicate<ProxiedConnection> stalled, Supplier<Long> progress)
      throws Exception {
    long deadline = System.nanoTime() + WAIT_NANOS;
    AtomicReference<Long> last = new AtomicReference<>(-1L);
    int quiet = 0;
    while (quiet < 10) {
      Long now = nio.run(() -> {
        if (proxy.connections().isEmpty() || !stalled.test(proxy.connections().get(0))) {
          return null;
        }
        return progress.get();
      });
      quiet = now != null && now.equals(last.get()) ? quiet + 1 : 0;
      last.set(now == null ? -1L : now);
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("the sender was not held back within 60 s; proxy: "
            + nio.run(proxy::connections));
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
    }
    return nio.run(() -> proxy.connections().get(0));
  }

  private static void await(NioHarness nio, Supplier<Boolean> condition, String what)
      throws Exception {
    long deadline = System.nanoTime() + WAIT_NANOS;
    while (!nio.run(condition)) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("not within 60 s: " + what);
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
    }
  }
}
