package dev.weft.reactor.endpoints;

import dev.weft.reactor.internal.Checks;
import java.time.Duration;
import java.util.Objects;
import java.util.Random;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;

/**
 * A {@link RetryPolicy} whose delay grows exponentially with the failures in a row, capped, plus
 * random jitter: {@code min(initialDelay * factor^failedAttempts, maxDelay) + jitter}, where the
 * jitter is uniform in {@code [0, maxJitter)} and drawn from the injected generator, so a seed
 * fixes the whole schedule. With Twisted's defaults the first retry waits 1.5 s plus jitter.
 * Not thread-safe (the generator is shared); a {@link ClientService} calls it on the reactor
 * thread.
 *
 * <p>Twisted: {@code twisted.application.internet.backoffPolicy}.
 */
public final class ExponentialBackoff implements RetryPolicy {
  /** Twisted's initial delay: one second. */
  public static final Duration DEFAULT_INITIAL_DELAY = Duration.ofSeconds(1);
  /** Twisted's growth factor: 1.5. */
  public static final double DEFAULT_FACTOR = 1.5;
  /** Twisted's maximum delay before jitter: one minute. */
  public static final Duration DEFAULT_MAX_DELAY = Duration.ofMinutes(1);
  /** Twisted's jitter: up to one second, uniformly. */
  public static final Duration DEFAULT_MAX_JITTER = Duration.ofSeconds(1);

  // Twisted caps the exponent too, so that huge failure counts cannot overflow.
  private static final int MAX_EXPONENT = 100;

  private final Duration initialDelay;
  private final double factor;
  private final Duration maxDelay;
  private final Duration maxJitter;
  private final RandomGenerator random;

  private ExponentialBackoff(Builder b) {
    this.initialDelay = b.initialDelay;
    this.factor = b.factor;
    this.maxDelay = b.maxDelay;
    this.maxJitter = b.maxJitter;
    this.random = b.random != null ? b.random : new Random();
  }

  /**
   * Starts a builder with Twisted's defaults: 1 s, factor 1.5, at most 1 min, up to 1 s jitter,
   * a fresh {@link Random}.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalArgumentException if {@code failedAttempts} is negative
   */
  @Override
  public Duration delay(int failedAttempts) {
    if (failedAttempts < 0) {
      throw new IllegalArgumentException("failedAttempts must not be negative: " + failedAttempts);
    }
    double base =
        Math.min(
            nanos(initialDelay) * Math.pow(factor, Math.min(MAX_EXPONENT, failedAttempts)),
            nanos(maxDelay));
    double jitter = maxJitter.isZero() ? 0 : random.nextDouble() * nanos(maxJitter);
    double total = base + jitter;
    return total >= Long.MAX_VALUE ? Duration.ofNanos(Long.MAX_VALUE)
        : Duration.ofNanos(Math.round(total));
  }

  private static double nanos(Duration d) {
    return Checks.saturatedNanos(d);
  }

  @Override
  public String toString() {
    return "ExponentialBackoff[" + initialDelay + " * " + factor + "^n, at most " + maxDelay
        + ", jitter < " + maxJitter + "]";
  }

  /** Configures an {@link ExponentialBackoff}. Not thread-safe; build on one thread. */
  public static final class Builder {
    private Duration initialDelay = DEFAULT_INITIAL_DELAY;
    private double factor = DEFAULT_FACTOR;
    private Duration maxDelay = DEFAULT_MAX_DELAY;
    private Duration maxJitter = DEFAULT_MAX_JITTER;
    private @Nullable RandomGenerator random;

    private Builder() {}

    /**
     * Sets the delay the growth starts from: the wait after {@code n} failures is this times
     * {@code factor^n}.
     *
     * @param initialDelay not negative
     * @return this builder
     * @throws IllegalArgumentException if {@code initialDelay} is negative
     */
    public Builder initialDelay(Duration initialDelay) {
      this.initialDelay = Checks.nonNegative(initialDelay, "initialDelay");
      return this;
    }

    /**
     * Sets how much the delay grows per failure.
     *
     * @param factor a finite number, at least 1
     * @return this builder
     * @throws IllegalArgumentException if {@code factor} is below 1 or not finite
     */
    public Builder factor(double factor) {
      if (!(factor >= 1) || Double.isInfinite(factor)) {
        throw new IllegalArgumentException("factor must be a finite number >= 1: " + factor);
      }
      this.factor = factor;
      return this;
    }

    /**
     * Sets the largest delay before jitter is added.
     *
     * @param maxDelay not negative
     * @return this builder
     * @throws IllegalArgumentException if {@code maxDelay} is negative
     */
    public Builder maxDelay(Duration maxDelay) {
      this.maxDelay = Checks.nonNegative(maxDelay, "maxDelay");
      return this;
    }

    /**
     * Sets the bound of the uniform jitter added to each delay; {@link Duration#ZERO} for none.
     *
     * @param maxJitter not negative
     * @return this builder
     * @throws IllegalArgumentException if {@code maxJitter} is negative
     */
    public Builder maxJitter(Duration maxJitter) {
      this.maxJitter = Checks.nonNegative(maxJitter, "maxJitter");
      return this;
    }

    /**
     * Sets the generator of the jitter, so that a seed fixes the schedule in tests.
     *
     * @param random the generator; called on the reactor thread only
     * @return this builder
     */
    public Builder random(RandomGenerator random) {
      this.random = Objects.requireNonNull(random, "random");
      return this;
    }

    /**
     * Builds the policy.
     *
     * @return a new policy, never {@code null}
     */
    public ExponentialBackoff build() {
      return new ExponentialBackoff(this);
    }
  }
}
