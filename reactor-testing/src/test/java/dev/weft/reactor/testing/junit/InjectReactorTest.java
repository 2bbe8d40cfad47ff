package dev.weft.reactor.testing.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.reactor.ProtocolFactory;
import dev.weft.reactor.testing.Clock;
import dev.weft.reactor.testing.MemoryReactor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/** {@link InjectReactor}: opt-in, strict field injection, and adopting a reactor the test built. */
class InjectReactorTest {

  static final List<Object> SEEN = new ArrayList<>();

  @WithFakeReactor
  static class StaticField {
    @InjectReactor static MemoryReactor reactor;

    @Test
    void test() {}
  }

  @WithFakeReactor
  static class FinalField {
    @InjectReactor final MemoryReactor reactor = null;

    @Test
    void test() {}
  }

  @WithFakeReactor
  static class WrongType {
    @InjectReactor String reactor;

    @Test
    void test() {}
  }

  @Test
  void aStaticFieldIsAConfigurationErrorThatNamesTheFieldAndTheFix() {
    assertThat(EngineRuns.onlyFailure(StaticField.class))
        .isInstanceOf(ExtensionConfigurationException.class)
        .hasMessage("@InjectReactor field " + StaticField.class.getName() + ".reactor is static;"
            + " make it an instance field: each test gets its own reactor");
  }

  @Test
  void aFinalFieldIsAConfigurationErrorThatNamesTheFieldAndTheFix() {
    assertThat(EngineRuns.onlyFailure(FinalField.class))
        .isInstanceOf(ExtensionConfigurationException.class)
        .hasMessage("@InjectReactor field " + FinalField.class.getName() + ".reactor is final;"
            + " remove final: the extension assigns it before each test");
  }

  @Test
  void aFieldOfAnotherTypeIsAConfigurationErrorThatListsTheTypesItCanHave() {
    assertThat(EngineRuns.onlyFailure(WrongType.class))
        .isInstanceOf(ExtensionConfigurationException.class)
        .hasMessage("@InjectReactor field " + WrongType.class.getName() + ".reactor has type"
            + " java.lang.String; declare it as one of MemoryReactor, Clock, Network, Host");
  }

  /** No class-level registration: the field annotation registers the extension. */
  static class FieldAloneRegistersTheExtension {
    @InjectReactor MemoryReactor reactor;

    @Test
    void leavesACall() {
      reactor.callLater(Duration.ofSeconds(1), () -> {});
    }
  }

  @Test
  void anAnnotatedFieldAloneRegistersTheExtensionWithItsDirtyCheck() {
    assertThat(EngineRuns.onlyFailure(FieldAloneRegistersTheExtension.class))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("PENDING_CALLS");
  }

  @WithFakeReactor
  static class AdoptsABuiltReactor {
    @InjectReactor MemoryReactor reactor = built();
    @InjectReactor Clock clock;

    static MemoryReactor built() {
      MemoryReactor reactor = new MemoryReactor();
      reactor.clock().setRunawayLimit(7);
      SEEN.add(reactor);
      return reactor;
    }

    @Test
    void parametersAndFieldsGetTheAdoptedReactor(MemoryReactor parameter, Clock clockParameter) {
      assertThat(parameter).isSameAs(reactor).isSameAs(SEEN.get(SEEN.size() - 1));
      assertThat(clock).isSameAs(clockParameter).isSameAs(reactor.clock());
      assertThat(clock.runawayLimit()).isEqualTo(7);
    }

    @Test
    void theAdoptedReactorIsCheckedForLeftovers() {
      reactor.listenTCP(80, ProtocolFactory.of(() -> null));
    }
  }

  @Test
  void aReactorTheTestBuiltIsAdoptedNotReplaced() {
    SEEN.clear();
    EngineRuns.tests(AdoptsABuiltReactor.class).assertStatistics(s -> s.succeeded(1).failed(1));
    // Registered by the class and by each field, the extension still runs once per test: one
    // report, nothing suppressed.
    assertThat(EngineRuns.onlyFailure(AdoptsABuiltReactor.class))
        .hasMessageContaining("LISTENING_PORTS")
        .satisfies(failure -> assertThat(failure.getSuppressed()).isEmpty());
  }

  @WithFakeReactor
  static class TwoBuiltReactors {
    @InjectReactor MemoryReactor one = new MemoryReactor();
    @InjectReactor MemoryReactor two = new MemoryReactor();

    @Test
    void test() {}
  }

  @Test
  void twoFieldsHoldingDifferentReactorsAreAConfigurationError() {
    assertThat(EngineRuns.onlyFailure(TwoBuiltReactors.class))
        .isInstanceOf(ExtensionConfigurationException.class)
        .hasMessageStartingWith("@InjectReactor field " + TwoBuiltReactors.class.getName() + ".two"
            + " holds a reactor, but the test already has another one");
  }

  @WithFakeReactor
  static class ForeignClock {
    @InjectReactor Clock clock = new Clock();

    @Test
    void test() {}
  }

  @Test
  void aClockFieldHoldingAnotherClockIsAConfigurationError() {
    assertThat(EngineRuns.onlyFailure(ForeignClock.class))
        .isInstanceOf(ExtensionConfigurationException.class)
        .hasMessageContaining(ForeignClock.class.getName() + ".clock holds a different Clock");
  }

  @WithFakeReactor
  static class PlainReactorAdopted {
    @InjectReactor MemoryReactor reactor = new MemoryReactor();

    @Test
    void getsTheAdoptedReactor(MemoryReactor same, Clock clock) {
      assertThat(same).isSameAs(reactor);
      assertThat(clock).isSameAs(reactor.clock());
    }
  }

  @Test
  void anAdoptedReactorFillsEveryReactorParameter() {
    EngineRuns.tests(PlainReactorAdopted.class).assertStatistics(stats -> stats.succeeded(1));
  }

  @WithFakeReactor
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  static class SharedInstance {
    @InjectReactor MemoryReactor reactor;

    @Test
    void first() {
      SEEN.add(reactor);
    }

    @Test
    void second() {
      SEEN.add(reactor);
    }
  }

  @Test
  void withOneInstanceForTheClassEachTestStillGetsAFreshReactor() {
    SEEN.clear();
    EngineRuns.tests(SharedInstance.class).assertStatistics(s -> s.succeeded(2));
    assertThat(SEEN).hasSize(2).doesNotHaveDuplicates().doesNotContainNull();
  }

  @WithFakeReactor
  static class Outer {
    @InjectReactor MemoryReactor outerReactor;

    @Nested
    class Inner {
      @InjectReactor Clock innerClock;

      @Test
      void seesOneReactor() {
        assertThat(innerClock).isSameAs(outerReactor.clock());
      }
    }
  }

  @Test
  void nestedClassesShareTheTestsReactorWithTheirEnclosingInstance() {
    EngineRuns.tests(Outer.class).assertStatistics(s -> s.started(1).succeeded(1));
  }
}
