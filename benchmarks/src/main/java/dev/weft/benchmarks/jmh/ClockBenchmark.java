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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * What fake time costs a test suite: one million delayed calls on a {@link Clock}, each run by
 * advancing the Clock. The target is well under a second for the million. The Clock notes no
 * call sites here, so this measures the timer heap; {@link CallSiteBenchmark} measures what
 * noting them (the default) adds per call.
 *
 * <p>Run: {@code ./mvnw -q -Pjmh -DskipTests package -Djmh.args="ClockBenchmark"}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5)
@Measurement(iterations = 10)
@Fork(1)
public class ClockBenchmark {
  static final int CALLS = 1_000_000;
  // A stride coprime with CALLS visits every slot once in scrambled order, so the heap works as
  // it does for timers scheduled in no particular order.
  private static final int STRIDE = 7_919;

  /**
   * Schedules a million calls at distinct scrambled times up to one second ahead, then advances
   * one second: every call runs, in time order.
   *
   * @param sink keeps the Clock alive to the end
   * @return how many calls ran
   */
  @Benchmark
  public long millionScheduledThenOneAdvance(Blackhole sink) {
    Clock clock = new Clock().captureCallSites(false);
    long[] ran = new long[1];
    Runnable call = () -> ran[0]++;
    for (int i = 0; i < CALLS; i++) {
      clock.callLater(Duration.ofNanos(1 + (long) i * STRIDE % CALLS * 1_000), call);
    }
    clock.advance(Duration.ofSeconds(1));
    sink.consume(clock);
    return check(ran[0]);
  }

  /**
   * A million times: schedule a call one millisecond ahead, advance one millisecond.
   *
   * @return how many calls ran
   */
  @Benchmark
  public long millionCallLaterAdvancePairs() {
    Clock clock = new Clock().captureCallSites(false);
    long[] ran = new long[1];
    Runnable call = () -> ran[0]++;
    Duration step = Duration.ofMillis(1);
    for (int i = 0; i < CALLS; i++) {
      clock.callLater(step, call);
      clock.advance(step);
    }
    return check(ran[0]);
  }

  private static long check(long ran) {
    if (ran != CALLS) {
      throw new IllegalStateException("ran " + ran + " calls, expected " + CALLS);
    }
    return ran;
  }
}
