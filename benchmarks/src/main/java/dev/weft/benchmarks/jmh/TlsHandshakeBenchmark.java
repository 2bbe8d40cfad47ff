package dev.weft.benchmarks.jmh;

import dev.weft.reactor.BaseProtocol;
import dev.weft.reactor.ClientFactory;
import dev.weft.reactor.ConnectionEndedException;
import dev.weft.reactor.ListeningPort;
import dev.weft.reactor.ProtocolFactory;
import dev.weft.reactor.nio.NioReactor;
import dev.weft.reactor.testing.tls.TestCertificates;
import dev.weft.reactor.tls.DelegatedTasks;
import dev.weft.reactor.tls.TlsConfig;
import dev.weft.reactor.tls.TlsHandshakeListener;
import dev.weft.reactor.tls.TlsSession;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * TLS handshakes per second on {@link NioReactor} over loopback, with the engine's delegated
 * tasks run inline on the reactor thread or on its blocking pool: the measurement behind
 * {@link DelegatedTasks#INLINE} being the default. One operation starts {@code concurrency}
 * connections at once and waits until each has completed its handshake and closed, so
 * operations per second times {@code concurrency} is handshakes per second. Server and client
 * run on two reactors in this JVM; the client reuses its JDK session cache, as clients do.
 *
 * <p>Run: {@code ./mvnw -q -Pjmh -DskipTests -pl benchmarks -am package
 * -Djmh.args="TlsHandshakeBenchmark"}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class TlsHandshakeBenchmark {
  /** Where both sides run the engine's delegated tasks. */
  @Param({"INLINE", "THREAD_POOL"})
  public DelegatedTasks tasks;

  /** Connections started at once per operation. */
  @Param({"1", "16"})
  public int concurrency;

  private NioReactor server;
  private NioReactor client;
  private int port;
  private TlsConfig clientConfig;

  /** Starts a TLS server and a client reactor. */
  @Setup(Level.Trial)
  public void start() throws Exception {
    TestCertificates certificates = TestCertificates.create("127.0.0.1");
    TlsConfig serverConfig = TlsConfig.server(certificates.serverContext()).delegatedTasks(tasks).build();
    clientConfig = TlsConfig.client(certificates.clientContext()).delegatedTasks(tasks).build();
    server = NioReactor.builder().threadName("tls-server").build();
    ListeningPort listening = server.listenTLS(0, ProtocolFactory.of(Quiet::new), serverConfig, 1024, "127.0.0.1");
    port = listening.host().getPort();
    server.start();
    client = NioReactor.builder().threadName("tls-client").build().start();
  }

  /** Stops both reactors. */
  @TearDown(Level.Trial)
  public void stop() throws InterruptedException {
    client.stop();
    server.stop();
    client.awaitTermination(Duration.ofSeconds(10));
    server.awaitTermination(Duration.ofSeconds(10));
  }

  /**
   * Handshakes {@code concurrency} connections and closes them.
   *
   * @return the handshakes done
   * @throws Exception if they do not finish within 30 seconds
   */
  @Benchmark
  public int handshake() throws Exception {
    CountDownLatch done = new CountDownLatch(concurrency);
    CompletableFuture<Void> started = new CompletableFuture<>();
    client.callFromThread(() -> {
      for (int i = 0; i < concurrency; i++) {
        client.connectTLS("127.0.0.1", port, ClientFactory.of(() -> new Closer(done)), clientConfig);
      }
      started.complete(null);
    });
    started.get(30, TimeUnit.SECONDS);
    if (!done.await(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException("handshakes did not finish: " + done.getCount() + " left");
    }
    return concurrency;
  }

  /** Closes as soon as the handshake completes. */
  static final class Closer extends BaseProtocol implements TlsHandshakeListener {
    private final CountDownLatch done;

    Closer(CountDownLatch done) {
      this.done = done;
    }

    @Override
    public void handshakeCompleted(TlsSession session) {
      transport().loseConnection();
    }

    @Override
    public void dataReceived(ByteBuffer data) {}

    @Override
    public void connectionLost(ConnectionEndedException reason) {
      done.countDown();
    }
  }

  /** The server side: says nothing. */
  static final class Quiet extends BaseProtocol {
    @Override
    public void dataReceived(ByteBuffer data) {}
  }
}
