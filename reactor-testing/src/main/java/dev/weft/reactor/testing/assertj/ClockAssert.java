package dev.weft.reactor.testing.assertj;

import dev.weft.reactor.testing.Clock;
import dev.weft.reactor.testing.PendingCall;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on a fake {@link Clock}. Obtain one with {@link ReactorAssertions#assertThat(Clock)}.
 */
public final class ClockAssert extends AbstractAssert<ClockAssert, Clock> {

  ClockAssert(Clock actual) {
    super(actual, ClockAssert.class);
  }

  /**
   * Verifies that no delayed call is pending.
   *
   * @return this assertion
   */
  public ClockAssert hasNoPendingCalls() {
    isNotNull();
    if (actual.pendingCount() != 0) {
      failWithMessage("Expecting no pending calls but found:%n  %s", actual.pendingCalls());
    }
    return this;
  }

  /**
   * Verifies that exactly these calls are pending, given as times after the Clock's start (its
   * epoch), in order.
   *
   * @param elapsed the due times, as durations since the Clock's start
   * @return this assertion
   */
  public ClockAssert hasPendingCallsAt(Duration... elapsed) {
    isNotNull();
    Instant start = actual.now().minus(actual.elapsed());
    List<Duration> actualTimes =
        actual.pendingCalls().stream()
            .map(PendingCall::time)
            .map(t -> Duration.between(start, t))
            .toList();
    if (!actualTimes.equals(Arrays.asList(elapsed))) {
      failWithMessage(
          "Expecting pending calls at:%n  %s%nbut they were at:%n  %s",
          Arrays.asList(elapsed), actualTimes);
    }
    return this;
  }

  /**
   * Verifies the Clock's current time, as a duration since its start.
   *
   * @param expected the expected elapsed time
   * @return this assertion
   */
  public ClockAssert hasElapsed(Duration expected) {
    isNotNull();
    if (!actual.elapsed().equals(expected)) {
      failWithMessage("Expecting Clock to have elapsed:%n  %s%nbut it had elapsed:%n  %s",
          expected, actual.elapsed());
    }
    return this;
  }

  /**
   * Verifies the Clock's current time.
   *
   * @param expected the expected instant
   * @return this assertion
   */
  public ClockAssert isAt(Instant expected) {
    isNotNull();
    if (!actual.now().equals(expected)) {
      failWithMessage("Expecting Clock to be at:%n  %s%nbut it was at:%n  %s", expected, actual.now());
    }
    return this;
  }
}
