package dev.weft.reactor.internal;

import dev.weft.reactor.Deferred;
import dev.weft.reactor.DelayedCall;
import dev.weft.reactor.ReactorTime;
import dev.weft.reactor.SystemEvent;
import dev.weft.reactor.TriggerHandle;
import dev.weft.reactor.TriggerPhase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The system event triggers of one reactor, real or fake: registered per event and phase, fired
 * phase by phase, waiting for the stages of async BEFORE triggers (Twisted's
 * {@code _ThreePhaseEvent}). Not thread-safe: only the reactor's thread uses it.
 *
 * <p>A trigger that throws, or whose stage fails, is reported to the error sink and the others
 * carry on; a failed stage still counts as finished so that shutdown cannot hang on it. That holds
 * for every throwable, even a {@linkplain FatalErrors fatal} one: deciding that the reactor must
 * stop is the sink's job, and the firing continues so that a shutdown always completes. Triggers
 * of one phase run in registration order, over a snapshot, so a trigger may add or remove
 * triggers while its phase runs.
 */
public final class SystemEventTriggers {
  private final Map<TriggerHandle, Supplier<? extends @Nullable CompletionStage<?>>> triggers =
      new LinkedHashMap<>();
  private final BiConsumer<String, @Nullable Throwable> errors;
  private final Executor resume;
  private final @Nullable Executor deferredExecutor;
  private long nextId;

  /**
   * Creates an empty registry.
   *
   * @param errors receives a description and what a trigger threw or its stage failed with; the
   *     exception is {@code null} only for the warning that a bounded wait gave up
   * @param resume runs the bookkeeping when a BEFORE stage completes: the reactor's
   *     {@code callFromThread} for a real loop (stages may complete on any thread), or
   *     {@code Runnable::run} for a single-threaded fake
   * @param deferredExecutor the default executor of the Deferreds {@code fire} returns, or
   *     {@code null} for none
   */
  public SystemEventTriggers(
      BiConsumer<String, @Nullable Throwable> errors,
      Executor resume,
      @Nullable Executor deferredExecutor) {
    this.errors = Objects.requireNonNull(errors, "errors");
    this.resume = Objects.requireNonNull(resume, "resume");
    this.deferredExecutor = deferredExecutor;
  }

  /**
   * Registers a trigger.
   *
   * @param phase the phase
   * @param event the event
   * @param trigger starts the work and returns its stage, or {@code null} when there is nothing
   *     to wait for
   * @return the handle, unique within this registry
   */
  public TriggerHandle add(
      TriggerPhase phase,
      SystemEvent event,
      Supplier<? extends @Nullable CompletionStage<?>> trigger) {
    Objects.requireNonNull(phase, "phase");
    Objects.requireNonNull(event, "event");
    Objects.requireNonNull(trigger, "trigger");
    TriggerHandle handle = new TriggerHandle(event, phase, nextId++);
    triggers.put(handle, trigger);
    return handle;
  }

  /**
   * Removes a trigger.
   *
   * @param handle the handle {@link #add} returned
   * @throws IllegalArgumentException if it is not registered
   */
  public void remove(TriggerHandle handle) {
    Objects.requireNonNull(handle, "handle");
    if (triggers.remove(handle) == null) {
      throw new IllegalArgumentException(
          "no such system event trigger registered (already removed, or from another reactor): "
              + handle);
    }
  }

  /**
   * Returns how many triggers are registered, over all events and phases.
   *
   * @return the count
   */
  public int size() {
    return triggers.size();
  }

  /**
   * Fires {@code event} and waits for its async BEFORE triggers as long as they take: BEFORE,
   * then DURING, then AFTER.
   *
   * @param event the event
   * @return completes after the AFTER phase; never fails
   */
  public Deferred<Void> fire(SystemEvent event) {
    Objects.requireNonNull(event, "event");
    return start(event, () -> {}, null, null);
  }

  /**
   * Fires {@code event} and waits for its async BEFORE triggers as long as they take: BEFORE,
   * then DURING, {@code afterDuring}, and AFTER; how a fake reactor shuts down, the test
   * completing the BEFORE stages.
   *
   * @param event the event
   * @param afterDuring the reactor's own work between DURING and AFTER
   * @return completes after the AFTER phase; never fails
   */
  public Deferred<Void> fire(SystemEvent event, Runnable afterDuring) {
    Objects.requireNonNull(event, "event");
    Objects.requireNonNull(afterDuring, "afterDuring");
    return start(event, afterDuring, null, null);
  }

  /**
   * Fires {@code event}: runs the BEFORE triggers, waits at most {@code bound} (on {@code time})
   * for the stages they returned, then runs DURING, {@code afterDuring}, and AFTER. With no stage
   * pending the whole event runs on the caller's thread; otherwise the rest runs where
   * {@code resume} runs the last completion, or when the bound expires (reported as a warning).
   *
   * @param event the event
   * @param afterDuring the reactor's own work between DURING and AFTER (shutdown closes its
   *     connections there)
   * @param bound how long to wait for BEFORE stages
   * @param time schedules the bound
   * @return completes after the AFTER phase; never fails
   */
  public Deferred<Void> fire(
      SystemEvent event, Runnable afterDuring, Duration bound, ReactorTime time) {
    Objects.requireNonNull(event, "event");
    Objects.requireNonNull(afterDuring, "afterDuring");
    Checks.positive(bound, "bound");
    Objects.requireNonNull(time, "time");
    return start(event, afterDuring, bound, time);
  }

  private Deferred<Void> start(
      SystemEvent event,
      Runnable afterDuring,
      @Nullable Duration bound,
      @Nullable ReactorTime time) {
    Deferred<Void> done = new Deferred<>(deferredExecutor, null);
    Runnable rest =
        () -> {
          runPhase(event, TriggerPhase.DURING);
          afterDuring.run();
          runPhase(event, TriggerPhase.AFTER);
          done.complete(null);
        };
    BeforeWait wait = new BeforeWait(rest);
    for (Map.Entry<TriggerHandle, Supplier<? extends @Nullable CompletionStage<?>>> trigger :
        snapshot(event, TriggerPhase.BEFORE)) {
      CompletionStage<?> stage = call(trigger);
      if (stage != null) {
        String what = describe(trigger.getKey());
        wait.pending++;
        // Attached at once so that failures are reported in trigger order; the extra count held
        // by the registration loop keeps a stage that is already complete from moving on early.
        stage.whenComplete(
            (value, failure) ->
                resume.execute(
                    () -> {
                      if (failure != null) {
                        errors.accept(what + " failed", failure);
                      }
                      wait.finishOne();
                    }));
      }
    }
    if (wait.pending > 1 && bound != null && time != null) {
      wait.timeout =
          time.callLater(
              bound,
              () -> {
                if (!wait.movedOn) {
                  errors.accept(
                      event + " BEFORE triggers still pending after " + bound + "; carrying on",
                      null);
                  wait.moveOn();
                }
              });
    }
    wait.finishOne();
    return done;
  }

  private void runPhase(SystemEvent event, TriggerPhase phase) {
    for (Map.Entry<TriggerHandle, Supplier<? extends @Nullable CompletionStage<?>>> trigger :
        snapshot(event, phase)) {
      call(trigger);
    }
  }

  private @Nullable CompletionStage<?> call(
      Map.Entry<TriggerHandle, Supplier<? extends @Nullable CompletionStage<?>>> trigger) {
    try {
      return trigger.getValue().get();
    } catch (Throwable failure) {
      // Fatal errors too: the sink decides whether the reactor stops, and the firing goes on so
      // that a shutdown always reaches its end.
      errors.accept(describe(trigger.getKey()) + " threw", failure);
      return null;
    }
  }

  private static String describe(TriggerHandle handle) {
    return handle.phase() + " " + handle.event() + " trigger #" + handle.id();
  }

  private List<Map.Entry<TriggerHandle, Supplier<? extends @Nullable CompletionStage<?>>>> snapshot(
      SystemEvent event, TriggerPhase phase) {
    List<Map.Entry<TriggerHandle, Supplier<? extends @Nullable CompletionStage<?>>>> due =
        new ArrayList<>();
    for (Map.Entry<TriggerHandle, Supplier<? extends @Nullable CompletionStage<?>>> e :
        triggers.entrySet()) {
      if (e.getKey().event() == event && e.getKey().phase() == phase) {
        due.add(Map.entry(e.getKey(), e.getValue()));
      }
    }
    return due;
  }

  /** The BEFORE stages still pending in one firing, and whether the firing has moved on. */
  private static final class BeforeWait {
    private final Runnable rest;
    // Starts at one for the registration loop itself.
    int pending = 1;
    boolean movedOn;
    @Nullable DelayedCall timeout;

    BeforeWait(Runnable rest) {
      this.rest = rest;
    }

    void finishOne() {
      if (--pending == 0 && !movedOn) {
        if (timeout != null) {
          timeout.cancel();
        }
        moveOn();
      }
    }

    void moveOn() {
      movedOn = true;
      rest.run();
    }
  }
}
