package dev.weft.reactor.testing.junit;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/** Runs a nested test class through the Jupiter engine, as JUnit's own extension tests do. */
final class EngineRuns {
  private EngineRuns() {}

  static Events tests(Class<?> testClass) {
    return EngineTestKit.engine("junit-jupiter")
        .selectors(selectClass(testClass))
        .execute()
        .testEvents();
  }

  /** The throwable of the only failed test. */
  static Throwable onlyFailure(Class<?> testClass) {
    return tests(testClass).failed().stream()
        .reduce((a, b) -> {
          throw new AssertionError("more than one test failed in " + testClass);
        })
        .orElseThrow(() -> new AssertionError("no test failed in " + testClass))
        .getPayload(TestExecutionResult.class).orElseThrow()
        .getThrowable().orElseThrow();
  }
}
