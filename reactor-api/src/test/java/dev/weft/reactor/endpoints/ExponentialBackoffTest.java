package dev.weft.reactor.endpoints;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ExponentialBackoffTest {

  @Test
  void twistedsDefaultsGrowByOneAndAHalfUpToAMinutePlusUpToASecondOfJitter() {
    ExponentialBackoff policy = ExponentialBackoff.builder().random(new Random(3)).build();
    Random same = new Random(3);

    assertThat(policy.delay(1)).isEqualTo(Duration.ofNanos(Math.round(1.5e9 + same.nextDouble() * 1e9)));
    assertThat(policy.delay(2)).isEqualTo(Duration.ofNanos(Math.round(2.25e9 + same.nextDouble() * 1e9)));
    assertThat(policy.delay(50)).isBetween(Duration.ofMinutes(1), Duration.ofSeconds(61));
    assertThat(policy.delay(Integer.MAX_VALUE)).isBetween(Duration.ofMinutes(1), Duration.ofSeconds(61));
  }

  @Test
  void withoutJitterTheScheduleIsExact() {
    ExponentialBackoff policy = ExponentialBackoff.builder()
        .initialDelay(Duration.ofMillis(100)).factor(2).maxDelay(Duration.ofSeconds(1))
        .maxJitter(Duration.ZERO).build();

    assertThat(policy.delay(0)).isEqualTo(Duration.ofMillis(100));
    assertThat(policy.delay(3)).isEqualTo(Duration.ofMillis(800));
    assertThat(policy.delay(4)).isEqualTo(Duration.ofSeconds(1));
    assertThat(RetryPolicy.constant(Duration.ofSeconds(5)).delay(9)).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void badSettingsAreRejectedWithTheirValues() {
    ExponentialBackoff.Builder b = ExponentialBackoff.builder();
    assertThatThrownBy(() -> b.factor(0.9)).hasMessage("factor must be a finite number >= 1: 0.9");
    assertThatThrownBy(() -> b.maxJitter(Duration.ofSeconds(-1)))
        .hasMessage("maxJitter must not be negative: PT-1S");
    assertThatThrownBy(() -> b.build().delay(-1)).hasMessage("failedAttempts must not be negative: -1");
    assertThatThrownBy(() -> RetryPolicy.constant(Duration.ofMillis(-5)))
        .hasMessage("delay must not be negative: PT-0.005S");
  }
}
