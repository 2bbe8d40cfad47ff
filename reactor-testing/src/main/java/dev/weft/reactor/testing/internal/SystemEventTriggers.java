package dev.weft.reactor.testing.internal;

import dev.weft.reactor.Deferred;
import dev.weft.reactor.SystemEvent;
import dev.weft.reactor.TriggerHandle;
import dev.weft.reactor.TriggerPhase;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * The system event triggers of a fake reactor: registered per event and phase, fired phase by
 * phase, waiting for the stages of async BEFORE triggers. A trigger that throws, or whose stage
 * fails, is reported to the error sink and the others carry on.
 */
public final class SystemEventTriggers {
  private final Map<TriggerHandle, Supplier<? extends CompletionStage<?>>> triggers =
      new LinkedHashMap<>();
  private final BiConsumer<String, Throwable> errors;
  private long nextId;

  /**
   * Creates an empty registry.
   *
   * @param errors receives what a trigger threw, with a description
   */
  public SystemEventTriggers(BiConsumer<String, Throwable> errors) {
    this.errors = Objects.requireNonNull(errors, "errors");
  }

  /**
   * Registers a trigger.
   *
   * @param phase the phase
   * @param event the event
   * @param trigger starts the work and returns its stage (a sync trigger returns a done stage)
   * @return the handle
   */
  public TriggerHandle add(
      TriggerPhase phase, SystemEvent event, Supplier<? extends CompletionStage<?>> trigger) {
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
      throw new IllegalArgumentException("no such system event trigger (removed already?): " + handle);
    }
  }

  /**
   * Returns how many triggers are registered.
   *
   * @return the count
   */
  public int size() {
    return triggers.size();
  }

  /**
   * Fires {@code event}: BEFORE triggers, then (once their async stages completed) DURING, then
   * AFTER. Everything runs on the caller's thread; with async BEFORE triggers pending, the rest
   * runs when the last stage completes.
   *
   * @param event the event
   * @return completes after the AFTER phase
   */
  public Deferred<Void> fire(SystemEvent event) {
    Objects.requireNonNull(event, "event");
    Deferred<Void> done = new Deferred<>();
    List<CompletableFuture<?>> waits = runPhase(event, TriggerPhase.BEFORE);
    CompletableFuture.allOf(waits.toArray(new CompletableFuture<?>[0]))
        .whenComplete(
            (ignored, failure) -> {
              runPhase(event, TriggerPhase.DURING);
              runPhase(event, TriggerPhase.AFTER);
              done.complete(null);
            });
    return done;
  }

  private List<CompletableFuture<?>> runPhase(SystemEvent event, TriggerPhase phase) {
    List<CompletableFuture<?>> stages = new ArrayList<>();
    for (Map.Entry<TriggerHandle, Supplier<? extends CompletionStage<?>>> e :
        List.copyOf(triggers.entrySet())) {
      TriggerHandle h = e.getKey();
      if (h.event() != event || h.phase() != phase) {
        continue;
      }
      String what = phase + " " + event + " trigger #" + h.id();
      try {
        CompletableFuture<?> stage =
            Objects.requireNonNull(e.getValue().get(), "trigger returned a null stage")
                .toCompletableFuture();
        // A failed stage is reported but still counts as finished: shutdown must not hang.
        stages.add(stage.handle((v, failure) -> {
          if (failure != null) {
            errors.accept(what, failure);
          }
          return null;
        }));
      } catch (RuntimeException | AssertionError failure) {
        errors.accept(what, failure);
      }
    }
    return stages;
  }
}
