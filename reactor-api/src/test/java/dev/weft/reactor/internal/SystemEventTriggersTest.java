package dev.weft.reactor.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.reactor.Deferred;
import dev.weft.reactor.ManualTime;
import dev.weft.reactor.SystemEvent;
import dev.weft.reactor.TriggerHandle;
import dev.weft.reactor.TriggerPhase;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class SystemEventTriggersTest {
  private final List<String> log = new ArrayList<>();
  private final List<String> reports = new ArrayList<>();
  private final List<@Nullable Throwable> reported = new ArrayList<>();
  private final SystemEventTriggers triggers =
      new SystemEventTriggers(this::report, Runnable::run, null);

  private void report(String what, @Nullable Throwable error) {
    reports.add(what);
    reported.add(error);
  }

  private TriggerHandle sync(TriggerPhase phase, SystemEvent event, String name) {
    return triggers.add(phase, event, () -> {
      log.add(name);
      return null;
    });
  }

  @Test
  void phasesRunInOrderAndHookRunsBetweenDuringAndAfter() {
    ManualTime time = new ManualTime();
    sync(TriggerPhase.AFTER, SystemEvent.SHUTDOWN, "after");
    sync(TriggerPhase.DURING, SystemEvent.SHUTDOWN, "during");
    sync(TriggerPhase.BEFORE, SystemEvent.SHUTDOWN, "before");
    sync(TriggerPhase.DURING, SystemEvent.STARTUP, "other event");

    Deferred<Void> done =
        triggers.fire(SystemEvent.SHUTDOWN, () -> log.add("hook"), Duration.ofSeconds(1), time);

    assertThat(log).containsExactly("before", "during", "hook", "after");
    assertThat(done).isCompleted();
    assertThat(time.pending()).as("no stage, no timeout scheduled").isZero();
  }

  @Test
  void triggersOfOnePhaseRunInRegistrationOrderAndStayRegistered() {
    sync(TriggerPhase.DURING, SystemEvent.STARTUP, "a");
    sync(TriggerPhase.DURING, SystemEvent.STARTUP, "b");

    triggers.fire(SystemEvent.STARTUP);
    triggers.fire(SystemEvent.STARTUP);

    assertThat(log).containsExactly("a", "b", "a", "b");
    assertThat(triggers.size()).isEqualTo(2);
  }

  @Test
  void removedTriggerDoesNotRunAndCannotBeRemovedTwice() {
    TriggerHandle h = sync(TriggerPhase.DURING, SystemEvent.STARTUP, "x");
    triggers.remove(h);

    triggers.fire(SystemEvent.STARTUP);

    assertThat(log).isEmpty();
    assertThat(triggers.size()).isZero();
    assertThatThrownBy(() -> triggers.remove(h))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no such system event trigger")
        .hasMessageContaining(h.toString());
  }

  @Test
  void triggerMayRemoveALaterOneOfItsPhaseWhichStillRunsFromTheSnapshot() {
    TriggerHandle[] later = new TriggerHandle[1];
    triggers.add(TriggerPhase.DURING, SystemEvent.STARTUP, () -> {
      triggers.remove(later[0]);
      log.add("remover");
      return null;
    });
    later[0] = sync(TriggerPhase.DURING, SystemEvent.STARTUP, "later");

    triggers.fire(SystemEvent.STARTUP);

    assertThat(log).containsExactly("remover", "later");
    assertThat(triggers.size()).isEqualTo(1);
  }

  @Test
  void throwingTriggerIsReportedAndTheOthersRun() {
    IllegalStateException boom = new IllegalStateException("boom");
    triggers.add(TriggerPhase.DURING, SystemEvent.STARTUP, () -> {
      throw boom;
    });
    sync(TriggerPhase.DURING, SystemEvent.STARTUP, "next");

    Deferred<Void> done = triggers.fire(SystemEvent.STARTUP);

    assertThat(log).containsExactly("next");
    assertThat(done).isCompleted();
    assertThat(reports).singleElement().asString().contains("DURING STARTUP trigger #0 threw");
    assertThat(reported).containsExactly(boom);
  }

  @Test
  void evenAFatalErrorOfATriggerGoesToTheSinkAndTheFiringCompletes() {
    InternalError fatal = new InternalError("simulated");
    StackOverflowError overflow = new StackOverflowError();
    triggers.add(TriggerPhase.DURING, SystemEvent.SHUTDOWN, () -> {
      throw fatal;
    });
    triggers.add(TriggerPhase.DURING, SystemEvent.SHUTDOWN, () -> {
      throw overflow;
    });
    sync(TriggerPhase.AFTER, SystemEvent.SHUTDOWN, "after");

    Deferred<Void> done = triggers.fire(SystemEvent.SHUTDOWN);

    assertThat(done).isCompleted();
    assertThat(log).containsExactly("after");
    assertThat(reported).containsExactly(fatal, overflow);
  }

  @Test
  void unboundedFireWaitsForBeforeStagesAsLongAsTheyTake() {
    CompletableFuture<Void> first = new CompletableFuture<>();
    CompletableFuture<Void> second = new CompletableFuture<>();
    triggers.add(TriggerPhase.BEFORE, SystemEvent.SHUTDOWN, () -> first);
    triggers.add(TriggerPhase.BEFORE, SystemEvent.SHUTDOWN, () -> second);
    sync(TriggerPhase.DURING, SystemEvent.SHUTDOWN, "during");

    Deferred<Void> done = triggers.fire(SystemEvent.SHUTDOWN);
    first.complete(null);

    assertThat(log).isEmpty();
    assertThat(done).isNotDone();
    second.complete(null);
    assertThat(log).containsExactly("during");
    assertThat(done).isCompleted();
  }

  @Test
  void alreadyCompleteStageDoesNotLetTheEventOvertakeLaterBeforeTriggers() {
    triggers.add(TriggerPhase.BEFORE, SystemEvent.SHUTDOWN,
        () -> CompletableFuture.completedFuture(null));
    sync(TriggerPhase.BEFORE, SystemEvent.SHUTDOWN, "second before");
    sync(TriggerPhase.DURING, SystemEvent.SHUTDOWN, "during");

    triggers.fire(SystemEvent.SHUTDOWN);

    assertThat(log).containsExactly("second before", "during");
  }

  @Test
  void failedStageIsReportedInTriggerOrderAndCountsAsFinished() {
    IllegalStateException flush = new IllegalStateException("flush failed");
    IllegalStateException boom = new IllegalStateException("boom");
    triggers.add(TriggerPhase.BEFORE, SystemEvent.SHUTDOWN,
        () -> CompletableFuture.failedFuture(flush));
    triggers.add(TriggerPhase.BEFORE, SystemEvent.SHUTDOWN, () -> {
      throw boom;
    });
    sync(TriggerPhase.AFTER, SystemEvent.SHUTDOWN, "after");

    Deferred<Void> done = triggers.fire(SystemEvent.SHUTDOWN);

    assertThat(done).isCompleted();
    assertThat(log).containsExactly("after");
    assertThat(reports)
        .containsExactly("BEFORE SHUTDOWN trigger #0 failed", "BEFORE SHUTDOWN trigger #1 threw");
    assertThat(reported).containsExactly(flush, boom);
  }

  @Test
  void stagesOfDuringTriggersAreNotAwaited() {
    triggers.add(TriggerPhase.DURING, SystemEvent.SHUTDOWN, CompletableFuture::new);
    sync(TriggerPhase.AFTER, SystemEvent.SHUTDOWN, "after");

    assertThat(triggers.fire(SystemEvent.SHUTDOWN)).isCompleted();
    assertThat(log).containsExactly("after");
  }

  @Test
  void boundedFireGivesUpOnPendingStagesAtTheBoundAndWarns() {
    ManualTime time = new ManualTime();
    CompletableFuture<Void> never = new CompletableFuture<>();
    triggers.add(TriggerPhase.BEFORE, SystemEvent.SHUTDOWN, () -> never);
    sync(TriggerPhase.AFTER, SystemEvent.SHUTDOWN, "after");

    Deferred<Void> done =
        triggers.fire(SystemEvent.SHUTDOWN, () -> log.add("hook"), Duration.ofSeconds(5), time);
    time.advance(Duration.ofMillis(4999));
    assertThat(done).isNotDone();
    time.advance(Duration.ofMillis(1));

    assertThat(done).isCompleted();
    assertThat(log).containsExactly("hook", "after");
    assertThat(reports)
        .singleElement()
        .asString()
        .contains("SHUTDOWN BEFORE triggers still pending after PT5S");
    assertThat(reported).containsOnlyNulls();
    never.complete(null);
    assertThat(log).as("a late stage does not run the event twice").hasSize(2);
  }

  @Test
  void boundedFireCancelsItsTimeoutWhenTheStagesFinishInTime() {
    ManualTime time = new ManualTime();
    CompletableFuture<Void> stage = new CompletableFuture<>();
    triggers.add(TriggerPhase.BEFORE, SystemEvent.SHUTDOWN, () -> stage);

    Deferred<Void> done =
        triggers.fire(SystemEvent.SHUTDOWN, () -> log.add("hook"), Duration.ofSeconds(5), time);
    assertThat(time.pending()).isEqualTo(1);
    stage.complete(null);

    assertThat(done).isCompleted();
    assertThat(time.pending()).isZero();
    time.advance(Duration.ofSeconds(10));
    assertThat(log).containsExactly("hook");
    assertThat(reports).isEmpty();
  }

  @Test
  void stageCompletionsResumeOnTheGivenExecutor() {
    Queue<Runnable> loop = new ArrayDeque<>();
    SystemEventTriggers onLoop = new SystemEventTriggers(this::report, loop::add, null);
    CompletableFuture<Void> stage = new CompletableFuture<>();
    onLoop.add(TriggerPhase.BEFORE, SystemEvent.SHUTDOWN, () -> stage);
    onLoop.add(TriggerPhase.DURING, SystemEvent.SHUTDOWN, () -> {
      log.add("during");
      return null;
    });

    Deferred<Void> done = onLoop.fire(SystemEvent.SHUTDOWN);
    stage.complete(null);
    assertThat(log).as("completion only queued").isEmpty();
    loop.remove().run();

    assertThat(log).containsExactly("during");
    assertThat(done).isCompleted();
  }

  @Test
  void nonPositiveBoundIsRejected() {
    ManualTime time = new ManualTime();
    assertThatThrownBy(
            () -> triggers.fire(SystemEvent.SHUTDOWN, () -> {}, Duration.ZERO, time))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bound");
  }

  @Test
  void nullTriggerIsRejected() {
    assertThatThrownBy(() -> triggers.add(TriggerPhase.BEFORE, SystemEvent.STARTUP, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("trigger");
  }
}
