package dev.weft.reactor.internal;

import java.time.Duration;
import java.util.Objects;

/** Argument checks whose messages name the argument and the bad value. */
public final class Checks {
  private Checks() {}

  /**
   * Checks a TCP port number.
   *
   * @param port the port, 0 meaning "any free port"
   * @return {@code port}
   * @throws IllegalArgumentException if {@code port} is outside 0..65535
   */
  public static int port(int port) {
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("port must be in 0..65535: " + port);
    }
    return port;
  }

  /**
   * Checks a listen backlog.
   *
   * @param backlog the backlog
   * @return {@code backlog}
   * @throws IllegalArgumentException if {@code backlog} is negative
   */
  public static int backlog(int backlog) {
    if (backlog < 0) {
      throw new IllegalArgumentException("backlog must not be negative: " + backlog);
    }
    return backlog;
  }

  /**
   * Checks that a duration is non-null and not negative.
   *
   * @param duration the duration
   * @param name the argument's name, for the message
   * @return {@code duration}
   * @throws NullPointerException if {@code duration} is null
   * @throws IllegalArgumentException if {@code duration} is negative
   */
  public static Duration nonNegative(Duration duration, String name) {
    Objects.requireNonNull(duration, name);
    if (duration.isNegative()) {
      throw new IllegalArgumentException(name + " must not be negative: " + duration);
    }
    return duration;
  }

  /**
   * Checks that a duration is strictly positive.
   *
   * @param duration the duration
   * @param name the argument's name, for the message
   * @return {@code duration}
   * @throws NullPointerException if {@code duration} is null
   * @throws IllegalArgumentException if {@code duration} is zero or negative
   */
  public static Duration positive(Duration duration, String name) {
    Objects.requireNonNull(duration, name);
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException(name + " must be positive: " + duration);
    }
    return duration;
  }

  /**
   * Converts a non-negative duration to nanoseconds, saturating at {@link Long#MAX_VALUE} so
   * that "practically forever" stays representable.
   *
   * @param duration a non-negative duration
   * @return the duration in nanoseconds, at most {@code Long.MAX_VALUE}
   */
  public static long saturatedNanos(Duration duration) {
    try {
      return duration.toNanos();
    } catch (ArithmeticException overflow) {
      return Long.MAX_VALUE;
    }
  }

  /**
   * Adds two non-negative nanosecond counts, saturating at {@link Long#MAX_VALUE}.
   *
   * @param a a non-negative count
   * @param b a non-negative count
   * @return {@code a + b}, or {@code Long.MAX_VALUE} on overflow
   */
  public static long saturatedAdd(long a, long b) {
    long sum = a + b;
    return sum < 0 ? Long.MAX_VALUE : sum;
  }
}
