package dev.weft.reactor.endpoints;

import dev.weft.reactor.internal.Checks;
import java.time.Duration;

/**
 * How long a {@link ClientService} waits before its next connection attempt. Called on the
 * reactor thread.
 *
 * <p>Twisted: the {@code retryPolicy} argument of {@code ClientService}.
 */
@FunctionalInterface
public interface RetryPolicy {

  /**
   * Returns the delay before the next attempt.
   *
   * @param failedAttempts how many attempts failed in a row, counting a lost connection as one:
   *     1 after the first failure, and 1 again after a connection that was up was lost
   * @return the delay, not negative
   */
  Duration delay(int failedAttempts);

  /**
   * Returns Twisted's default policy: {@link ExponentialBackoff} starting at one second, growing
   * by 1.5 up to a minute, plus up to one second of uniform jitter from a fresh
   * {@link java.util.Random}. Tests inject their own generator through
   * {@link ExponentialBackoff#builder()} to fix the schedule.
   *
   * @return a new policy
   */
  static RetryPolicy twistedDefault() {
    return ExponentialBackoff.builder().build();
  }

  /**
   * Returns a policy that always waits {@code delay}.
   *
   * @param delay the delay, not negative
   * @return the policy
   * @throws IllegalArgumentException if {@code delay} is negative
   */
  static RetryPolicy constant(Duration delay) {
    Checks.nonNegative(delay, "delay");
    return failedAttempts -> delay;
  }
}
