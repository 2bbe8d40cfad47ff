package dev.weft.reactor;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.function.LongConsumer;
import org.jspecify.annotations.Nullable;

/**
 * Runs a call repeatedly on a fixed grid of reactor time: at {@code start}, {@code start +
 * interval}, {@code start + 2 * interval}, and so on, on any {@link ReactorTime}.
 *
 * <p>The grid never drifts: the next run is the next grid point after the current time, however
 * long the call took. If the reactor was late and one or more grid points passed without a run
 * (time jumped), those intervals are skipped, not run in a burst, and counted in
 * {@link #missedIntervals()}; a call made with {@link #withCount} receives how many intervals
 * passed since its previous run. (The fake {@code Clock} runs each call at its own due time, so on
 * a Clock a loop runs once per interval and misses none.)
 *
 * <p>{@link #start} returns a {@link Deferred} that succeeds when {@link #stop()} is called and
 * fails with the exception if the call throws, which also stops the loop; the exception does not
 * reach the reactor. Cancelling that Deferred stops the loop too.
 *
 * <p>Not thread-safe: use it on the reactor thread, like the {@code ReactorTime} it runs on.
 *
 * <p>Twisted: {@code twisted.internet.task.LoopingCall}.
 */
public final class LoopingCall {
  private final ReactorTime time;
  private final LongConsumer call;
  private @Nullable Deferred<Void> done;
  private @Nullable DelayedCall timer;
  // The loop Deferred whose call is running now, and whether that call stopped the loop.
  private @Nullable Deferred<Void> calling;
  private boolean stopRequested;
  private Instant start = Instant.EPOCH;
  private long intervalNanos;
  private long lastIndex;
  private long calls;
  private long missed;

  private LoopingCall(ReactorTime time, LongConsumer call) {
    this.time = Objects.requireNonNull(time, "time");
    this.call = call;
  }

  /**
   * Creates a stopped loop that runs {@code call}.
   *
   * @param time the reactor time to schedule on
   * @param call what to run each interval
   * @return the loop, not yet started
   */
  public static LoopingCall of(ReactorTime time, Runnable call) {
    Objects.requireNonNull(call, "call");
    return new LoopingCall(time, intervals -> call.run());
  }

  /**
   * Creates a stopped loop whose call receives how many intervals passed since its previous run
   * (1 unless time jumped; for the first run, 1).
   *
   * @param time the reactor time to schedule on
   * @param call what to run each interval, given the interval count
   * @return the loop, not yet started
   */
  public static LoopingCall withCount(ReactorTime time, LongConsumer call) {
    Objects.requireNonNull(call, "call");
    return new LoopingCall(time, call);
  }

  /**
   * Starts the loop and runs the call at once, inside this method.
   *
   * @param interval the time between runs, positive
   * @return succeeds on {@link #stop()}, fails with whatever the call throws
   */
  public Deferred<Void> start(Duration interval) {
    return start(interval, true);
  }

  /**
   * Starts the loop.
   *
   * @param interval the time between runs, positive
   * @param now {@code true} to run the call at once, inside this method; {@code false} to run it
   *     first after one interval
   * @return succeeds on {@link #stop()}, fails with whatever the call throws (also when it throws
   *     during this method)
   * @throws IllegalArgumentException if {@code interval} is zero or negative
   * @throws IllegalStateException if the loop is already running
   */
  public Deferred<Void> start(Duration interval, boolean now) {
    ApiChecks.positive(interval, "interval");
    if (isRunning()) {
      throw new IllegalStateException(
          "LoopingCall is already running; stop() it before starting it again");
    }
    Deferred<Void> result = new Deferred<>(ApiChecks.executorOf(time), cancelled -> halt());
    done = result;
    intervalNanos = ApiChecks.saturatedNanos(interval);
    start = time.now();
    lastIndex = 0;
    if (now) {
      runOnce(1);
    } else {
      scheduleNext();
    }
    return result;
  }

  /**
   * Stops the loop; the Deferred from {@link #start} succeeds. May be called from the call
   * itself: the Deferred then completes when the call returns, and fails with what the call
   * throws after stopping.
   *
   * @throws IllegalStateException if the loop is not running
   */
  public void stop() {
    Deferred<Void> result = done;
    if (result == null) {
      throw new IllegalStateException("LoopingCall is not running; start() it first");
    }
    halt();
    if (calling == result) {
      // Stopped by the call itself: the call may still throw, so its outcome decides.
      stopRequested = true;
    } else {
      result.complete(null);
    }
  }

  /**
   * Tells whether the loop is running.
   *
   * @return {@code true} from {@link #start} until {@link #stop()}, a failure or a cancel
   */
  public boolean isRunning() {
    return done != null;
  }

  /**
   * Returns how many times the call has run, over every start.
   *
   * @return the run count
   */
  public long callCount() {
    return calls;
  }

  /**
   * Returns how many grid points passed without a run because time jumped, over every start.
   *
   * @return the missed interval count
   */
  public long missedIntervals() {
    return missed;
  }

  private void fire() {
    timer = null;
    long elapsed = Duration.between(start, time.now()).toNanos();
    long index = Math.max(lastIndex + 1, elapsed / intervalNanos);
    long count = index - lastIndex;
    missed += count - 1;
    lastIndex = index;
    runOnce(count);
  }

  private void runOnce(long count) {
    Deferred<Void> result = done;
    calls++;
    // Saved and restored, because the call may stop the loop and start it again, which runs
    // the call once more inside this one.
    Deferred<Void> outerCalling = calling;
    boolean outerStop = stopRequested;
    calling = result;
    stopRequested = false;
    Throwable failure = null;
    try {
      call.accept(count);
    } catch (RuntimeException | AssertionError thrown) {
      failure = thrown;
    }
    boolean stoppedByCall = stopRequested;
    calling = outerCalling;
    stopRequested = outerStop;
    if (result == null) {
      return;
    }
    if (stoppedByCall) {
      if (failure != null) {
        result.completeExceptionally(failure);
      } else {
        result.complete(null);
      }
      return;
    }
    if (done != result) {
      return; // cancelled during the call
    }
    if (failure != null) {
      halt();
      result.completeExceptionally(failure);
      return;
    }
    scheduleNext();
  }

  private void scheduleNext() {
    long elapsed = Duration.between(start, time.now()).toNanos();
    long nextIndex = Math.max(lastIndex, elapsed / intervalNanos) + 1;
    Instant due = start.plus(Duration.ofNanos(intervalNanos).multipliedBy(nextIndex));
    timer = time.callLater(Duration.between(time.now(), due), this::fire);
  }

  private void halt() {
    done = null;
    DelayedCall pending = timer;
    timer = null;
    if (pending != null && pending.isActive()) {
      pending.cancel();
    }
  }

  @Override
  public String toString() {
    return "LoopingCall[" + (isRunning() ? "running every " + Duration.ofNanos(intervalNanos)
        : "stopped") + ", " + calls + " calls]";
  }
}
