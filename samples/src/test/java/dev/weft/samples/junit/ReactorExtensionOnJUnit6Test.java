package dev.weft.samples.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.weft.reactor.ProtocolFactory;
import dev.weft.reactor.testing.Clock;
import dev.weft.reactor.testing.MemoryReactor;
import dev.weft.reactor.testing.junit.InjectReactor;
import dev.weft.reactor.testing.junit.ReactorTest;
import dev.weft.reactor.testing.junit.WithFakeReactor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/**
 * reactor-testing's JUnit glue is compiled and tested against JUnit 5.10; this runs its main
 * behaviours on the JUnit 6 the samples use, through the engine, as JUnit's own tests do.
 */
class ReactorExtensionOnJUnit6Test {

  static final List<Object> SEEN = new ArrayList<>();

  private static Events run(Class<?> testClass) {
    return EngineTestKit.engine("junit-jupiter")
        .selectors(selectClass(testClass))
        .execute()
        .testEvents();
  }

  private static List<Throwable> failures(Class<?> testClass) {
    return run(testClass).failed().stream()
        .map(e -> e.getPayload(TestExecutionResult.class).orElseThrow())
        .map(result -> result.getThrowable().orElseThrow())
        .toList();
  }

  @Test
  void theseTestsRunOnJUnit6() {
    assertThat(Test.class.getPackage().getImplementationVersion()).startsWith("6.");
  }

  @WithFakeReactor
  static class Parameterized {
    @InjectReactor MemoryReactor reactor;

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3})
    void oncePerArgument(int seconds) {
      SEEN.add(reactor);
      if (seconds == 3) {
        reactor.callLater(Duration.ofSeconds(seconds), () -> {});
      }
    }
  }

  @Test
  void withFakeReactorServesEachParameterizedInvocationAndChecksItForLeftovers() {
    SEEN.clear();
    run(Parameterized.class).assertStatistics(s -> s.started(3).succeeded(2).failed(1));
    assertThat(SEEN).hasSize(3).doesNotHaveDuplicates();
    assertThat(failures(Parameterized.class))
        .singleElement()
        .satisfies(f -> assertThat(f).hasMessageStartingWith("Reactor is dirty")
            .hasMessageContaining("PENDING_CALLS"));
  }

  static class ReactorTests {
    @ReactorTest
    void parametersShareOneReactor(MemoryReactor reactor, MemoryReactor same, Clock clock) {
      assertThat(same).isSameAs(reactor);
      assertThat(clock).isSameAs(reactor.clock());
    }

    @ReactorTest
    void leavesAPort(MemoryReactor reactor) {
      reactor.listenTCP(0, ProtocolFactory.of(() -> null));
    }
  }

  @Test
  void reactorTestInjectsParametersAndFailsADirtyTest() {
    run(ReactorTests.class).assertStatistics(s -> s.started(2).succeeded(1).failed(1));
  }

  @WithFakeReactor
  static class FinalField {
    @InjectReactor final MemoryReactor reactor = null;

    @Test
    void test() {}
  }

  @Test
  void aFinalAnnotatedFieldIsAConfigurationError() {
    assertThat(failures(FinalField.class))
        .singleElement()
        .isInstanceOf(ExtensionConfigurationException.class)
        .satisfies(f -> assertThat(f).hasMessageContaining(".reactor is final; remove final"));
  }

  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  static class AdoptedAndShared {
    @InjectReactor MemoryReactor adopted = new MemoryReactor();
    @InjectReactor Clock clock;

    @Test
    void first(MemoryReactor parameter) {
      assertThat(parameter).isSameAs(adopted);
      assertThat(clock).isSameAs(adopted.clock());
      SEEN.add(parameter);
    }
  }

  @Test
  void aReactorTheTestBuiltIsAdopted() {
    SEEN.clear();
    run(AdoptedAndShared.class).assertStatistics(s -> s.started(1).succeeded(1));
    assertThat(SEEN).hasSize(1);
  }
}
