package dev.weft.reactor.testing.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.reactor.Deferred;
import dev.weft.reactor.Reactor;
import dev.weft.reactor.ReactorDeferreds;
import dev.weft.reactor.ReactorExecutor;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Scenarios about the Deferreds a reactor hands out, which every Weft reactor must treat alike:
 * its executor is a {@link ReactorExecutor}, blocking the reactor thread on a pending Deferred
 * fails at once, and cancelling a composed stage reaches the stage doing the work. Extend it and
 * implement {@link #createDriver()}, as for {@link ReactorConformanceTest}.
 */
public abstract class DeferredConformanceTest extends ReactorConformanceTest {
  /** Creates the scenarios; subclasses supply the driver. */
  protected DeferredConformanceTest() {}

  @Test
  void joiningAPendingDeferredOnTheReactorThreadFailsAtOnce() {
    Throwable refused =
        driver().onReactor(() -> {
          Deferred<Void> pending = ReactorDeferreds.delay(reactor(), Duration.ofDays(1));
          try {
            pending.join();
            return null;
          } catch (IllegalStateException expected) {
            return expected;
          } finally {
            pending.cancel(false);
          }
        });

    assertThat(refused)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("called on the reactor thread while the Deferred is pending");
  }

  @Test
  void theReactorsExecutorKnowsTheReactorThreadAndRunsTasksOnALaterTurn() {
    List<String> ran = new CopyOnWriteArrayList<>();
    boolean onReactorThread =
        driver().onReactor(() -> {
          ReactorExecutor executor = (ReactorExecutor) reactor().executor();
          executor.execute(() -> ran.add("task"));
          ran.add("after execute");
          return executor.inReactorThread();
        });
    driver().runUntil(() -> ran.size() == 2, "the task ran");

    assertThat(onReactorThread).isTrue();
    assertThat(driver().onReactor(() -> List.copyOf(ran))).containsExactly("after execute", "task");
  }

  /** The two ends of a composition. */
  private record Composed(Deferred<String> first, Deferred<String> composed) {}

  @Test
  void cancellingAComposedStageOnceTheFirstCompletedStopsTheSecond() {
    List<String> cancelled = new CopyOnWriteArrayList<>();
    Composed stages =
        driver().onReactor(() -> {
          Deferred<String> second =
              new Deferred<>(reactor().executor(), self -> cancelled.add("second"));
          Deferred<String> first = ReactorDeferreds.callLater(reactor(), Duration.ZERO, () -> "1");
          return new Composed(first, first.thenCompose(value -> second));
        });
    driver().runUntil(() -> stages.first().isDone(), "the first stage completed");

    driver().onReactor(() -> stages.composed().cancel(true));

    assertThat(driver().onReactor(() -> List.copyOf(cancelled))).containsExactly("second");
    assertThat(driver().onReactor(stages.composed()::isDone)).isTrue();
  }
}
