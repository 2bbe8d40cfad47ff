package dev.weft.benchmarks.jmh;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
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
 * A million timers that come due together on a real event loop, Weft's {@code NioReactor}
 * against Netty's NIO event loop: scheduled on the loop thread at scrambled delays within one
 * millisecond, then run; the score is the whole batch, scheduling and draining. The fake
 * {@code Clock}'s counterpart is {@link ClockBenchmark#millionScheduledThenOneAdvance}.
 *
 * <p>Run: {@code ./mvnw -q -Pjmh -DskipTests package -Djmh.args="TimerDrainBenchmark"}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 5)
@Fork(1)
public class TimerDrainBenchmark {
  static final int TIMERS = 1_000_000;

  /** Which loop: {@code weft} (NioReactor) or {@code netty} (one NIO event loop). */
  @Param({"weft", "netty"})
  public String loop;

  private TimerLoop timers;

  /** Starts the loop under test on its own thread. */
  @Setup
  public void start() {
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

  /** A million timers scheduled in scrambled order, all run. */
  @Benchmark
  public void millionDueDrained() throws Exception {
    timers.scheduleScrambledAndDrain(TIMERS);
  }
}
