package dev.weft.reactor.internal;

import java.util.List;

/**
 * Entries of a {@link TimerQueue} already in run order, taken from the front: a big batch of
 * timers is sorted once into a run, and draining it then costs an index increment per timer
 * instead of a heap removal that misses the cache at every level.
 *
 * <p>Like the heap, a run holds entries (a timer with the due time and sequence it had when the
 * entry was made), not timers: an entry whose timer was cancelled, reset or delayed since is
 * stale and is skipped when it reaches the front. Not thread-safe; owned by its queue.
 */
final class TimerRun {
  private static final TimerQueue.Timer[] NO_TIMERS = new TimerQueue.Timer[0];
  private static final long[] NO_KEYS = new long[0];

  // Entry i is timers[i] with its due time in keys[2i] and its sequence in keys[2i + 1]; the
  // entries still to run are [head, end).
  private TimerQueue.Timer[] timers = NO_TIMERS;
  private long[] keys = NO_KEYS;
  private int head;
  private int end;

  /** Returns how many entries, live or stale, are left. */
  int size() {
    return end - head;
  }

  /** Tells whether no entry is left. */
  boolean isEmpty() {
    return head == end;
  }

  /** Returns the first entry's due time; the run must not be empty. */
  long firstDue() {
    return keys[2 * head];
  }

  /** Returns the first entry's sequence; the run must not be empty. */
  long firstSeq() {
    return keys[2 * head + 1];
  }

  /** Returns the first entry's timer; the run must not be empty. */
  TimerQueue.Timer first() {
    return timers[head];
  }

  /** Tells whether the first entry is live; the run must not be empty. */
  boolean firstIsLive() {
    return timers[head].isEntryLive(keys[2 * head + 1]);
  }

  /** Removes the first entry, and lets go of the arrays once the run is used up. */
  void removeFirst() {
    timers[head++] = null;
    if (head == end) {
      clear();
    }
  }

  /**
   * Merges a batch of entries into the run: the batch's timers stand in {@code batchTimers} from
   * index {@code from} on, with consecutive sequences from {@code firstSeq}; {@code order} lists
   * them in due time order, ties in sequence order, and {@code sortedDue} their due times in that
   * order (see {@link TimerSort#stableOrder}).
   */
  void merge(
      TimerQueue.Timer[] batchTimers, int from, long firstSeq, int[] order, long[] sortedDue) {
    int n = order.length;
    int total = size() + n;
    TimerQueue.Timer[] merged = new TimerQueue.Timer[total];
    long[] mergedKeys = new long[2 * total];
    int r = head;
    int b = 0;
    for (int out = 0; out < total; out++) {
      // Every run entry was made before the batch, so it has the smaller sequence: on equal due
      // times it goes first.
      if (b == n || (r < end && keys[2 * r] <= sortedDue[b])) {
        merged[out] = timers[r];
        mergedKeys[2 * out] = keys[2 * r];
        mergedKeys[2 * out + 1] = keys[2 * r + 1];
        r++;
      } else {
        merged[out] = batchTimers[from + order[b]];
        mergedKeys[2 * out] = sortedDue[b];
        mergedKeys[2 * out + 1] = firstSeq + order[b];
        b++;
      }
    }
    timers = merged;
    keys = mergedKeys;
    head = 0;
    end = total;
  }

  /** Drops the stale entries, keeping the order of the live ones, and shrinks the arrays. */
  void compact() {
    int kept = 0;
    for (int i = head; i < end; i++) {
      if (timers[i].isEntryLive(keys[2 * i + 1])) {
        kept++;
      }
    }
    if (kept == 0) {
      clear();
      return;
    }
    TimerQueue.Timer[] live = new TimerQueue.Timer[kept];
    long[] liveKeys = new long[2 * kept];
    int out = 0;
    for (int i = head; i < end; i++) {
      if (timers[i].isEntryLive(keys[2 * i + 1])) {
        live[out] = timers[i];
        liveKeys[2 * out] = keys[2 * i];
        liveKeys[2 * out + 1] = keys[2 * i + 1];
        out++;
      }
    }
    timers = live;
    keys = liveKeys;
    head = 0;
    end = kept;
  }

  /** Adds the timers of the live entries to {@code out}, in run order. */
  void addLiveTo(List<TimerQueue.Timer> out) {
    for (int i = head; i < end; i++) {
      if (timers[i].isEntryLive(keys[2 * i + 1])) {
        out.add(timers[i]);
      }
    }
  }

  /** Removes every entry. */
  void clear() {
    timers = NO_TIMERS;
    keys = NO_KEYS;
    head = 0;
    end = 0;
  }
}
