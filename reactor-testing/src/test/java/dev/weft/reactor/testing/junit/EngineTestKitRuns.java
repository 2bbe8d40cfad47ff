package dev.weft.reactor.testing.junit;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/** Container events of a nested test class run through the Jupiter engine. */
final class EngineTestKitRuns {
  private EngineTestKitRuns() {}

  static Events containers(Class<?> testClass) {
    return EngineTestKit.engine("junit-jupiter")
        .selectors(selectClass(testClass))
        .execute()
        .containerEvents();
  }

  /** The throwable of the first failed container (a test template that could not start). */
  static Throwable containerFailure(Class<?> testClass) {
    return containers(testClass).failed().stream().findFirst()
        .orElseThrow(() -> new AssertionError("no container failed in " + testClass))
        .getPayload(TestExecutionResult.class).orElseThrow()
        .getThrowable().orElseThrow();
  }
}
