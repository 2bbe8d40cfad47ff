package dev.weft.benchmarks.clients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LatencyHistogramTest {

  @Test
  void percentilesOfAUniformRangeAreWithinBucketPrecision() {
    LatencyHistogram histogram = new LatencyHistogram();
    for (long v = 1; v <= 100_000; v++) {
      histogram.record(v * 1_000);
    }
    assertThat(histogram.count()).isEqualTo(100_000);
    assertThat((double) histogram.percentile(0.50)).isCloseTo(50_000_000, within(50_000_000 * 0.02));
    assertThat((double) histogram.percentile(0.99)).isCloseTo(99_000_000, within(99_000_000 * 0.02));
  }

  @Test
  void smallValuesAreExact() {
    LatencyHistogram histogram = new LatencyHistogram();
    histogram.record(3);
    histogram.record(7);
    histogram.record(-5);
    assertThat(histogram.percentile(0)).isZero();
    assertThat(histogram.percentile(0.5)).isEqualTo(3);
    assertThat(histogram.percentile(1)).isEqualTo(7);
  }

  @Test
  void hugeValuesFitTheLastBucket() {
    LatencyHistogram histogram = new LatencyHistogram();
    histogram.record(Long.MAX_VALUE);
    assertThat((double) histogram.percentile(1)).isCloseTo(Long.MAX_VALUE, within(Long.MAX_VALUE * 0.02));
  }

  @Test
  void emptyHistogramReportsZero() {
    assertThat(new LatencyHistogram().percentile(0.99)).isZero();
  }

  @Test
  void quantileOutsideZeroToOneIsRejected() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new LatencyHistogram().percentile(1.5))
        .withMessage("quantile must be in 0..1: 1.5");
  }
}
