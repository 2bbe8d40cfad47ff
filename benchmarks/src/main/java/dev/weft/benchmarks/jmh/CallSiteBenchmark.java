package dev.weft.benchmarks.jmh;

import dev.weft.reactor.testing.Clock;
import java.time.Duration;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * What noting where each delayed call came from costs a fake {@link Clock}: one
 * {@code callLater} and its {@code cancel}, with nothing captured, with the call site (the first
 * frame of user code, on by default) and with the whole creation stack. Called from this class,
 * which is user code to the Clock, at the depth of a test method calling the reactor directly;
 * {@code deep} adds ten frames of user code above it, which the walk never visits.
 *
 * <p>Run: {@code ./mvnw -q -Pjmh -DskipTests package -Djmh.args="CallSiteBenchmark"}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CallSiteBenchmark {
  private static final Duration DELAY = Duration.ofSeconds(1);
  private static final Runnable NOTHING = () -> {};

  /** What the Clock captures for each call. */
  @Param({"none", "callSite", "creationStack"})
  public String capture;

  private Clock clock;

  /** Makes a Clock that captures what {@link #capture} names. */
  @Setup
  public void setUp() {
    clock = new Clock();
    clock.captureCallSites(capture.equals("callSite"));
    clock.captureCreationSites(capture.equals("creationStack"));
  }

  /**
   * Schedules one call and cancels it, so the queue stays empty.
   *
   * @return the Clock, so the work is not dead code
   */
  @Benchmark
  public Clock scheduleThenCancel() {
    clock.callLater(DELAY, NOTHING).cancel();
    return clock;
  }

  /**
   * The same, ten frames of user code deeper.
   *
   * @return the Clock
   */
  @Benchmark
  public Clock scheduleThenCancelDeep() {
    return deeper(10);
  }

  private Clock deeper(int frames) {
    if (frames == 0) {
      return scheduleThenCancel();
    }
    return deeper(frames - 1);
  }
}
