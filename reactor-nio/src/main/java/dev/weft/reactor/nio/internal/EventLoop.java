package dev.weft.reactor.nio.internal;

import dev.weft.reactor.DelayedCall;
import dev.weft.reactor.ReactorExecutor;
import dev.weft.reactor.ReactorTime;
import dev.weft.reactor.WrongThreadException;
import dev.weft.reactor.internal.Checks;
import dev.weft.reactor.internal.FatalErrors;
import dev.weft.reactor.internal.TimerQueue;
import dev.weft.reactor.internal.TurnTasks;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The selector loop: one thread that owns a {@link Selector}, the timer heap and the task queues,
 * and hands readiness to the {@link Selectable} attached to each key. It knows nothing of TCP and
 * nothing of starting and stopping: {@link Lifecycle} runs it, and the facets ({@link Tcp},
 * {@link BlockingPools}) register their channels and tasks with it.
 *
 * <p><b>A turn</b> follows the rule of {@link TurnTasks}, which the fake reactors share: the
 * {@code callFromThread} tasks queued before the turn (a bounded batch), the loop's own tasks
 * queued before the turn ({@link #runLater}), the timers due now that were scheduled before the
 * timer phase, the tasks those queued, and then a select: without blocking if work is waiting,
 * otherwise until the next timer is due or a task arrives.
 *
 * <p><b>Errors.</b> Every callback runs behind a guard that catches any throwable and hands it to
 * {@link #report}; the loop carries on. A throwable that {@link FatalErrors} calls fatal is also
 * passed to the {@link Owner}, which stops the reactor in order. A throwable escaping the loop's
 * own code, outside every guard, goes to {@link Owner#loopFailed}.
 *
 * <p><b>Threads.</b> {@link #callFromThread}, {@link #exit}, {@link #report},
 * {@link #isOwnerThread} and {@link #checkThread} are thread-safe; everything else is for the
 * owning thread. Before the loop runs, the owner is the thread that created it.
 */
public final class EventLoop implements ReactorTime {
  /** What the loop needs from whatever runs it. */
  interface Owner {

    /**
     * Describes the reactor's state for error messages ("running", "stopped", ...).
     *
     * @return a few words
     */
    String stateName();

    /**
     * A callback threw a fatal error (already reported); the reactor must stop in order. Called
     * on any thread.
     *
     * @param error the error
     */
    void failed(Throwable error);

    /**
     * The loop's own code threw, outside every callback guard.
     *
     * @param error what it threw
     * @return whether the loop should keep turning (to finish an orderly shutdown)
     */
    boolean loopFailed(Throwable error);
  }

  final LoopSettings settings;
  private final Owner owner;
  private volatile Thread ownerThread;
  private final Selector selector;
  private final Consumer<SelectionKey> dispatch = this::dispatch;
  private final Consumer<Runnable> runForeign = task -> runGuarded(task, "callFromThread call");
  private final Consumer<Runnable> runLocal = task -> runGuarded(task, "reactor task");
  private final TurnTasks<Runnable> tasks = new TurnTasks<>();
  private final AtomicBoolean sleeping = new AtomicBoolean();
  private final long originNanos = System.nanoTime();
  private final TimerQueue timers;
  private final ReactorExecutor executor = new LoopExecutor();
  private volatile boolean exit;
  // Shared by every connection: the loop reads one socket at a time and the protocol may use the
  // bytes only during dataReceived, so one direct buffer and one read-only view serve them all.
  final ByteBuffer readBuffer;
  final ByteBuffer readView;
  // Shared by every connection's write queue: chunks are borrowed only while bytes wait.
  final ChunkPool writeChunks = new ChunkPool();

  /**
   * Opens the selector; the calling thread owns the loop until {@link #takeOwnership()}.
   *
   * @param settings the checked knobs
   * @param owner what runs the loop
   */
  EventLoop(LoopSettings settings, Owner owner) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.owner = Objects.requireNonNull(owner, "owner");
    this.ownerThread = Thread.currentThread();
    try {
      this.selector = Selector.open();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open a selector", e);
    }
    this.timers = new TimerQueue(Instant.now(), this::clockNanos, this::checkThread);
    this.readBuffer = ByteBuffer.allocateDirect(settings.readBufferSize());
    this.readView = readBuffer.asReadOnlyBuffer();
  }

  private long clockNanos() {
    return System.nanoTime() - originNanos;
  }

  // ---------------------------------------------------------------- threads

  /** Makes the calling thread the owner: the thread about to run the loop. */
  void takeOwnership() {
    ownerThread = Thread.currentThread();
  }

  /**
   * Fails unless the caller is the owning thread.
   *
   * @throws WrongThreadException if called from another thread
   */
  public void checkThread() {
    Thread own = ownerThread;
    if (Thread.currentThread() != own) {
      Checks.onOwnerThread(own, owner.stateName());
    }
  }


  /**
   * Tells whether the caller is the owning thread. Any thread.
   *
   * @return whether reactor methods may be called from here
   */
  public boolean isOwnerThread() {
    return Thread.currentThread() == ownerThread;
  }

  // ---------------------------------------------------------------- turns

  /** Turns until {@link #exit()}, or until the owner gives up after the loop's own code failed. */
  void run() {
    while (!exit) {
      try {
        turn();
      } catch (Throwable t) {
        if (!owner.loopFailed(t)) {
          return;
        }
      }
    }
  }

  private void turn() {
    runForeignTasks();
    runLocalTasks();
    runDueTimers();
    runLocalTasks();
    if (!exit) {
      select();
    }
  }

  /** Asks the loop to return after the current turn, waking it if it sleeps. Any thread. */
  void exit() {
    exit = true;
    // A no-op once the selector is closed.
    selector.wakeup();
  }

  /** Runs the tasks queued by the last turns (late callbacks of a shutdown), a bounded number of rounds. */
  void drainLocalTasks() {
    for (int round = 0; round < 16 && tasks.hasLocal(); round++) {
      runLocalTasks();
    }
  }

  private void select() {
    try {
      if (tasks.hasLocal()) {
        selector.selectNow(dispatch);
        return;
      }
      long next = timers.nextDueNanos();
      long waitNanos = next == Long.MAX_VALUE ? -1 : Math.max(0, next - clockNanos());
      if (waitNanos == 0) {
        selector.selectNow(dispatch);
        return;
      }
      sleeping.set(true);
      // A task queued before the flag was set found no sleeper to wake: look before sleeping.
      if (tasks.hasFromThreads() || exit) {
        sleeping.set(false);
        selector.selectNow(dispatch);
        return;
      }
      if (waitNanos < 0) {
        selector.select(dispatch);
      } else {
        selector.select(dispatch, Math.max(1, (waitNanos + 999_999) / 1_000_000));
      }
      sleeping.set(false);
    } catch (IOException e) {
      report("selector failed; retrying", e);
    }
  }

  private void dispatch(SelectionKey key) {
    if (!key.isValid()) {
      return;
    }
    Selectable target = (Selectable) key.attachment();
    try {
      target.ready(key.readyOps());
    } catch (Throwable t) {
      report("unexpected failure handling " + target + "; closing it", t);
      target.closeQuietly();
    }
  }

  private void runForeignTasks() {
    // Only the tasks queued before the turn, bounded, so that a task that re-posts itself cannot
    // starve I/O and timers.
    tasks.runFromThreads(runForeign);
  }

  private void runLocalTasks() {
    tasks.runLocal(runLocal);
  }

  private void runDueTimers() {
    // Only the timers scheduled before this phase: one that reschedules itself with zero delay
    // runs once per turn, whatever the resolution of the clock.
    long mark = timers.sequenceMark();
    long now = clockNanos();
    TimerQueue.Timer timer;
    while ((timer = timers.pollDue(now, mark)) != null) {
      // Not runGuarded(timer::run, ...): no allocation per timer on the hot path.
      try {
        timer.run();
      } catch (Throwable t) {
        report("delayed call threw; carrying on", t);
      }
    }
  }

  /**
   * Runs {@code task}; whatever it throws is {@linkplain #report reported} and the loop carries on.
   *
   * @param task user code, or reactor code that calls it
   * @param what names the task in the report
   */
  void runGuarded(Runnable task, String what) {
    try {
      task.run();
    } catch (Throwable t) {
      report(what + " threw; carrying on", t);
    }
  }

  /** Runs {@code task} on the next turn of the loop; loop thread only. */
  void runLater(Runnable task) {
    tasks.addLocal(task);
  }

  // ---------------------------------------------------------------- time and tasks

  @Override
  public Instant now() {
    return timers.toInstant(clockNanos());
  }

  @Override
  public DelayedCall callLater(Duration delay, Runnable call) {
    return timers.schedule(delay, call);
  }

  /**
   * Queues {@code call} for the next turn and wakes the loop if it sleeps. Any thread; dropped
   * once the loop is closed, since nobody would ever run it.
   *
   * @param call the task
   */
  public void callFromThread(Runnable call) {
    Objects.requireNonNull(call, "call");
    if (!tasks.addFromThread(call)) {
      return;
    }
    // Only a sleeping loop needs the (costly) wake-up; an awake one drains the queue next turn.
    if (sleeping.get() && sleeping.compareAndSet(true, false)) {
      selector.wakeup();
    }
  }

  /**
   * Returns an executor that runs tasks with {@link #callFromThread}: the default executor of the
   * Deferreds the reactor makes, which refuse to block this loop's thread and log their
   * unobserved failures to this loop's logger.
   *
   * @return the executor, the same one every time
   */
  public ReactorExecutor executor() {
    return executor;
  }

  /** This loop as the executor of its Deferreds. */
  private final class LoopExecutor implements ReactorExecutor {
    @Override
    public void execute(Runnable task) {
      callFromThread(task);
    }

    @Override
    public boolean inReactorThread() {
      return isOwnerThread();
    }

    @Override
    public void reportUnobservedFailure(Throwable failure) {
      // Logged, not judged: a cleaner thread must not make the reactor stop.
      log("Unobserved failure in a Deferred of this reactor: it failed, and nothing chained a"
          + " stage on it or read its result before it became unreachable", failure);
    }
  }

  // ---------------------------------------------------------------- channels

  SelectionKey register(SelectableChannel channel, int ops, @Nullable Selectable target)
      throws IOException {
    channel.configureBlocking(false);
    return channel.register(selector, ops, target);
  }

  /**
   * Returns what the valid keys are attached to, in no particular order.
   *
   * @return a snapshot
   */
  List<Selectable> registered() {
    List<Selectable> result = new ArrayList<>();
    for (SelectionKey key : selector.keys()) {
      if (key.isValid() && key.attachment() instanceof Selectable s) {
        result.add(s);
      }
    }
    return result;
  }

  /**
   * Closes every registered channel without calling user code, forgets timers and tasks, and
   * closes the selector. Called once the loop no longer runs.
   */
  void close() {
    for (SelectionKey key : new ArrayList<>(selector.keys())) {
      if (key.attachment() instanceof Selectable s) {
        s.closeQuietly();
      }
    }
    timers.clear();
    try {
      // Also releases the descriptors of channels closed while registered.
      selector.close();
    } catch (IOException e) {
      report("closing the selector failed", e);
    }
    tasks.closeFromThreads();
    tasks.clear();
  }

  // ---------------------------------------------------------------- errors

  /**
   * Logs a problem to the configured logger; a {@linkplain FatalErrors#isFatal fatal} error also
   * makes the owner stop the reactor. Any thread.
   *
   * @param message what happened and what the reactor does about it
   * @param error the cause, or {@code null} for a warning
   */
  void report(String message, @Nullable Throwable error) {
    log(message, error);
    if (error != null && FatalErrors.isFatal(error)) {
      owner.failed(error);
    }
  }

  /** Logs without judging; a broken logger must not break the loop. */
  void log(String message, @Nullable Throwable error) {
    System.Logger logger = settings.logger();
    try {
      if (error == null) {
        logger.log(System.Logger.Level.WARNING, message);
      } else {
        logger.log(System.Logger.Level.ERROR, message, error);
      }
    } catch (RuntimeException broken) {
      // stderr is the last place left to say it.
      System.err.println("weft: logger " + logger + " failed (" + broken + ") reporting: " + message);
      if (error != null) {
        error.printStackTrace();
      }
    }
  }
}
