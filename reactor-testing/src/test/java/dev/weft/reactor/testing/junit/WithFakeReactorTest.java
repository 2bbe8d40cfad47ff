package dev.weft.reactor.testing.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import dev.weft.reactor.testing.Clock;
import dev.weft.reactor.testing.MemoryReactor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.platform.testkit.engine.Events;

/** {@link WithFakeReactor}: the extension without a test, beside any kind of test. */
class WithFakeReactorTest {

  static final List<Object> SEEN = new ArrayList<>();

  @WithFakeReactor
  static class ParameterizedOnAClass {
    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3})
    void runsOncePerArgument(int seconds, MemoryReactor reactor) {
      SEEN.add(reactor);
      if (seconds == 2) {
        reactor.callLater(Duration.ofSeconds(seconds), () -> {});
      }
    }
  }

  @Test
  void aParameterizedTestRunsOncePerArgumentEachWithItsOwnReactorAndIsCheckedForLeftovers() {
    SEEN.clear();
    Events events = EngineRuns.tests(ParameterizedOnAClass.class);

    events.assertStatistics(s -> s.started(3).succeeded(2).failed(1));
    events.assertThatEvents()
        .haveExactly(
            1, event(test(), finishedWithFailure(message(m -> m.contains("PENDING_CALLS")))));
    assertThat(SEEN).hasSize(3).doesNotHaveDuplicates();
  }

  static class ReactorTestBesideParameterizedTest {
    @ReactorTest
    @ParameterizedTest
    @ValueSource(ints = {1})
    void declaredTwice(int value) {}
  }

  @Test
  void reactorTestBesideAParameterizedTestAddsAPlainInvocationThatFails() {
    // Which is why @WithFakeReactor exists.
    EngineRuns.tests(ReactorTestBesideParameterizedTest.class)
        .assertStatistics(s -> s.started(2).succeeded(1).failed(1));
  }

  static class OnOneMethod {
    @InjectReactor Clock clock;

    @RepeatedTest(2)
    @WithFakeReactor
    void repeated() {
      SEEN.add(clock);
      assertThat(clock.pendingCount()).isZero();
      clock.callLater(Duration.ofSeconds(1), () -> {}).cancel();
    }

    @Test
    void plainTestOfTheSameClassWithoutAReactorParameter() {
      // The field annotation registers the extension for the whole class, so it is injected too.
      assertThat(clock).isNotNull();
    }
  }

  @Test
  void onAMethodItServesEveryRepetitionWithAFreshReactor() {
    SEEN.clear();
    EngineRuns.tests(OnOneMethod.class).assertStatistics(s -> s.started(3).succeeded(3));
    assertThat(SEEN).hasSize(2).doesNotHaveDuplicates();
  }

  @WithFakeReactor(captureCreationSites = true)
  static class MethodSettingsWin {
    @Test
    @WithFakeReactor(captureCreationSites = false)
    void off(MemoryReactor reactor) {
      assertThat(reactor.clock().isCapturingCreationSites()).isFalse();
    }

    @Test
    void inheritedFromTheClass(MemoryReactor reactor) {
      assertThat(reactor.clock().isCapturingCreationSites()).isTrue();
    }

    @ReactorTest
    void reactorTestsOwnDefault(MemoryReactor reactor) {
      assertThat(reactor.clock().isCapturingCreationSites()).isFalse();
    }
  }

  @Test
  void settingsOnTheMethodWinOverSettingsOnTheClass() {
    EngineRuns.tests(MethodSettingsWin.class).assertStatistics(s -> s.started(3).succeeded(3));
  }
}
