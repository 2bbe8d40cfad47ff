package dev.weft.reactor.nio.internal;

import dev.weft.reactor.Deferred;
import dev.weft.reactor.SystemEvent;
import dev.weft.reactor.TriggerHandle;
import dev.weft.reactor.TriggerPhase;
import dev.weft.reactor.internal.Checks;
import dev.weft.reactor.internal.FatalErrors;
import dev.weft.reactor.internal.SystemEventTriggers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The life of one reactor: it runs once, stops in order (shutdown triggers around the facets'
 * {@link Facet#shutDown()}), or crashes; it owns the {@link EventLoop} and the system event
 * triggers, and records the error that stopped it, if any.
 *
 * <p><b>Stopping in order</b>, after {@link #stop()} or a fatal error: BEFORE triggers (their
 * stages awaited up to the shutdown timeout while the loop keeps serving), DURING triggers, every
 * facet's {@code shutDown} in registration order, AFTER triggers; then the loop exits, drains the
 * callbacks that shutdown deferred, closes every channel and releases every facet.
 *
 * <p><b>Fatal errors.</b> When a callback throws an error {@link FatalErrors} calls fatal, the
 * error is logged, the reactor stops in order as above, and {@link #run()} throws the error once
 * everything is released; {@link #failure()} returns it. The first fatal error wins; later ones
 * are only logged. A throwable escaping the loop's own code (outside every callback guard) is
 * treated as fatal whatever its type, since the loop's state can no longer be trusted; if the
 * loop's own code fails again during that shutdown, the loop gives up and releases everything
 * without further callbacks.
 *
 * <p><b>Threads.</b> {@link #stop()}, {@link #crash()}, {@link #isRunning()},
 * {@link #failure()} and the waiting methods are thread-safe; the trigger methods and
 * {@link #callWhenRunning} check the loop's owning thread.
 */
public final class Lifecycle implements EventLoop.Owner {
  private static final int NEW = 0;
  private static final int RUNNING = 1;
  private static final int STOPPING = 2;
  private static final int STOPPED = 3;

  private final LoopSettings settings;
  private final AtomicInteger state = new AtomicInteger(NEW);
  private final EventLoop loop;
  private final SystemEventTriggers triggers;
  private final List<Facet> facets = new ArrayList<>();
  private final List<Runnable> whenRunning = new ArrayList<>();
  private final CountDownLatch started = new CountDownLatch(1);
  private final CountDownLatch terminated = new CountDownLatch(1);
  private final CompletableFuture<Void> termination = new CompletableFuture<>();
  private final AtomicReference<@Nullable Throwable> failure = new AtomicReference<>();
  private volatile boolean crashed;
  private boolean startupDone;
  private int loopFailures;

  /**
   * Opens the loop's selector; the calling thread owns the reactor until {@link #run()}.
   *
   * @param settings the checked knobs
   */
  public Lifecycle(LoopSettings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.loop = new EventLoop(settings, this);
    this.triggers = new SystemEventTriggers(loop::report, loop::callFromThread, loop.executor());
  }

  /**
   * Returns the loop every facet registers with.
   *
   * @return the loop
   */
  public EventLoop loop() {
    return loop;
  }

  /**
   * Registers a facet: shut down in order with the reactor and released after the loop exits.
   * Call while building the reactor.
   *
   * @param facet the facet
   * @param <F> its type
   * @return {@code facet}
   */
  public <F extends Facet> F add(F facet) {
    facets.add(Objects.requireNonNull(facet, "facet"));
    return facet;
  }

  @Override
  public String stateName() {
    return switch (state.get()) {
      case NEW -> "not running yet";
      case RUNNING -> "running";
      case STOPPING -> "stopping";
      default -> "stopped";
    };
  }

  // ---------------------------------------------------------------- run, stop, crash

  /**
   * Runs the loop on the calling thread until it stops; see the class comment.
   *
   * @throws IllegalStateException if the reactor ran before
   * @throws Error or RuntimeException the fatal error that stopped the reactor, thrown after
   *     everything was released
   */
  public void run() {
    if (!state.compareAndSet(NEW, RUNNING)) {
      throw new IllegalStateException(
          "reactor is " + stateName() + "; a reactor runs once: build a new one");
    }
    loop.takeOwnership();
    started.countDown();
    try {
      if (failure.get() != null) {
        beginShutdown();
      }
      triggers
          .fire(SystemEvent.STARTUP, () -> {}, settings.shutdownTimeout(), loop)
          .whenComplete((v, e) -> runWhenRunningCalls());
      loop.run();
      if (!crashed) {
        // Callbacks deferred by the shutdown itself (port doStop, late connectionLost) still run.
        loop.drainLocalTasks();
      }
    } catch (Throwable t) {
      // Only the loop's own machinery gets here (a broken logger, an error while reporting).
      failure.compareAndSet(null, t);
    } finally {
      try {
        release();
      } finally {
        state.set(STOPPED);
        terminated.countDown();
        termination.complete(null);
      }
    }
    Throwable f = failure.get();
    if (f != null) {
      throw FatalErrors.rethrow(f);
    }
  }

  private void runWhenRunningCalls() {
    startupDone = true;
    List<Runnable> calls = new ArrayList<>(whenRunning);
    whenRunning.clear();
    for (Runnable call : calls) {
      loop.runGuarded(call, "callWhenRunning call");
    }
  }

  /**
   * Stops the reactor in order; see the class comment. Any thread.
   *
   * @throws IllegalStateException if the reactor is not running (never ran, or already stopping)
   */
  public void stop() {
    if (!state.compareAndSet(RUNNING, STOPPING)) {
      throw new IllegalStateException(
          "reactor is " + stateName() + "; stop() is for a running reactor (call it once)");
    }
    loop.callFromThread(this::shutDown);
  }

  private void beginShutdown() {
    if (state.compareAndSet(RUNNING, STOPPING)) {
      loop.callFromThread(this::shutDown);
    }
  }

  private void shutDown() {
    triggers
        .fire(SystemEvent.SHUTDOWN, this::shutDownFacets, settings.shutdownTimeout(), loop)
        .whenComplete((v, e) -> loop.exit());
  }

  private void shutDownFacets() {
    for (Facet facet : facets) {
      loop.runGuarded(facet::shutDown, "shutting down " + facet);
    }
  }

  /**
   * Stops at once: no trigger and no callback runs; the loop exits at its next turn and closes
   * every channel silently. On a reactor that never ran, releases everything now. Any thread.
   */
  public void crash() {
    crashed = true;
    if (state.compareAndSet(NEW, STOPPED)) {
      // Never ran: nobody else will release what the owner opened while configuring it.
      try {
        release();
      } finally {
        started.countDown();
        terminated.countDown();
        termination.complete(null);
      }
      return;
    }
    state.compareAndSet(RUNNING, STOPPING);
    loop.exit();
  }

  private void release() {
    loop.close();
    for (Facet facet : facets) {
      try {
        facet.release();
      } catch (RuntimeException e) {
        loop.log("releasing " + facet + " failed", e);
      }
    }
  }

  @Override
  public void failed(Throwable error) {
    // After termination (pool work still running) there is nothing left to stop; it was logged.
    if (state.get() != STOPPED && failure.compareAndSet(null, error)) {
      // Before run(), run() starts the shutdown itself.
      beginShutdown();
    }
  }

  @Override
  public boolean loopFailed(Throwable error) {
    loop.log("the reactor loop itself failed; stopping", error);
    failure.compareAndSet(null, error);
    if (++loopFailures > 1 || crashed) {
      // Failing again while stopping: an orderly end is out of reach, release what is left.
      crashed = true;
      return false;
    }
    beginShutdown();
    return true;
  }

  /**
   * Tells whether the reactor runs and has not begun to stop. Any thread.
   *
   * @return whether it is running
   */
  public boolean isRunning() {
    return state.get() == RUNNING;
  }

  /**
   * Returns the error that stopped the reactor: a fatal error thrown by a callback, or a failure
   * of the loop itself. Any thread; set before the reactor terminates.
   *
   * @return the error, or empty if none (yet)
   */
  public Optional<Throwable> failure() {
    return Optional.ofNullable(failure.get());
  }

  /**
   * Waits until the loop thread owns the loop or it has already terminated.
   *
   * @param timeout the bound
   * @return whether it started within the bound
   * @throws InterruptedException if interrupted
   */
  public boolean awaitStarted(Duration timeout) throws InterruptedException {
    return started.await(Checks.saturatedNanos(timeout), TimeUnit.NANOSECONDS);
  }

  /**
   * Waits until {@link #run()} has released everything.
   *
   * @param timeout the bound
   * @return whether the loop terminated within the bound
   * @throws InterruptedException if interrupted
   */
  public boolean awaitTermination(Duration timeout) throws InterruptedException {
    return terminated.await(Checks.saturatedNanos(timeout), TimeUnit.NANOSECONDS);
  }

  /**
   * Tells whether {@link #run()} has released everything (or the never-run reactor crashed).
   *
   * @return whether the reactor is over
   */
  public boolean isTerminated() {
    return terminated.getCount() == 0;
  }

  /**
   * Returns a future completed once the loop has terminated (however it ended), on the thread
   * that released it. Any thread.
   *
   * @return the termination, completed normally
   */
  public CompletableFuture<Void> termination() {
    return termination;
  }

  // ---------------------------------------------------------------- triggers

  /**
   * Runs {@code call} once startup triggers are done, or on the next turn if they are.
   *
   * @param call the call
   */
  public void callWhenRunning(Runnable call) {
    Objects.requireNonNull(call, "call");
    loop.checkThread();
    if (startupDone) {
      loop.runLater(call);
    } else {
      whenRunning.add(call);
    }
  }

  /**
   * Adds a synchronous trigger.
   *
   * @param phase the phase
   * @param event the event
   * @param trigger the trigger
   * @return its handle
   */
  public TriggerHandle addSystemEventTrigger(
      TriggerPhase phase, SystemEvent event, Runnable trigger) {
    Objects.requireNonNull(phase, "phase");
    Objects.requireNonNull(event, "event");
    Objects.requireNonNull(trigger, "trigger");
    loop.checkThread();
    return triggers.add(
        phase,
        event,
        () -> {
          trigger.run();
          return null;
        });
  }

  /**
   * Adds a trigger whose stage a BEFORE phase waits for.
   *
   * @param phase the phase
   * @param event the event
   * @param trigger the trigger
   * @return its handle
   */
  public TriggerHandle addAsyncSystemEventTrigger(
      TriggerPhase phase, SystemEvent event, Supplier<? extends CompletionStage<?>> trigger) {
    Objects.requireNonNull(phase, "phase");
    Objects.requireNonNull(event, "event");
    Objects.requireNonNull(trigger, "trigger");
    loop.checkThread();
    return triggers.add(phase, event, trigger);
  }

  /**
   * Removes a trigger.
   *
   * @param handle its handle
   */
  public void removeSystemEventTrigger(TriggerHandle handle) {
    Objects.requireNonNull(handle, "handle");
    loop.checkThread();
    triggers.remove(handle);
  }

  /**
   * Fires {@code event}'s triggers (only them: firing SHUTDOWN does not stop the reactor).
   *
   * @param event the event
   * @return completes after the AFTER phase
   */
  public Deferred<Void> fireSystemEvent(SystemEvent event) {
    Objects.requireNonNull(event, "event");
    loop.checkThread();
    return triggers.fire(event, () -> {}, settings.shutdownTimeout(), loop);
  }
}
