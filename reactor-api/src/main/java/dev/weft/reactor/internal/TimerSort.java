package dev.weft.reactor.internal;

/**
 * Sorts the entries of a {@link TimerQueue} by due time, then sequence: an LSD radix sort on the
 * two non-negative 64-bit keys, a byte per pass, skipping the bytes that every key shares. It is
 * linear in the entries and reads and writes memory in order, where a million heap insertions
 * would miss the cache at every level.
 */
final class TimerSort {
  private static final int RADIX = 256;

  private TimerSort() {}

  /**
   * Sorts {@code n} entries in place.
   *
   * @param refs the entries' payloads
   * @param keys the keys: entry {@code i} has {@code keys[2i]} (primary) and {@code keys[2i+1]}
   *     (secondary), both not negative
   * @param n how many entries, from index 0
   * @param secondaryInOrder whether the entries already stand in order of their secondary key,
   *     so that a stable sort on the primary key alone finishes the job
   */
  static <T> void sort(T[] refs, long[] keys, int n, boolean secondaryInOrder) {
    if (isSorted(keys, n)) {
      return;
    }
    // Histograms of all 16 digits in one read; digit d < 8 is byte d of the secondary key.
    int[][] counts = new int[16][RADIX];
    for (int i = 0; i < n; i++) {
      long primary = keys[2 * i];
      long secondary = keys[2 * i + 1];
      for (int b = 0; b < 8; b++) {
        counts[b][(int) (secondary >>> (8 * b)) & 0xFF]++;
        counts[8 + b][(int) (primary >>> (8 * b)) & 0xFF]++;
      }
    }
    T[] fromRefs = refs;
    long[] fromKeys = keys;
    T[] toRefs = refs.clone();
    long[] toKeys = new long[keys.length];
    int[] next = new int[RADIX];
    for (int digit = secondaryInOrder ? 8 : 0; digit < 16; digit++) {
      int[] count = counts[digit];
      if (sharedByAll(count, n)) {
        continue;
      }
      int word = digit < 8 ? 1 : 0;
      int shift = 8 * (digit % 8);
      for (int v = 0, sum = 0; v < RADIX; v++) {
        next[v] = sum;
        sum += count[v];
      }
      for (int i = 0; i < n; i++) {
        int slot = next[(int) (fromKeys[2 * i + word] >>> shift) & 0xFF]++;
        toRefs[slot] = fromRefs[i];
        toKeys[2 * slot] = fromKeys[2 * i];
        toKeys[2 * slot + 1] = fromKeys[2 * i + 1];
      }
      T[] r = fromRefs;
      fromRefs = toRefs;
      toRefs = r;
      long[] k = fromKeys;
      fromKeys = toKeys;
      toKeys = k;
    }
    if (fromKeys != keys) {
      System.arraycopy(fromRefs, 0, refs, 0, n);
      System.arraycopy(fromKeys, 0, keys, 0, 2 * n);
    }
  }

  private static boolean isSorted(long[] keys, int n) {
    for (int i = 1; i < n; i++) {
      long a = keys[2 * i - 2];
      long b = keys[2 * i];
      if (a > b || (a == b && keys[2 * i - 1] > keys[2 * i + 1])) {
        return false;
      }
    }
    return true;
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
