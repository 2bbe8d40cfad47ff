package dev.weft.benchmarks.clients;

/**
 * Nanosecond latencies in log-linear buckets (64 per power of two, so within 1.6%): constant
 * memory and no allocation per sample, whatever the run's length. Not thread-safe.
 */
public final class LatencyHistogram {
  private static final int SUB_BITS = 6;
  private static final int SUB = 1 << SUB_BITS;
  private final long[] counts = new long[(64 - SUB_BITS) * SUB];
  private long total;

  /**
   * Records one latency.
   *
   * @param nanos the latency; negative values count as zero
   */
  public void record(long nanos) {
    long v = Math.max(0, nanos);
    int index;
    if (v < SUB) {
      index = (int) v;
    } else {
      int exponent = 63 - Long.numberOfLeadingZeros(v);
      int sub = (int) (v >>> (exponent - SUB_BITS)) & (SUB - 1);
      index = (exponent - SUB_BITS + 1) * SUB + sub;
    }
    counts[index]++;
    total++;
  }

  /**
   * Returns how many latencies were recorded.
   *
   * @return the sample count
   */
  public long count() {
    return total;
  }

  /**
   * Returns the latency at a quantile, as the midpoint of its bucket.
   *
   * @param quantile in 0..1, e.g. 0.99
   * @return nanoseconds, or 0 if nothing was recorded
   */
  public long percentile(double quantile) {
    if (quantile < 0 || quantile > 1) {
      throw new IllegalArgumentException("quantile must be in 0..1: " + quantile);
    }
    long rank = Math.max(1, (long) Math.ceil(quantile * total));
    long seen = 0;
    for (int i = 0; i < counts.length; i++) {
      seen += counts[i];
      if (seen >= rank) {
        return valueOf(i);
      }
    }
    return 0;
  }

  private static long valueOf(int index) {
    if (index < SUB) {
      return index;
    }
    int exponent = index / SUB + SUB_BITS - 1;
    long low = (long) (SUB + index % SUB) << (exponent - SUB_BITS);
    return low + (1L << (exponent - SUB_BITS)) / 2;
  }
}
