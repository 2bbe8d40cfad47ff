package dev.weft.reactor.testing.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import dev.weft.reactor.BaseProtocol;
import dev.weft.reactor.ClientFactory;
import dev.weft.reactor.ProtocolFactory;
import dev.weft.reactor.testing.Clock;
import dev.weft.reactor.testing.Leftover;
import dev.weft.reactor.testing.MemoryReactor;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/**
 * Runs small test classes through the JUnit engine and asserts on their events, as JUnit's own
 * extension tests do. The nested classes are static so the normal run does not pick them up.
 */
class ReactorExtensionTest {

  private static Events run(Class<?> testClass) {
    return EngineTestKit.engine("junit-jupiter")
        .selectors(selectClass(testClass))
        .execute()
        .testEvents();
  }

  static final List<Object> SEEN = new ArrayList<>();

  static class InjectsOneReactorPerTest {
    @InjectReactor MemoryReactor field;
    @InjectReactor Clock clockField;
    MemoryReactor notAnnotated;
    final List<String> untouched = new ArrayList<>();

    @ReactorTest
    void sharesOneReactorBetweenParametersAndFields(
        MemoryReactor reactor, MemoryReactor asMemoryReactor, Clock clock) {
      assertThat(asMemoryReactor).isSameAs(reactor).isSameAs(field);
      assertThat(clock).isSameAs(reactor.clock()).isSameAs(clockField);
      assertThat(notAnnotated).isNull();
      SEEN.add(reactor);
    }

    @ReactorTest
    void getsAFreshReactor(MemoryReactor reactor) {
      SEEN.add(reactor);
    }
  }

  @Test
  void injectsTheSameReactorIntoParametersAndFieldsAndAFreshOnePerTest() {
    SEEN.clear();
    run(InjectsOneReactorPerTest.class).assertStatistics(s -> s.started(2).succeeded(2));
    assertThat(SEEN).hasSize(2).doesNotHaveDuplicates();
  }

  static class LeavesAPendingCall {
    @ReactorTest
    void schedulesAndForgets(Clock clock) {
      clock.callLater(Duration.ofSeconds(30), () -> {});
    }
  }

  @Test
  void aPendingDelayedCallFailsTheTestAndIsListed() {
    run(LeavesAPendingCall.class)
        .assertThatEvents()
        .haveExactly(
            1,
            event(
                test("schedulesAndForgets"),
                finishedWithFailure(
                    instanceOf(AssertionError.class),
                    message(m -> m.startsWith("Reactor is dirty: the test left 1 thing behind")
                        && m.contains("PENDING_CALLS: delayed call due at 1970-01-01T00:00:30Z")
                        && m.contains("captureCreationSites = true")))));
  }

  static class FailsAndLeavesAListener {
    @ReactorTest
    void failsItself(MemoryReactor reactor) {
      reactor.listenTCP(8080, ProtocolFactory.of(Silent::new));
      throw new IllegalStateException("the test's own failure");
    }
  }

  @Test
  void aLeftoverNeverHidesTheTestsOwnFailure() {
    Events events = run(FailsAndLeavesAListener.class);
    Throwable thrown =
        events.failed().stream().findFirst().orElseThrow()
            .getPayload(org.junit.platform.engine.TestExecutionResult.class).orElseThrow()
            .getThrowable().orElseThrow();
    assertThat(thrown).isInstanceOf(IllegalStateException.class).hasMessage("the test's own failure");
    assertThat(thrown.getSuppressed())
        .singleElement()
        .satisfies(s -> assertThat(s).hasMessageContaining("LISTENING_PORTS"));
  }

  @AllowLeftovers(Leftover.Kind.LISTENING_PORTS)
  static class AllowsListeners {
    @ReactorTest
    void leavesAPortOpen(MemoryReactor reactor) {
      reactor.listenTCP(8080, ProtocolFactory.of(Silent::new));
    }

    @ReactorTest
    @AllowLeftovers(Leftover.Kind.PENDING_CALLS)
    void leavesAPortAndACall(MemoryReactor reactor) {
      reactor.listenTCP(8080, ProtocolFactory.of(Silent::new));
      reactor.callLater(Duration.ofSeconds(1), () -> {});
    }

    @ReactorTest
    void stillFailsOnOtherKinds(MemoryReactor reactor) {
      reactor.callLater(Duration.ofSeconds(1), () -> {});
    }
  }

  @Test
  void allowedKindsOfLeftoverPassAndOthersStillFail() {
    run(AllowsListeners.class).assertStatistics(s -> s.succeeded(2).failed(1));
  }

  static class CallbackErrors {
    @ReactorTest
    void leavesAnError(MemoryReactor reactor) {
      openConnectionWhoseProtocolThrows(reactor);
    }

    @ReactorTest
    void takesTheError(MemoryReactor reactor) {
      openConnectionWhoseProtocolThrows(reactor);
      assertThat(reactor.takeCallbackErrors())
          .singleElement()
          .satisfies(e -> assertThat(e.error()).hasMessage("protocol bug"));
    }

    private static void openConnectionWhoseProtocolThrows(MemoryReactor reactor) {
      reactor.connectTCP(
          "example.com",
          80,
          ClientFactory.of(
              () ->
                  new Silent() {
                    @Override
                    public void connectionMade() {
                      throw new IllegalStateException("protocol bug");
                    }
                  }));
      reactor.lastClientAttempt().connect();
      reactor.runUntilIdle();
    }
  }

  @Test
  void anUntakenCallbackErrorFailsTheTestAndATakenOneDoesNot() {
    Events events = run(CallbackErrors.class);
    events.assertStatistics(s -> s.succeeded(1).failed(1));
    events.assertThatEvents()
        .haveExactly(
            1,
            event(
                test("leavesAnError"),
                finishedWithFailure(message(m -> m.contains("CALLBACK_ERRORS")))));
  }

  @WithFakeReactor(captureCreationSites = true)
  static class CapturesCreationSites {
    @Test
    void schedulesHere(Clock clock) {
      clock.callLater(Duration.ofSeconds(1), () -> {});
    }
  }

  @Test
  void capturedCreationSitesAreAttachedToTheFailure() {
    Throwable thrown =
        run(CapturesCreationSites.class).failed().stream().findFirst().orElseThrow()
            .getPayload(org.junit.platform.engine.TestExecutionResult.class).orElseThrow()
            .getThrowable().orElseThrow();
    assertThat(thrown.getMessage()).doesNotContain("captureCreationSites = true");
    assertThat(thrown.getSuppressed()).hasSize(1);
    assertThat(thrown.getSuppressed()[0].getStackTrace())
        .anySatisfy(frame -> assertThat(frame.getMethodName()).isEqualTo("schedulesHere"));
  }

  static class CleanTest {
    @ReactorTest
    void cleansUp(MemoryReactor reactor) {
      var call = reactor.callLater(Duration.ofSeconds(5), () -> {});
      call.cancel();
      var port = reactor.listenTCP(0, ProtocolFactory.of(Silent::new));
      port.stopListening();
    }
  }

  @Test
  void aTestThatCleansUpPasses() {
    run(CleanTest.class).assertStatistics(s -> s.succeeded(1).failed(0));
  }

  static class Silent extends BaseProtocol {
    @Override
    public void dataReceived(ByteBuffer data) {}
  }
}
