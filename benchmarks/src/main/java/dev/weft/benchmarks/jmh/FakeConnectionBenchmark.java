package dev.weft.benchmarks.jmh;

import dev.weft.reactor.testing.MemoryReactor;
import dev.weft.reactor.testing.Pump;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
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
    return SimulatedConnectionBenchmark.pumpOnce(HELLO);
  }

  /**
   * The test through a {@link MemoryReactor}'s recorded port and connection attempt.
   *
   * @return the reactor, so the work is not optimised away
   */
  @Benchmark
  public MemoryReactor throughMemoryReactor() {
    return SimulatedConnectionBenchmark.memoryReactorOnce(HELLO);
  }
}
