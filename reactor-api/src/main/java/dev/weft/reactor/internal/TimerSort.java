package dev.weft.reactor.internal;

/**
 * Orders a batch of timer entries by due time, keeping entries with equal due times in the order
 * they stand: an LSD radix sort on the due times' offsets from the batch's earliest, a byte per
 * pass, skipping the bytes every offset shares. It is linear in the entries and reads and writes
 * memory in order, where a million heap insertions would miss the cache at every level; and it
 * moves only an offset and an index per entry, never the entries themselves.
 */
final class TimerSort {
  private static final int RADIX = 256;

  private TimerSort() {}

  /**
   * Returns the stable order of {@code n} entries by due time.
   *
   * @param keys entry {@code i} of the batch has its due time, not negative, in
   *     {@code keys[2 * (from + i)]}
   * @param from the index of the batch's first entry
   * @param n how many entries the batch holds, at least 1
   * @param sortedDue receives the due times in the returned order, at least {@code n} long
   * @return the batch indices (0 to {@code n - 1}) in order of due time, ties in index order
   */
  static int[] stableOrder(long[] keys, int from, int n, long[] sortedDue) {
    long min = Long.MAX_VALUE;
    long max = Long.MIN_VALUE;
    boolean sorted = true;
    long previous = Long.MIN_VALUE;
    for (int i = 0; i < n; i++) {
      long due = keys[2 * (from + i)];
      min = Math.min(min, due);
      max = Math.max(max, due);
      sorted &= previous <= due;
      previous = due;
    }
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    if (sorted) {
      for (int i = 0; i < n; i++) {
        sortedDue[i] = keys[2 * (from + i)];
      }
      return order;
    }
    // Due times are not negative, so the span fits a long; only its low bytes need sorting.
    int digits = (Long.SIZE - Long.numberOfLeadingZeros(max - min) + 7) / 8;
    long[] offsets = new long[n];
    int[][] counts = new int[digits][RADIX];
    for (int i = 0; i < n; i++) {
      long offset = keys[2 * (from + i)] - min;
      offsets[i] = offset;
      for (int d = 0; d < digits; d++) {
        counts[d][(int) (offset >>> (8 * d)) & 0xFF]++;
      }
    }
    long[] toOffsets = new long[n];
    int[] toOrder = new int[n];
    int[] next = new int[RADIX];
    for (int d = 0; d < digits; d++) {
      int[] count = counts[d];
      if (sharedByAll(count, n)) {
        continue;
      }
      for (int v = 0, sum = 0; v < RADIX; v++) {
        next[v] = sum;
        sum += count[v];
      }
      int shift = 8 * d;
      for (int i = 0; i < n; i++) {
        long offset = offsets[i];
        int slot = next[(int) (offset >>> shift) & 0xFF]++;
        toOffsets[slot] = offset;
        toOrder[slot] = order[i];
      }
      long[] o = offsets;
      offsets = toOffsets;
      toOffsets = o;
      int[] r = order;
      order = toOrder;
      toOrder = r;
    }
    // Handing the due times back in order spares the caller a random read per entry.
    for (int i = 0; i < n; i++) {
      sortedDue[i] = min + offsets[i];
    }
    return order;
  }

  private static boolean sharedByAll(int[] count, int n) {
    for (int c : count) {
      if (c == n) {
        return true;
      }
      if (c != 0) {
        return false;
      }
    }
    return false;
  }
}
