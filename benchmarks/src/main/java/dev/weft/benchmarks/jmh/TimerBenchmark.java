package dev.weft.benchmarks.jmh;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cost of one timer on a real event loop, Weft's {@code NioReactor} against Netty's NIO event
 * loop: schedule then cancel (a timeout that never fires), and schedule then fire.
 *
 * <p>Run: {@code ./mvnw -q -Pjmh -DskipTests package -Djmh.args="TimerBenchmark"}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class TimerBenchmark {
  /** Timers per batch: enough to hide the one cross-thread hand-off per batch. */
  static final int BATCH = 1_000;

  /** Which loop: {@code weft} (NioReactor) or {@code netty} (one NIO event loop). */
  @Param({"weft", "netty"})
  public String loop;

  private TimerLoop timers;

  /** Starts the loop under test on its own thread. */
  @Setup
  public void start() throws Exception {
    timers = switch (loop) {
      case "weft" -> new WeftTimerLoop();
      case "netty" -> new NettyTimerLoop();
      default -> throw new IllegalArgumentException("loop must be weft or netty: " + loop);
    };
  }

  /** Stops the loop and waits for its thread to end. */
  @TearDown
  public void stop() throws Exception {
    timers.close();
  }

  /** One timer scheduled a minute ahead and cancelled (a timeout that never fires). */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void scheduleThenCancel() throws Exception {
    timers.scheduleThenCancel(BATCH);
  }

  /** One timer scheduled with zero delay and run by the loop. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void scheduleAndFire() throws Exception {
    timers.scheduleAndFire(BATCH);
  }
}
