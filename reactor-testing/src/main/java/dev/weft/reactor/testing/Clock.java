package dev.weft.reactor.testing;

import dev.weft.reactor.DelayedCall;
import dev.weft.reactor.ReactorTime;
import dev.weft.reactor.internal.Checks;
import dev.weft.reactor.internal.TimerQueue;
import dev.weft.reactor.testing.internal.CallSites;
import dev.weft.reactor.testing.internal.CreationSite;
import dev.weft.reactor.testing.internal.ScheduledCall;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Fake reactor time that moves only when the test says: {@link #advance(Duration)},
 * {@link #advanceToNextCall()} or {@link #runUntilIdle()}.
 *
 * <p>Not thread-safe: the test thread owns it, and every call it runs runs inside the test's own
 * call to {@code advance}.
 *
 * <p><b>Ordering.</b> Delayed calls run in order of due time, then in the order they were
 * scheduled, using the same timer queue as the production reactor. A call scheduled while
 * {@code advance} runs, and due within its target, runs in the same {@code advance}.
 *
 * <p><b>Time inside a call.</b> While a delayed call runs, {@link #now()} is that call's own due
 * time, not the target of {@code advance}; when {@code advance} returns, time is at the target.
 * So a call that schedules a follow-up computes it from its own time, as in production.
 * Consequently every call runs at its own due time: a {@link dev.weft.reactor.LoopingCall} on a
 * Clock never misses an interval, it runs once per interval crossed.
 *
 * <p><b>Runaway calls.</b> A call that keeps rescheduling itself with zero delay would keep
 * {@code advance} at one instant forever; instead, after {@link #runawayLimit()} calls at one
 * instant {@code advance} fails with an {@link IllegalStateException} that names the call.
 *
 * <p><b>Failures.</b> A call that throws propagates out of {@code advance}. The Clock stays
 * consistent: time is at the failed call's due time, the failed call counts as called, and the
 * calls not yet run are still pending, so another {@code advance} carries on.
 *
 * <p>Twisted: {@code twisted.internet.task.Clock}.
 */
public final class Clock implements ReactorTime {
  /** How many calls may run at one instant, by default, before {@code advance} fails. */
  public static final int DEFAULT_RUNAWAY_LIMIT = 10_000;

  private final Instant start;
  private final TimerQueue timers;
  private long nowNanos;
  private int runawayLimit = DEFAULT_RUNAWAY_LIMIT;
  private boolean captureCallSites = true;
  private boolean captureCreationSites;
  private boolean advancing;
  private long callsRun;

  /** Creates a Clock at {@link Instant#EPOCH} with no pending calls. */
  public Clock() {
    this(Instant.EPOCH);
  }

  /**
   * Creates a Clock at {@code start} with no pending calls.
   *
   * @param start the initial time
   */
  public Clock(Instant start) {
    this.start = Objects.requireNonNull(start, "start");
    this.timers = new TimerQueue(start, () -> nowNanos, () -> {});
  }

  /**
   * Returns the current fake time: inside a delayed call, that call's due time.
   *
   * @return the current time, never {@code null}
   */
  @Override
  public Instant now() {
    return timers.toInstant(nowNanos);
  }

  /**
   * Returns how much fake time has passed since the Clock was created.
   *
   * @return the elapsed time, never negative
   */
  public Duration elapsed() {
    return Duration.ofNanos(nowNanos);
  }

  /**
   * Schedules {@code call} to run when the Clock reaches {@code now() + delay}. Nothing runs
   * inside this method, even with zero delay.
   *
   * @param delay how long from now, not negative
   * @param call what to run
   * @return the handle, which can cancel, reset or delay the call
   * @throws IllegalArgumentException if {@code delay} is negative
   */
  @Override
  public DelayedCall callLater(Duration delay, Runnable call) {
    Checks.nonNegative(delay, "delay");
    Objects.requireNonNull(call, "call");
    Runnable scheduled = call;
    if (captureCallSites || captureCreationSites) {
      scheduled =
          new ScheduledCall(
              call,
              captureCallSites ? CallSites.firstUserFrame() : null,
              captureCreationSites ? new CreationSite("delayed call due " + dueTime(delay)) : null);
    }
    return timers.schedule(delay, scheduled);
  }

  /**
   * Moves time forward by {@code amount}, running every call that falls due on the way, in
   * order, each with {@link #now()} at its own due time.
   *
   * @param amount how far to move, not negative ({@link Duration#ZERO} runs what is due now)
   * @return this Clock
   * @throws IllegalArgumentException if {@code amount} is negative
   * @throws IllegalStateException if called from a call this Clock is running, or a call keeps
   *     rescheduling itself at one instant (see {@link #runawayLimit()})
   * @throws RuntimeException whatever a call threw; see the class comment
   */
  public Clock advance(Duration amount) {
    Checks.nonNegative(amount, "amount");
    runUntil(Checks.saturatedAdd(nowNanos, Checks.saturatedNanos(amount)));
    return this;
  }

  /**
   * Moves time to the earliest pending call and runs every call due at that instant (including
   * calls they schedule with zero delay).
   *
   * @return {@code false}, without moving time, if no call was pending
   * @throws IllegalStateException as {@link #advance(Duration)}
   */
  public boolean advanceToNextCall() {
    if (timers.isEmpty()) {
      checkNotAdvancing();
      return false;
    }
    runUntil(Math.max(nowNanos, timers.nextDueNanos()));
    return true;
  }

  /**
   * Advances from call to call until none is pending, as if the test waited as long as needed.
   *
   * @return how many calls ran
   * @throws IllegalStateException if calls are still pending after {@link #runawayLimit()} calls
   *     ran, which a repeating call such as a running {@code LoopingCall} causes
   */
  public long runUntilIdle() {
    long before = callsRun;
    while (advanceToNextCall()) {
      if (callsRun - before >= runawayLimit && !timers.isEmpty()) {
        throw new IllegalStateException(
            "runUntilIdle ran " + (callsRun - before) + " calls and the Clock is still not idle"
                + " (next: " + timers.peek() + "); a repeating call never lets it become idle:"
                + " stop it, or use advance(Duration) to move a bounded amount");
      }
    }
    return callsRun - before;
  }

  /**
   * Returns the pending calls in the order they will run.
   *
   * @return a snapshot, never {@code null}
   */
  public List<PendingCall> pendingCalls() {
    List<PendingCall> result = new ArrayList<>(timers.size());
    for (TimerQueue.Timer t : timers.pending()) {
      if (t.call() instanceof ScheduledCall s) {
        result.add(new PendingCall(t.time(), t, s.action(), s.creationSite(), s.scheduledAt()));
      } else {
        result.add(new PendingCall(t.time(), t, t.call(), null, null));
      }
    }
    return List.copyOf(result);
  }

  /**
   * Returns how many calls are pending.
   *
   * @return the number of calls waiting to run
   */
  public int pendingCount() {
    return timers.size();
  }

  /**
   * Returns when the earliest pending call is due.
   *
   * @return its due time, or empty if no call is pending
   */
  public Optional<Instant> nextCallTime() {
    return timers.isEmpty() ? Optional.empty() : Optional.of(timers.toInstant(timers.nextDueNanos()));
  }

  /**
   * Returns how many calls may run at one instant before {@code advance} fails.
   *
   * @return the limit, {@link #DEFAULT_RUNAWAY_LIMIT} unless changed
   */
  public int runawayLimit() {
    return runawayLimit;
  }

  /**
   * Sets how many calls may run at one instant (and how many {@link #runUntilIdle()} may run in
   * all) before they fail; raise it for a test that legitimately runs that many.
   *
   * @param limit at least 1
   * @return this Clock
   * @throws IllegalArgumentException if {@code limit} is less than 1
   */
  public Clock setRunawayLimit(int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1: " + limit);
    }
    this.runawayLimit = limit;
    return this;
  }

  /**
   * Turns on or off noting the line of user code that calls {@code callLater} (the first stack
   * frame outside Weft, the JDK and test frameworks), shown by {@link PendingCall#scheduledAt()}
   * and in dirty-reactor reports. On by default: a short stack walk per call, a few microseconds,
   * about half of capturing the whole stack and too little to show at the scale of a test suite
   * (see docs/benchmarks.md); turn it off for a test that schedules millions of calls.
   *
   * @param capture whether to note call sites from now on
   * @return this Clock
   */
  public Clock captureCallSites(boolean capture) {
    this.captureCallSites = capture;
    return this;
  }

  /**
   * Tells whether call sites are noted.
   *
   * @return the flag set by {@link #captureCallSites(boolean)}, {@code true} by default
   */
  public boolean isCapturingCallSites() {
    return captureCallSites;
  }

  /**
   * Turns on or off capturing the whole stack of each {@code callLater}, shown by
   * {@link PendingCall#creationSite()}; off by default because it costs a full stack capture per
   * call, where {@link #captureCallSites(boolean)} usually says enough.
   *
   * @param capture whether to capture from now on
   * @return this Clock
   */
  public Clock captureCreationSites(boolean capture) {
    this.captureCreationSites = capture;
    return this;
  }

  /**
   * Tells whether creation sites are captured.
   *
   * @return the flag set by {@link #captureCreationSites(boolean)}
   */
  public boolean isCapturingCreationSites() {
    return captureCreationSites;
  }

  /** How many calls this Clock has run in all; lets a reactor count what its advances ran. */
  long callsRun() {
    return callsRun;
  }

  private Instant dueTime(Duration delay) {
    return timers.toInstant(Checks.saturatedAdd(nowNanos, Checks.saturatedNanos(delay)));
  }

  private void runUntil(long target) {
    checkNotAdvancing();
    advancing = true;
    try {
      long instant = nowNanos;
      int atInstant = 0;
      for (TimerQueue.Timer next = timers.peek();
          next != null && next.dueNanos() <= target;
          next = timers.peek()) {
        long due = Math.max(nowNanos, next.dueNanos());
        if (due != instant) {
          instant = due;
          atInstant = 0;
        }
        if (++atInstant > runawayLimit) {
          throw new IllegalStateException(
              "Clock ran " + runawayLimit + " calls at " + timers.toInstant(due)
                  + " without time moving; a call probably reschedules itself with zero delay"
                  + " (next: " + next + "). Fix the loop, or raise the limit with"
                  + " setRunawayLimit(int)");
        }
        TimerQueue.Timer timer = Objects.requireNonNull(timers.pollDue(target), "due timer");
        nowNanos = due;
        callsRun++;
        timer.run();
      }
      nowNanos = Math.max(nowNanos, target);
    } finally {
      advancing = false;
    }
  }

  private void checkNotAdvancing() {
    if (advancing) {
      throw new IllegalStateException(
          "the Clock is already advancing: a delayed call cannot move time; schedule follow-up"
              + " work with callLater instead");
    }
  }

  @Override
  public String toString() {
    return "Clock[" + now() + ", " + timers.size() + " pending, started " + start + "]";
  }
}
