package dev.weft.reactor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.weft.reactor.internal.Checks;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The API package words its few argument checks itself (it may not depend on the internal
 * package); they must read exactly as the internal {@link Checks} everyone else uses.
 */
class ApiChecksTest {

  @Test
  void durationChecksFailWithTheSameExceptionsAndMessagesAsTheInternalChecks() {
    for (Duration d : List.of(Duration.ofSeconds(-3), Duration.ZERO, Duration.ofNanos(1))) {
      assertSame(
          catchThrowable(() -> ApiChecks.nonNegative(d, "delay")),
          catchThrowable(() -> Checks.nonNegative(d, "delay")));
      assertSame(
          catchThrowable(() -> ApiChecks.positive(d, "interval")),
          catchThrowable(() -> Checks.positive(d, "interval")));
    }
    assertSame(
        catchThrowable(() -> ApiChecks.nonNegative(null, "timeout")),
        catchThrowable(() -> Checks.nonNegative(null, "timeout")));
    assertThat(ApiChecks.saturatedNanos(Duration.ofDays(400 * 365)))
        .isEqualTo(Checks.saturatedNanos(Duration.ofDays(400 * 365)))
        .isEqualTo(Long.MAX_VALUE);
  }

  private static void assertSame(Throwable api, Throwable internal) {
    if (internal == null) {
      assertThat(api).isNull();
      return;
    }
    assertThat(api).isExactlyInstanceOf(internal.getClass()).hasMessage(internal.getMessage());
  }
}
