package dev.weft.reactor.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.reactor.AlreadyCalledException;
import dev.weft.reactor.DelayedCall;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClockTest {
  private final Clock clock = new Clock();
  private final List<String> log = new ArrayList<>();

  private Runnable record(String name) {
    return () -> log.add(name + "@" + clock.elapsed().toMillis());
  }

  @Test
  void startsAtEpochWithNothingPending() {
    assertThat(clock.now()).isEqualTo(Instant.EPOCH);
    assertThat(clock.pendingCalls()).isEmpty();
    assertThat(clock.nextCallTime()).isEmpty();
  }

  @Test
  void startsAtTheGivenInstant() {
    Instant start = Instant.parse("2030-01-01T00:00:00Z");
    Clock c = new Clock(start);
    c.advance(Duration.ofSeconds(3));
    assertThat(c.now()).isEqualTo(start.plusSeconds(3));
    assertThat(c.elapsed()).isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void advanceRunsDueCallsInDueTimeOrder() {
    clock.callLater(Duration.ofMillis(30), record("c"));
    clock.callLater(Duration.ofMillis(10), record("a"));
    clock.callLater(Duration.ofMillis(20), record("b"));
    clock.advance(Duration.ofMillis(25));
    assertThat(log).containsExactly("a@10", "b@20");
    assertThat(clock.elapsed()).isEqualTo(Duration.ofMillis(25));
  }

  @Test
  void callsDueAtTheSameTimeRunInSchedulingOrder() {
    for (String name : List.of("first", "second", "third")) {
      clock.callLater(Duration.ofSeconds(1), record(name));
    }
    clock.advance(Duration.ofSeconds(1));
    assertThat(log).containsExactly("first@1000", "second@1000", "third@1000");
  }

  @Test
  void zeroDelayCallDoesNotRunInsideCallLater() {
    clock.callLater(Duration.ZERO, record("now"));
    assertThat(log).isEmpty();
    clock.advance(Duration.ZERO);
    assertThat(log).containsExactly("now@0");
  }

  @Test
  void nowInsideACallIsThatCallsDueTimeAndEndsAtTheTarget() {
    List<Instant> seen = new ArrayList<>();
    clock.callLater(Duration.ofSeconds(2), () -> seen.add(clock.now()));
    clock.advance(Duration.ofSeconds(10));
    assertThat(seen).containsExactly(Instant.EPOCH.plusSeconds(2));
    assertThat(clock.now()).isEqualTo(Instant.EPOCH.plusSeconds(10));
  }

  @Test
  void callScheduledDuringAdvanceAndDueWithinTargetRunsInTheSameAdvance() {
    clock.callLater(
        Duration.ofSeconds(1), () -> clock.callLater(Duration.ofSeconds(2), record("follow-up")));
    clock.advance(Duration.ofSeconds(5));
    assertThat(log).containsExactly("follow-up@3000");
  }

  @Test
  void callScheduledDuringAdvanceBeyondTargetStaysPending() {
    clock.callLater(
        Duration.ofSeconds(1), () -> clock.callLater(Duration.ofSeconds(9), record("late")));
    clock.advance(Duration.ofSeconds(5));
    assertThat(log).isEmpty();
    assertThat(clock.nextCallTime()).contains(Instant.EPOCH.plusSeconds(10));
  }

  @Test
  void negativeAdvanceFailsAndNamesTheAmount() {
    assertThatThrownBy(() -> clock.advance(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("amount")
        .hasMessageContaining("PT-1S");
  }

  @Test
  void negativeDelayFails() {
    assertThatThrownBy(() -> clock.callLater(Duration.ofMillis(-5), () -> {}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("delay");
  }

  @Test
  void nullArgumentsFail() {
    assertThatThrownBy(() -> clock.callLater(null, () -> {}))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("delay");
    assertThatThrownBy(() -> clock.callLater(Duration.ZERO, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("call");
    assertThatThrownBy(() -> new Clock(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void pendingCallsAreListedInRunOrderWithTheirTimes() {
    DelayedCall late = clock.callLater(Duration.ofSeconds(5), record("late"));
    DelayedCall early = clock.callLater(Duration.ofSeconds(1), record("early"));
    assertThat(clock.pendingCalls())
        .extracting(PendingCall::call, PendingCall::time)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(early, Instant.EPOCH.plusSeconds(1)),
            org.assertj.core.groups.Tuple.tuple(late, Instant.EPOCH.plusSeconds(5)));
    assertThat(clock.pendingCount()).isEqualTo(2);
  }

  @Test
  void cancelledCallNeitherRunsNorStaysPending() {
    DelayedCall call = clock.callLater(Duration.ofSeconds(1), record("x"));
    call.cancel();
    clock.advance(Duration.ofSeconds(2));
    assertThat(log).isEmpty();
    assertThat(clock.pendingCalls()).isEmpty();
    assertThat(call.isCancelled()).isTrue();
  }

  @Test
  void resetMovesTheCallRelativeToNow() {
    DelayedCall call = clock.callLater(Duration.ofSeconds(1), record("x"));
    clock.advance(Duration.ofMillis(500));
    call.reset(Duration.ofSeconds(1));
    clock.advance(Duration.ofMillis(900));
    assertThat(log).isEmpty();
    clock.advance(Duration.ofMillis(100));
    assertThat(log).containsExactly("x@1500");
  }

  @Test
  void delayPostponesFromTheDueTime() {
    DelayedCall call = clock.callLater(Duration.ofSeconds(1), record("x"));
    call.delay(Duration.ofSeconds(2));
    assertThat(call.time()).isEqualTo(Instant.EPOCH.plusSeconds(3));
    clock.advance(Duration.ofSeconds(3));
    assertThat(log).containsExactly("x@3000");
  }

  @Test
  void calledCallCannotBeCancelled() {
    DelayedCall call = clock.callLater(Duration.ZERO, () -> {});
    clock.advance(Duration.ZERO);
    assertThat(call.isCalled()).isTrue();
    assertThatThrownBy(call::cancel).isInstanceOf(AlreadyCalledException.class);
  }

  @Test
  void advanceToNextCallJumpsToTheEarliestCallOnly() {
    clock.callLater(Duration.ofSeconds(4), record("a"));
    clock.callLater(Duration.ofSeconds(4), record("b"));
    clock.callLater(Duration.ofSeconds(9), record("c"));
    assertThat(clock.advanceToNextCall()).isTrue();
    assertThat(log).containsExactly("a@4000", "b@4000");
    assertThat(clock.elapsed()).isEqualTo(Duration.ofSeconds(4));
  }

  @Test
  void advanceToNextCallRunsZeroDelayFollowUpsAtThatInstant() {
    clock.callLater(
        Duration.ofSeconds(1), () -> clock.callLater(Duration.ZERO, record("follow-up")));
    clock.advanceToNextCall();
    assertThat(log).containsExactly("follow-up@1000");
  }

  @Test
  void advanceToNextCallWithNothingPendingReturnsFalseAndKeepsTime() {
    clock.advance(Duration.ofSeconds(1));
    assertThat(clock.advanceToNextCall()).isFalse();
    assertThat(clock.elapsed()).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void runUntilIdleRunsChainsOfCallsAndReportsTheCount() {
    clock.callLater(
        Duration.ofSeconds(1),
        () -> clock.callLater(Duration.ofMinutes(1), record("end")));
    assertThat(clock.runUntilIdle()).isEqualTo(2);
    assertThat(log).containsExactly("end@61000");
    assertThat(clock.pendingCalls()).isEmpty();
  }

  @Test
  void runUntilIdleFailsOnACallThatRepeatsForever() {
    clock.setRunawayLimit(50);
    Runnable[] again = new Runnable[1];
    again[0] = () -> clock.callLater(Duration.ofSeconds(1), again[0]);
    clock.callLater(Duration.ofSeconds(1), again[0]);
    assertThatThrownBy(clock::runUntilIdle)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("runUntilIdle ran 50 calls")
        .hasMessageContaining("repeating call");
  }

  @Test
  void zeroDelaySelfReschedulingFailsAdvanceInsteadOfHanging() {
    clock.setRunawayLimit(100);
    Runnable[] again = new Runnable[1];
    again[0] = () -> clock.callLater(Duration.ZERO, again[0]);
    clock.callLater(Duration.ofSeconds(1), again[0]);
    assertThatThrownBy(() -> clock.advance(Duration.ofSeconds(2)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("100 turns")
        .hasMessageContaining("zero delay")
        .hasMessageContaining("setRunawayLimit");
    assertThat(clock.elapsed()).isEqualTo(Duration.ofSeconds(1));
    assertThat(clock.pendingCount()).isEqualTo(1);
  }

  @Test
  void runawayLimitMustBePositive() {
    assertThatThrownBy(() -> clock.setRunawayLimit(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("limit must be at least 1: 0");
    assertThat(clock.runawayLimit()).isEqualTo(Clock.DEFAULT_RUNAWAY_LIMIT);
  }

  @Test
  void throwingCallPropagatesAndLeavesTheClockConsistent() {
    clock.callLater(Duration.ofSeconds(1), record("before"));
    clock.callLater(
        Duration.ofSeconds(2),
        () -> {
          throw new IllegalStateException("boom");
        });
    clock.callLater(Duration.ofSeconds(3), record("after"));
    assertThatThrownBy(() -> clock.advance(Duration.ofSeconds(5))).hasMessage("boom");
    assertThat(log).containsExactly("before@1000");
    assertThat(clock.elapsed()).isEqualTo(Duration.ofSeconds(2));
    assertThat(clock.pendingCount()).isEqualTo(1);
    clock.advance(Duration.ofSeconds(3));
    assertThat(log).containsExactly("before@1000", "after@3000");
    assertThat(clock.elapsed()).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void advancingFromInsideACallFails() {
    List<Throwable> errors = new ArrayList<>();
    clock.callLater(
        Duration.ofSeconds(1),
        () -> {
          try {
            clock.advance(Duration.ofSeconds(1));
          } catch (IllegalStateException e) {
            errors.add(e);
          }
        });
    clock.advance(Duration.ofSeconds(1));
    assertThat(errors).singleElement().extracting(Throwable::getMessage).asString()
        .contains("already advancing");
  }

  @Test
  void creationSitesAreCapturedOnlyWhenAsked() {
    clock.callLater(Duration.ofSeconds(1), () -> {});
    clock.captureCreationSites(true);
    clock.callLater(Duration.ofSeconds(2), () -> {});
    List<PendingCall> pending = clock.pendingCalls();
    assertThat(pending.get(0).creationSite()).isNull();
    assertThat(pending.get(1).creationSite())
        .hasMessageContaining("delayed call")
        .satisfies(site -> assertThat(site.getStackTrace()).isNotEmpty());
    assertThat(clock.isCapturingCreationSites()).isTrue();
  }

  @Test
  void javaClockViewReadsFakeTime() {
    java.time.Clock view = clock.javaClock();
    clock.advance(Duration.ofHours(1));
    assertThat(view.instant()).isEqualTo(Instant.EPOCH.plusSeconds(3600));
  }

  @Test
  void hugeAdvanceSaturatesInsteadOfOverflowing() {
    clock.callLater(Duration.ofDays(1), record("day"));
    clock.advance(Duration.ofSeconds(Long.MAX_VALUE));
    assertThat(log).containsExactly("day@86400000");
  }
}
