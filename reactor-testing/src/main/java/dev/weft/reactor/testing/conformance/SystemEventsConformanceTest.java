package dev.weft.reactor.testing.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.reactor.Deferred;
import dev.weft.reactor.Reactor;
import dev.weft.reactor.SystemEvent;
import dev.weft.reactor.TriggerHandle;
import dev.weft.reactor.TriggerPhase;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * Scenarios about system event triggers, which every Weft reactor must pass alike: phases run in
 * order, a BEFORE stage holds the event until its Deferred completes, and removing a trigger
 * twice fails. What {@code stop()} does to connections is {@link ShutdownConformanceTest}'s
 * subject. Extend it and implement {@link #createDriver()}.
 *
 * <p>Twisted: {@code twisted.internet.test.test_core}.
 */
public abstract class SystemEventsConformanceTest extends ReactorConformanceTest {

  /** Creates the scenarios; subclasses supply the driver. */
  protected SystemEventsConformanceTest() {}

  @Test
  void systemEventTriggersRunPhaseByPhaseWaitingForBeforeStages() {
    List<String> ran = new CopyOnWriteArrayList<>();
    AtomicReference<@Nullable Deferred<Void>> beforeWork = new AtomicReference<>();
    List<TriggerHandle> handles = new CopyOnWriteArrayList<>();
    Deferred<Void> fired =
        driver().onReactor(
            () -> {
              Reactor r = reactor();
              handles.add(r.addSystemEventTrigger(
                  TriggerPhase.AFTER, SystemEvent.SHUTDOWN, () -> ran.add("after")));
              handles.add(r.addSystemEventTrigger(
                  TriggerPhase.DURING, SystemEvent.SHUTDOWN, () -> ran.add("during")));
              TriggerHandle removed =
                  r.addSystemEventTrigger(TriggerPhase.DURING, SystemEvent.SHUTDOWN, () -> ran.add("removed"));
              handles.add(r.addAsyncSystemEventTrigger(
                  TriggerPhase.BEFORE,
                  SystemEvent.SHUTDOWN,
                  () -> {
                    ran.add("before");
                    Deferred<Void> work = new Deferred<>();
                    beforeWork.set(work);
                    return work;
                  }));
              r.removeSystemEventTrigger(removed);
              return r.fireSystemEvent(SystemEvent.SHUTDOWN);
            });
    driver().runUntil(() -> beforeWork.get() != null, "BEFORE trigger ran");
    driver().passTime(Duration.ofMillis(20));
    List<String> whileBeforeWorkPending = List.copyOf(ran);

    driver().onReactor(() -> beforeWork.get().complete(null));
    driver().runUntil(fired::isDone, "event fired");

    // Firing an event leaves its triggers registered: remove them so the driver's stop() does not
    // wait for another BEFORE stage.
    driver().onReactor(() -> handles.forEach(reactor()::removeSystemEventTrigger));
    assertThat(whileBeforeWorkPending).containsExactly("before");
    assertThat(ran).containsExactly("before", "during", "after");
  }

  @Test
  void removingAnUnknownTriggerFails() {
    driver().onReactor(
        () -> {
          TriggerHandle handle =
              reactor().addSystemEventTrigger(TriggerPhase.AFTER, SystemEvent.SHUTDOWN, () -> {});
          reactor().removeSystemEventTrigger(handle);
          assertThatThrownBy(() -> reactor().removeSystemEventTrigger(handle))
              .isInstanceOf(IllegalArgumentException.class);
        });
  }
}
