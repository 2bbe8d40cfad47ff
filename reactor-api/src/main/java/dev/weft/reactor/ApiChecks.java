package dev.weft.reactor;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;

/**
 * The few argument rules this package needs, worded exactly as
 * {@code dev.weft.reactor.internal.Checks} words them for everyone else. This package is the API
 * and may not depend on the internal package, which depends on it (PackageDependenciesTest keeps
 * it so, and ApiChecksTest keeps the two wordings equal).
 */
final class ApiChecks {
  private ApiChecks() {}

  static Duration nonNegative(Duration duration, String name) {
    Objects.requireNonNull(duration, name);
    if (duration.isNegative()) {
      throw new IllegalArgumentException(name + " must not be negative: " + duration);
    }
    return duration;
  }

  static Duration positive(Duration duration, String name) {
    Objects.requireNonNull(duration, name);
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException(name + " must be positive: " + duration);
    }
    return duration;
  }

  static long saturatedNanos(Duration duration) {
    try {
      return duration.toNanos();
    } catch (ArithmeticException overflow) {
      return Long.MAX_VALUE;
    }
  }

  /**
   * The reactor's executor when {@code facet} is a whole reactor, so that the async stages of a
   * Deferred made from a facet run on the reactor; otherwise {@code null}.
   */
  static @Nullable Executor executorOf(Object facet) {
    return facet instanceof ReactorThreads threads ? threads.executor() : null;
  }
}
