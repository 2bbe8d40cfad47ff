package dev.weft.reactor.internal;

import dev.weft.reactor.AlreadyCalledException;
import dev.weft.reactor.AlreadyCancelledException;
import dev.weft.reactor.DelayedCall;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * The one delayed-call queue of every Weft reactor: a 4-ary min-heap ordered by due time, then
 * by scheduling sequence, with O(log n) schedule, cancel, reset and delay.
 *
 * <p>Times are nanoseconds on the owner's timeline; {@code epoch} maps them to {@link Instant}s.
 * Cancelled calls leave the heap at once, so cancel-heavy workloads do not grow memory.
 *
 * <p>Not thread-safe: the owning reactor calls it, and the {@link Timer}s it hands out, from its
 * own thread only. The {@code ownerCheck} runs before every mutation so that a real reactor can
 * reject calls from foreign threads.
 */
public final class TimerQueue {
  // Children per node: a 4-ary heap is half as deep as a binary one, and the due times of a
  // node's children sit side by side in one cache line.
  private static final int ARITY = 4;

  private static final Comparator<Timer> ORDER =
      Comparator.comparingLong((Timer t) -> t.due).thenComparingLong(t -> t.seq);

  private final Instant epoch;
  private final LongSupplier clock;
  private final Runnable ownerCheck;
  // The heap keeps each entry's due time and sequence in primitive arrays beside the Timer
  // references, so comparisons read contiguous memory instead of chasing a pointer per entry:
  // with a million pending calls that is most of the cost of draining them.
  private Timer[] heap = new Timer[16];
  private long[] dues = new long[16];
  private long[] seqs = new long[16];
  private int size;
  private long nextSeq;

  /**
   * Creates an empty queue.
   *
   * @param epoch the instant that nanosecond 0 of the timeline stands for
   * @param clock reads the owner's current time, in nanoseconds since {@code epoch}
   * @param ownerCheck runs before each mutation; throws to reject the calling thread
   */
  public TimerQueue(Instant epoch, LongSupplier clock, Runnable ownerCheck) {
    this.epoch = Objects.requireNonNull(epoch, "epoch");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.ownerCheck = Objects.requireNonNull(ownerCheck, "ownerCheck");
  }

  /**
   * Schedules {@code call} after {@code delay} from the owner's current time.
   *
   * @param delay not negative
   * @param call what to run
   * @return the scheduled timer
   */
  public Timer schedule(Duration delay, Runnable call) {
    Checks.nonNegative(delay, "delay");
    Objects.requireNonNull(call, "call");
    ownerCheck.run();
    Timer timer = new Timer(call);
    timer.due = Checks.saturatedAdd(clock.getAsLong(), Checks.saturatedNanos(delay));
    timer.seq = nextSeq++;
    offer(timer);
    return timer;
  }

  /**
   * Returns the number of pending calls.
   *
   * @return how many calls wait to run
   */
  public int size() {
    return size;
  }

  /**
   * Tells whether no call is pending.
   *
   * @return {@code true} if the queue is empty
   */
  public boolean isEmpty() {
    return size == 0;
  }

  /**
   * Returns the earliest pending call without removing it.
   *
   * @return the next call, or {@code null} if none is pending
   */
  public @Nullable Timer peek() {
    return size == 0 ? null : heap[0];
  }

  /**
   * Returns the due time of the earliest pending call.
   *
   * @return nanoseconds on the timeline, or {@link Long#MAX_VALUE} if none is pending
   */
  public long nextDueNanos() {
    return size == 0 ? Long.MAX_VALUE : heap[0].due;
  }

  /**
   * Removes and returns the earliest call if it is due at {@code nowNanos}; the caller then
   * runs it with {@link Timer#run()}.
   *
   * @param nowNanos the current time on the timeline
   * @return the due call, or {@code null} if none is due
   */
  public @Nullable Timer pollDue(long nowNanos) {
    if (size == 0 || heap[0].due > nowNanos) {
      return null;
    }
    Timer head = heap[0];
    removeAt(0);
    head.state = State.CALLED;
    return head;
  }

  /**
   * Returns the pending calls in the order they would run.
   *
   * @return a sorted snapshot, never {@code null}
   */
  public List<Timer> pending() {
    Timer[] copy = Arrays.copyOf(heap, size);
    Arrays.sort(copy, ORDER);
    return new ArrayList<>(Arrays.asList(copy));
  }

  /**
   * Removes every pending call, marking each cancelled; used when a reactor shuts down.
   *
   * @return the removed calls, in the order they would have run
   */
  public List<Timer> clear() {
    List<Timer> all = pending();
    for (Timer t : all) {
      t.state = State.CANCELLED;
      t.index = -1;
    }
    Arrays.fill(heap, 0, size, null);
    size = 0;
    return all;
  }

  /**
   * Converts a time on the timeline to an {@link Instant}.
   *
   * @param nanos nanoseconds since the epoch
   * @return the instant
   */
  public Instant toInstant(long nanos) {
    return epoch.plusNanos(nanos);
  }

  private void offer(Timer timer) {
    if (size == heap.length) {
      resize(size * 2);
    }
    place(timer, size++);
    siftUp(timer.index);
  }

  private void removeAt(int i) {
    Timer removed = heap[i];
    removed.index = -1;
    int last = --size;
    if (i != last) {
      Timer moved = heap[last];
      place(moved, i);
      heap[last] = null;
      siftDown(i);
      if (heap[i] == moved) {
        siftUp(i);
      }
    } else {
      heap[last] = null;
    }
    // Shrink after a burst of cancellations so memory follows the live count.
    if (heap.length > 64 && size < heap.length / 4) {
      resize(heap.length / 2);
    }
  }

  private void resize(int length) {
    heap = Arrays.copyOf(heap, length);
    dues = Arrays.copyOf(dues, length);
    seqs = Arrays.copyOf(seqs, length);
  }

  private void place(Timer timer, int i) {
    heap[i] = timer;
    dues[i] = timer.due;
    seqs[i] = timer.seq;
    timer.index = i;
  }

  private boolean before(int a, int b) {
    return dues[a] < dues[b] || (dues[a] == dues[b] && seqs[a] < seqs[b]);
  }

  private void siftUp(int i) {
    Timer t = heap[i];
    long due = dues[i];
    long seq = seqs[i];
    while (i > 0) {
      int parent = (i - 1) / ARITY;
      if (dues[parent] < due || (dues[parent] == due && seqs[parent] < seq)) {
        break;
      }
      place(heap[parent], i);
      i = parent;
    }
    place(t, i);
  }

  private void siftDown(int i) {
    Timer t = heap[i];
    long due = dues[i];
    long seq = seqs[i];
    while (true) {
      int first = ARITY * i + 1;
      if (first >= size) {
        break;
      }
      int best = first;
      int end = Math.min(first + ARITY, size);
      for (int c = first + 1; c < end; c++) {
        if (before(c, best)) {
          best = c;
        }
      }
      if (due < dues[best] || (due == dues[best] && seq < seqs[best])) {
        break;
      }
      place(heap[best], i);
      i = best;
    }
    place(t, i);
  }

  private void reschedule(Timer timer, long due) {
    timer.due = due;
    timer.seq = nextSeq++;
    int i = timer.index;
    dues[i] = timer.due;
    seqs[i] = timer.seq;
    siftUp(i);
    if (heap[i] == timer) {
      siftDown(i);
    }
  }

  private enum State {
    PENDING,
    CALLED,
    CANCELLED
  }

  /** A scheduled call; the {@link DelayedCall} handed to user code. */
  public final class Timer implements DelayedCall {
    private final Runnable call;
    private long due;
    private long seq;
    private int index = -1;
    private State state = State.PENDING;
    private boolean ran;

    private Timer(Runnable call) {
      this.call = call;
    }

    /**
     * Returns the due time on the timeline.
     *
     * @return nanoseconds since the queue's epoch
     */
    public long dueNanos() {
      return due;
    }

    /**
     * Returns the scheduled code.
     *
     * @return the runnable given to {@code callLater}
     */
    public Runnable call() {
      return call;
    }

    /**
     * Runs the call; exceptions propagate to the caller. The timer must have been removed with
     * {@link TimerQueue#pollDue(long)}, which marks it called.
     */
    public void run() {
      if (state != State.CALLED || ran) {
        throw new IllegalStateException(
            "a timer runs once, after TimerQueue.pollDue returned it: " + this);
      }
      ran = true;
      call.run();
    }

    @Override
    public Instant time() {
      return toInstant(due);
    }

    @Override
    public void cancel() {
      ownerCheck.run();
      checkPending("cancel");
      state = State.CANCELLED;
      removeAt(index);
    }

    @Override
    public void reset(Duration delay) {
      Checks.nonNegative(delay, "delay");
      ownerCheck.run();
      checkPending("reset");
      reschedule(this, Checks.saturatedAdd(clock.getAsLong(), Checks.saturatedNanos(delay)));
    }

    @Override
    public void delay(Duration delay) {
      Checks.nonNegative(delay, "delay");
      ownerCheck.run();
      checkPending("delay");
      reschedule(this, Checks.saturatedAdd(due, Checks.saturatedNanos(delay)));
    }

    @Override
    public boolean isActive() {
      return state == State.PENDING;
    }

    @Override
    public boolean isCalled() {
      return state == State.CALLED;
    }

    @Override
    public boolean isCancelled() {
      return state == State.CANCELLED;
    }

    private void checkPending(String action) {
      if (state == State.CALLED) {
        throw new AlreadyCalledException(
            "cannot " + action + " a delayed call that has already run: " + this);
      }
      if (state == State.CANCELLED) {
        throw new AlreadyCancelledException(
            "cannot " + action + " a delayed call that was cancelled: " + this);
      }
    }

    @Override
    public String toString() {
      return "DelayedCall[" + state.name().toLowerCase(java.util.Locale.ROOT) + ", due "
          + Duration.ofNanos(due) + " after epoch, " + call + "]";
    }
  }
}
