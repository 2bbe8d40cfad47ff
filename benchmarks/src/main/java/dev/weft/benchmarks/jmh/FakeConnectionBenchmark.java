package dev.weft.benchmarks.jmh;

import dev.weft.reactor.BaseProtocol;
import dev.weft.reactor.ClientFactory;
import dev.weft.reactor.ConnectionClosedException;
import dev.weft.reactor.ConnectionEndedException;
import dev.weft.reactor.ProtocolFactory;
import dev.weft.reactor.testing.MemoryListeningPort;
import dev.weft.reactor.testing.MemoryReactor;
import dev.weft.reactor.testing.Pump;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What one complete fake-connection test costs, from a fresh fake to the final check: an echo
 * server and a client connected in memory, the client writes, reads the echo and closes, and
 * both ends must have seen a clean close. The target is under 20 µs, so thousands of such tests
 * run in well under a second.
 *
 * <ul>
 *   <li>{@link #pumpedProtocols()}: two protocols joined by {@link Pump#connect}.
 *   <li>{@link #throughMemoryReactor()}: the way an endpoint test runs: a {@link MemoryReactor}
 *       records {@code listenTCP} and {@code connectTCP}, the test connects the recorded attempt
 *       to the recorded port, and the pump moves the bytes.
 * </ul>
 *
 * <p>Run: {@code ./mvnw -q -Pjmh -DskipTests package -Djmh.args="FakeConnectionBenchmark"}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class FakeConnectionBenchmark {
  private static final byte[] HELLO = "hello, fake world".getBytes(StandardCharsets.US_ASCII);

  /**
   * The test on a bare {@link Pump}.
   *
   * @return the pump, so the work is not optimised away
   */
  @Benchmark
  public Pump pumpedProtocols() {
    Echo server = new Echo();
    Client client = new Client();
    Pump pump = Pump.connect(server, client);
    pump.flush();
    check(server, client);
    return pump;
  }

  /**
   * The test through a {@link MemoryReactor}'s recorded port and connection attempt.
   *
   * @return the reactor, so the work is not optimised away
   */
  @Benchmark
  public MemoryReactor throughMemoryReactor() {
    MemoryReactor reactor = new MemoryReactor();
    Echo server = new Echo();
    Client client = new Client();
    MemoryListeningPort port =
        (MemoryListeningPort) reactor.listenTCP(8080, ProtocolFactory.of(() -> server));
    reactor.connectTCP("127.0.0.1", 8080, ClientFactory.of(() -> client));
    reactor.lastClientAttempt().connectTo(port).flush();
    check(server, client);
    return reactor;
  }

  private static void check(Echo server, Client client) {
    if (client.received != HELLO.length
        || !(client.reason instanceof ConnectionClosedException)
        || !(server.reason instanceof ConnectionClosedException)) {
      throw new IllegalStateException(
          "fake connection test failed: received " + client.received + ", client "
              + client.reason + ", server " + server.reason);
    }
  }

  /** Echoes what it receives and remembers why it ended. */
  static final class Echo extends BaseProtocol {
    @Nullable ConnectionEndedException reason;

    @Override
    public void dataReceived(ByteBuffer data) {
      transport().write(data);
    }

    @Override
    public void connectionLost(ConnectionEndedException reason) {
      this.reason = reason;
    }
  }

  /** Sends a greeting, closes once it is echoed back, remembers why it ended. */
  static final class Client extends BaseProtocol {
    int received;
    @Nullable ConnectionEndedException reason;

    @Override
    public void connectionMade() {
      transport().write(HELLO);
    }

    @Override
    public void dataReceived(ByteBuffer data) {
      received += data.remaining();
      if (received == HELLO.length) {
        transport().loseConnection();
      }
    }

    @Override
    public void connectionLost(ConnectionEndedException reason) {
      this.reason = reason;
    }
  }
}
