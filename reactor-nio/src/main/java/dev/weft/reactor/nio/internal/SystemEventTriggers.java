package dev.weft.reactor.nio.internal;

import dev.weft.reactor.Deferred;
import dev.weft.reactor.DelayedCall;
import dev.weft.reactor.SystemEvent;
import dev.weft.reactor.TriggerHandle;
import dev.weft.reactor.TriggerPhase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The startup and shutdown triggers of one loop, fired phase by phase. Loop thread only.
 */
final class SystemEventTriggers {
  private final EventLoop loop;
  private final Map<SystemEvent, Map<TriggerPhase, Map<Long, Supplier<? extends @Nullable CompletionStage<?>>>>>
      triggers = new EnumMap<>(SystemEvent.class);
  private long nextId;

  SystemEventTriggers(EventLoop loop) {
    this.loop = loop;
    for (SystemEvent event : SystemEvent.values()) {
      Map<TriggerPhase, Map<Long, Supplier<? extends @Nullable CompletionStage<?>>>> phases =
          new EnumMap<>(TriggerPhase.class);
      for (TriggerPhase phase : TriggerPhase.values()) {
        phases.put(phase, new LinkedHashMap<>());
      }
      triggers.put(event, phases);
    }
  }

  TriggerHandle add(
      TriggerPhase phase, SystemEvent event, Supplier<? extends @Nullable CompletionStage<?>> body) {
    TriggerHandle handle = new TriggerHandle(event, phase, nextId++);
    triggers.get(event).get(phase).put(handle.id(), body);
    return handle;
  }

  void remove(TriggerHandle handle) {
    if (triggers.get(handle.event()).get(handle.phase()).remove(handle.id()) == null) {
      throw new IllegalArgumentException(
          "no such trigger registered (already removed, or from another reactor): " + handle);
    }
  }

  /**
   * Runs the BEFORE triggers, waits (at most {@code bound}) for the stages they return, then runs
   * DURING, {@code afterDuring}, and AFTER.
   */
  Deferred<Void> fire(SystemEvent event, Duration bound, Runnable afterDuring) {
    Deferred<Void> done = new Deferred<>(loop.executor(), null);
    List<CompletionStage<?>> waits = new ArrayList<>();
    for (Supplier<? extends @Nullable CompletionStage<?>> body : snapshot(event, TriggerPhase.BEFORE)) {
      try {
        CompletionStage<?> stage = body.get();
        if (stage != null) {
          waits.add(stage);
        }
      } catch (Throwable t) {
        EventLoop.rethrowFatal(t);
        loop.report(event + " BEFORE trigger threw; carrying on", t);
      }
    }
    Runnable rest =
        () -> {
          runPhase(event, TriggerPhase.DURING);
          afterDuring.run();
          runPhase(event, TriggerPhase.AFTER);
          done.complete(null);
        };
    if (waits.isEmpty()) {
      rest.run();
      return done;
    }
    int[] remaining = {waits.size()};
    boolean[] moved = {false};
    DelayedCall timeout =
        loop.callLater(
            bound,
            () -> {
              if (!moved[0]) {
                moved[0] = true;
                loop.report(
                    event + " BEFORE triggers still pending after " + bound + "; carrying on",
                    null);
                rest.run();
              }
            });
    for (CompletionStage<?> stage : waits) {
      stage.whenComplete(
          (value, error) ->
              loop.callFromThread(
                  () -> {
                    if (error != null) {
                      loop.report(event + " BEFORE trigger failed; carrying on", error);
                    }
                    if (--remaining[0] == 0 && !moved[0]) {
                      moved[0] = true;
                      timeout.cancel();
                      rest.run();
                    }
                  }));
    }
    return done;
  }

  private void runPhase(SystemEvent event, TriggerPhase phase) {
    for (Supplier<? extends @Nullable CompletionStage<?>> body : snapshot(event, phase)) {
      try {
        body.get();
      } catch (Throwable t) {
        EventLoop.rethrowFatal(t);
        loop.report(event + " " + phase + " trigger threw; carrying on", t);
      }
    }
  }

  private List<Supplier<? extends @Nullable CompletionStage<?>>> snapshot(
      SystemEvent event, TriggerPhase phase) {
    // A trigger may add or remove triggers while its phase runs.
    return new ArrayList<>(triggers.get(event).get(phase).values());
  }
}
