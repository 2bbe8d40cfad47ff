package dev.weft.reactor.testing;

import dev.weft.reactor.DelayedCall;
import dev.weft.reactor.ReactorTime;
import dev.weft.reactor.internal.Checks;
import dev.weft.reactor.internal.TimerQueue;
import dev.weft.reactor.testing.internal.Actions;
import dev.weft.reactor.testing.internal.CallSites;
import dev.weft.reactor.testing.internal.CreationSite;
import dev.weft.reactor.testing.internal.ScheduledCall;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Fake reactor time that moves only when the test says: {@link #advance(Duration)},
 * {@link #advanceToNextCall()} or {@link #runUntilIdle()}; and the one loop of every fake reactor
 * built on it.
 *
 * <p><b>Threads.</b> Not thread-safe: the thread that created the Clock owns it and every
 * {@link MemoryReactor} on it, as the thread that creates a {@code NioReactor} owns it (a fake has
 * no loop thread to hand it to). Scheduling, cancelling and advancing from another thread fail
 * with a {@link dev.weft.reactor.WrongThreadException}, with the production reactor's message;
 * only a reactor's {@code callFromThread} (and {@code stop}, {@code crash}, {@code isRunning}) is
 * for any thread.
 *
 * <p><b>Turns.</b> Each {@link MemoryReactor} created on a Clock registers with it, and a Clock
 * advances like the production loop turns: at each instant it reaches, it runs turns until no
 * work is left at that instant, and only then moves to the next delayed call. One turn runs, for
 * every registered reactor in registration order, the {@code callFromThread} calls and the
 * reactor's own requests (closes, aborts, {@code startedConnecting}, ...) queued before the turn;
 * then the delayed calls due now that were scheduled before the timer phase began; then, for
 * every reactor, the requests those made; the same phases as one turn of {@code NioReactor}'s
 * loop, by the same shared rule. So however time is advanced (the Clock, a reactor, or a
 * simulated network), no reactor's work is stranded and reactors sharing a Clock never lag each
 * other; a call that reschedules itself with zero delay runs once per turn, as on the production
 * reactor. {@link MemoryReactor#iterate()} runs exactly one turn.
 *
 * <p><b>Ordering.</b> Delayed calls run in order of due time, then in the order they were
 * scheduled, using the same timer queue as the production reactor. A call scheduled while
 * {@code advance} runs, and due within its target, runs in the same {@code advance} (a zero-delay
 * one on the next turn at the same instant).
 *
 * <p><b>Time inside a call.</b> While a delayed call runs, {@link #now()} is that call's own due
 * time, not the target of {@code advance}; when {@code advance} returns, time is at the target.
 * So a call that schedules a follow-up computes it from its own time, as in production.
 * Consequently every call runs at its own due time: a {@link dev.weft.reactor.LoopingCall} on a
 * Clock never misses an interval, it runs once per interval crossed.
 *
 * <p><b>Runaway work.</b> Work that keeps requeueing itself (a zero-delay call that reschedules
 * itself, a {@code callFromThread} call that queues itself again) would keep {@code advance} at
 * one instant forever; instead, after {@link #runawayLimit()} turns at one instant
 * {@code advance} fails with an {@link IllegalStateException} that names the work.
 *
 * <p><b>Failures.</b> A call that throws propagates out of {@code advance}. The Clock stays
 * consistent: time is at the failed call's due time, the failed call counts as called, and the
 * calls not yet run are still pending, so another {@code advance} carries on.
 *
 * <p>Twisted: {@code twisted.internet.task.Clock}.
 */
public final class Clock implements ReactorTime {
  /** How many turns may run at one instant, by default, before {@code advance} fails. */
  public static final int DEFAULT_RUNAWAY_LIMIT = 10_000;

  private final Instant start;
  private final TimerQueue timers;
  private long nowNanos;
  private int runawayLimit = DEFAULT_RUNAWAY_LIMIT;
  private boolean captureCallSites = true;
  private boolean captureCreationSites;
  private boolean advancing;
  private long callsRun;
  private final List<MemoryReactor> reactors = new ArrayList<>();
  /**
   * The simulated networks built on this Clock, in build order, kept here (not in a static map)
   * so finding a failed test's networks costs nothing per network built and they live exactly as
   * long as their Clock.
   */
  private final List<Object> networks = new ArrayList<>(1);
  // False only when no reactor on this Clock has turn work, so that an instant with only delayed
  // calls costs the same however many reactors there are. Volatile: callFromThread and stop may
  // queue work from any thread; they queue first and set this after, and hasWorkNow clears it
  // before it looks at the queues, so no work is missed.
  private volatile boolean turnWorkMaybe;
  private final Thread ownerThread = Thread.currentThread();

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
    this.timers = new TimerQueue(start, () -> nowNanos, this::checkThread);
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
   * Returns {@link #elapsed()} in nanoseconds, without building a {@link Duration}: for code that
   * stamps many events, such as a network's trace.
   *
   * @return the elapsed fake time in nanoseconds, never negative
   */
  public long elapsedNanos() {
    return nowNanos;
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
    return callLater(delay, call, false, null);
  }

  /**
   * {@link #callLater(Duration, Runnable)} for a call whose user call site the caller already
   * found, where the reactor's own frames between the user and here are many: a connect timeout
   * takes the site its {@code connectTCP} noted, instead of a deeper walk.
   */
  DelayedCall callLater(Duration delay, Runnable call, @Nullable StackTraceElement callSite) {
    return callLater(delay, call, true, callSite);
  }

  private DelayedCall callLater(
      Duration delay, Runnable call, boolean siteGiven, @Nullable StackTraceElement givenSite) {
    Checks.nonNegative(delay, "delay");
    Objects.requireNonNull(call, "call");
    Runnable scheduled = call;
    boolean noteCallSite = captureCallSites && !Actions.isTraffic(call);
    if (noteCallSite || captureCreationSites) {
      scheduled =
          new ScheduledCall(
              call,
              !noteCallSite ? null : siteGiven ? givenSite : CallSites.firstUserFrame(),
              captureCreationSites ? new CreationSite("delayed call due " + dueTime(delay)) : null);
    }
    return timers.schedule(delay, scheduled);
  }

  /**
   * Moves time forward by {@code amount}, running every call that falls due on the way, in
   * order, each with {@link #now()} at its own due time, and before each instant it moves to (and
   * at the target) the turns of every reactor on this Clock until none has work left.
   *
   * @param amount how far to move, not negative ({@link Duration#ZERO} runs what is due now)
   * @return this Clock
   * @throws IllegalArgumentException if {@code amount} is negative
   * @throws IllegalStateException if called from a call this Clock is running, or work keeps
   *     requeueing itself at one instant (see {@link #runawayLimit()})
   * @throws dev.weft.reactor.WrongThreadException if called from a thread other than the owner
   * @throws RuntimeException whatever a call threw; see the class comment
   */
  public Clock advance(Duration amount) {
    Checks.nonNegative(amount, "amount");
    runUntil(Checks.saturatedAdd(nowNanos, Checks.saturatedNanos(amount)));
    return this;
  }

  /**
   * Runs the reactors' work left at the current instant, then moves time to the earliest pending
   * call and runs every call due at that instant (including, on later turns, calls they schedule
   * with zero delay) and the reactor work they cause.
   *
   * @return {@code false}, without moving time, if no call and no reactor work was pending
   * @throws IllegalStateException as {@link #advance(Duration)}
   */
  public boolean advanceToNextCall() {
    checkThread();
    checkNotAdvancing();
    advancing = true;
    try {
      boolean ran = settle();
      if (timers.isEmpty()) {
        return ran;
      }
      nowNanos = Math.max(nowNanos, timers.nextDueNanos());
      settle();
      return true;
    } finally {
      advancing = false;
    }
  }

  /**
   * Advances from call to call until no call and no reactor work is pending, as if the test
   * waited as long as needed.
   *
   * @return how many delayed calls ran
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
   * Sets how many turns may run at one instant (and how many calls {@link #runUntilIdle()} may
   * run in all) before they fail; raise it for a test that legitimately runs that many.
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
    checkThread();
    checkNotAdvancing();
    advancing = true;
    try {
      while (true) {
        settle();
        // An empty queue answers Long.MAX_VALUE, which a saturated target would not exceed.
        long next = timers.nextDueNanos();
        if (timers.isEmpty() || next > target) {
          break;
        }
        nowNanos = Math.max(nowNanos, next);
      }
      nowNanos = Math.max(nowNanos, target);
    } finally {
      advancing = false;
    }
  }

  /** Runs turns at the current instant until no reactor work and no due call is left. */
  private boolean settle() {
    int turns = 0;
    while (hasWorkNow()) {
      if (++turns > runawayLimit) {
        throw new IllegalStateException(
            "Clock ran " + runawayLimit + " turns at " + now() + " without time moving; some work"
                + " requeues itself every turn, probably a call that reschedules itself with zero"
                + " delay or a callFromThread call that queues itself again (next: "
                + describeWorkNow() + "). Fix the loop, or raise the limit with"
                + " setRunawayLimit(int)");
      }
      turnNow();
    }
    return turns > 0;
  }

  /**
   * Tells whether a turn at the current instant has anything to run: a delayed call due now, or
   * turn work of a reactor on this Clock (calls from threads, requests such as closes and
   * {@code startedConnecting}). When it answers {@code false}, only moving time can make
   * anything happen; a driver that steps turn by turn uses it to know when to advance.
   *
   * @return whether {@link MemoryReactor#iterate()} would run anything now
   */
  public boolean hasWorkNow() {
    if (!timers.isEmpty() && timers.nextDueNanos() <= nowNanos) {
      return true;
    }
    if (!turnWorkMaybe) {
      return false;
    }
    turnWorkMaybe = false;
    for (int i = 0; i < reactors.size(); i++) {
      if (reactors.get(i).hasTurnWork()) {
        turnWorkMaybe = true;
        return true;
      }
    }
    return false;
  }

  private String describeWorkNow() {
    if (!timers.isEmpty() && timers.nextDueNanos() <= nowNanos) {
      return String.valueOf(timers.peek());
    }
    for (MemoryReactor reactor : reactors) {
      if (reactor.hasTurnWork()) {
        return reactor.describeTurnWork();
      }
    }
    return "nothing";
  }

  /**
   * One turn at the current instant, by the rule of {@code TurnTasks}: every reactor's calls
   * from threads and requests queued before it, the calls due now scheduled before the timer
   * phase, then every reactor's requests queued since.
   */
  private void turnNow() {
    // By index: a callback may create a reactor on this Clock, which joins from the next turn.
    int n = reactors.size();
    // Skipping the reactors when none has work leaves a turn of delayed calls alone O(1).
    if (turnWorkMaybe) {
      for (int i = 0; i < n; i++) {
        reactors.get(i).runTurnStart();
      }
    }
    long mark = timers.sequenceMark();
    TimerQueue.Timer timer;
    while ((timer = timers.pollDue(nowNanos, mark)) != null) {
      nowNanos = Math.max(nowNanos, timer.dueNanos());
      callsRun++;
      timer.run();
    }
    if (turnWorkMaybe) {
      for (int i = 0; i < n; i++) {
        reactors.get(i).runTurnEnd();
      }
    }
  }

  /**
   * Runs exactly one turn of every reactor on this Clock at the current instant, without moving
   * time: what {@link MemoryReactor#iterate()} does.
   */
  void turn() {
    checkThread();
    checkNotAdvancing();
    advancing = true;
    try {
      turnNow();
    } finally {
      advancing = false;
    }
  }

  /** Tells whether the Clock is inside an advance or a turn. */
  boolean isAdvancing() {
    return advancing;
  }

  /** Notes that a reactor on this Clock queued turn work; any thread, after queueing it. */
  void turnWorkAdded() {
    turnWorkMaybe = true;
  }

  /** Adds a reactor whose turns this Clock runs, after those already registered. */
  void register(MemoryReactor reactor) {
    reactors.add(reactor);
  }

  /** Notes a network built on this Clock; see {@link #networks}. */
  void attachNetwork(Object network) {
    synchronized (networks) {
      networks.add(network);
    }
  }

  /** The networks built on this Clock, in build order. */
  List<Object> networks() {
    synchronized (networks) {
      return List.copyOf(networks);
    }
  }

  /**
   * Returns the reactors created on this Clock, in registration order, which is the order their
   * turn work runs in.
   *
   * @return a snapshot
   */
  public List<MemoryReactor> reactors() {
    return List.copyOf(reactors);
  }

  /** Tells whether the calling thread owns this Clock and its reactors. */
  boolean isOwnerThread() {
    return Thread.currentThread() == ownerThread;
  }

  /**
   * Fails unless the calling thread owns this Clock and its reactors; see the class comment.
   *
   * @throws dev.weft.reactor.WrongThreadException if it does not
   */
  void checkThread() {
    Thread own = ownerThread;
    if (Thread.currentThread() != own) {
      Checks.onOwnerThread(own, stateName());
    }
  }

  private String stateName() {
    return reactors.isEmpty() ? "a Clock" : reactors.get(0).stateName();
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
