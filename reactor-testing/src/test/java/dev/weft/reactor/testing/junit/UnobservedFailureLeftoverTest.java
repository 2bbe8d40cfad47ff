package dev.weft.reactor.testing.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import dev.weft.reactor.testing.Leftover;
import dev.weft.reactor.testing.MemoryReactor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/** An exception lost in a Deferred chain fails the test as a leftover of the dirty reactor. */
class UnobservedFailureLeftoverTest {

  private static Events run(Class<?> testClass) {
    return EngineTestKit.engine("junit-jupiter")
        .selectors(selectClass(testClass))
        .execute()
        .testEvents();
  }

  @ExtendWith(ReactorExtension.class)
  static class DropsAFailedStage {
    @Test
    void throwsInACallbackAndForgetsTheStage(MemoryReactor reactor) {
      reactor.deferToThread(() -> "row").thenAccept(row -> {
        throw new IllegalStateException("bug in the user's callback");
      });
      reactor.threadPool().runAll();
      reactor.iterate();
    }

    @Test
    @AllowLeftovers(Leftover.Kind.UNOBSERVED_FAILURES)
    void allowedByKind(MemoryReactor reactor) {
      throwsInACallbackAndForgetsTheStage(reactor);
    }

    @Test
    void takenByTheTest(MemoryReactor reactor) {
      throwsInACallbackAndForgetsTheStage(reactor);
      assertThat(reactor.takeUnobservedFailures()).singleElement()
          .satisfies(e -> assertThat(e).hasRootCauseMessage("bug in the user's callback"));
    }

    @Test
    void handledByTheTest(MemoryReactor reactor) {
      reactor.deferToThread(() -> "row")
          .thenAccept(row -> {
            throw new IllegalStateException("handled");
          })
          .exceptionally(e -> null);
      reactor.threadPool().runAll();
      reactor.iterate();
    }
  }

  @Test
  void aLostCallbackExceptionFailsTheTestNamingIt() {
    Events events = run(DropsAFailedStage.class);

    events.assertStatistics(s -> s.started(4).succeeded(3).failed(1));
    events.assertThatEvents().haveExactly(1,
        event(
            test("throwsInACallbackAndForgetsTheStage"),
            finishedWithFailure(
                instanceOf(AssertionError.class),
                message(m -> m.contains("UNOBSERVED_FAILURES: a Deferred failed and nothing"
                        + " observed it: java.util.concurrent.CompletionException:"
                        + " java.lang.IllegalStateException: bug in the user's callback")
                    && m.contains("takeUnobservedFailures()")))));
  }
}
