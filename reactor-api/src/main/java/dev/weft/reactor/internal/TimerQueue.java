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
 * The one delayed-call queue of every Weft reactor, ordered by due time, then by scheduling
 * sequence: a 4-ary min-heap beside a sorted run, with O(log n) schedule, reset and delay and O(1)
 * amortised cancel.
 *
 * <p>Times are nanoseconds on the owner's timeline; {@code epoch} maps them to {@link Instant}s.
 *
 * <p><b>Lazy removal.</b> Cancelling a call only marks it; a reset or delay pushes a fresh entry
 * and leaves the old one behind, stale. Stale entries are dropped when they reach the top of the
 * heap, and the heap is rebuilt from its live entries whenever stale ones outnumber live ones, so
 * memory stays proportional to the pending calls however many are cancelled. The point is that
 * moving an entry inside the heap touches only the heap's own arrays, never the {@link Timer}
 * object: keeping a back-index in each timer up to date cost a cache miss per level on every
 * move, which was most of the time spent draining a million calls.
 *
 * <p><b>Batches.</b> Calls scheduled since the last read are placed when the queue is next read:
 * a few are sifted into the heap one by one; a big batch is sorted at once (a radix sort, linear)
 * and merged into the {@link TimerRun}, from whose front due calls are then taken without any
 * sifting. The next call is whichever of the heap's top and the run's front comes first.
 *
 * <p>Not thread-safe: the owning reactor calls it, and the {@link Timer}s it hands out, from its
 * own thread only. The {@code ownerCheck} runs before every mutation so that a real reactor can
 * reject calls from foreign threads.
 */
public final class TimerQueue {
  // Children per node: a 4-ary heap is half as deep as a binary one, and the keys of a node's
  // children sit side by side in at most two cache lines.
  private static final int ARITY = 4;
  private static final int MIN_CAPACITY = 16;
  // Below this many newcomers, sifting each into the heap beats sorting everything.
  private static final int SORT_BATCH = 1024;

  private static final Comparator<Timer> ORDER =
      Comparator.comparingLong((Timer t) -> t.due).thenComparingLong(t -> t.seq);

  private final Instant epoch;
  private final LongSupplier clock;
  private final Runnable ownerCheck;
  // Entry i of the heap is heap[i] with its key in keys[2i] (due time) and keys[2i + 1]
  // (sequence): comparisons read contiguous primitives instead of chasing a pointer per entry.
  // An entry is live while its timer is pending and the timer's sequence still equals the
  // entry's; a reset gives the timer a new sequence, which makes its old entry stale.
  private Timer[] heap = new Timer[MIN_CAPACITY];
  private long[] keys = new long[2 * MIN_CAPACITY];
  private int entries;
  // Entries [0, heapified) form the heap; schedule appends after them and the next read places
  // the newcomers: one by one into the heap when they are few, sorted into the run when they are
  // many.
  private int heapified;
  private final TimerRun run = new TimerRun();
  private int live;
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
    append(timer, Checks.saturatedAdd(clock.getAsLong(), Checks.saturatedNanos(delay)));
    live++;
    return timer;
  }

  /**
   * Returns the number of pending calls.
   *
   * @return how many calls wait to run
   */
  public int size() {
    return live;
  }

  /**
   * Tells whether no call is pending.
   *
   * @return {@code true} if the queue is empty
   */
  public boolean isEmpty() {
    return live == 0;
  }

  /**
   * Returns the earliest pending call without removing it.
   *
   * @return the next call, or {@code null} if none is pending
   */
  public @Nullable Timer peek() {
    dropStaleTop();
    if (topInRun()) {
      return run.first();
    }
    return entries == 0 ? null : heap[0];
  }

  /**
   * Returns the due time of the earliest pending call.
   *
   * @return nanoseconds on the timeline, or {@link Long#MAX_VALUE} if none is pending
   */
  public long nextDueNanos() {
    dropStaleTop();
    if (topInRun()) {
      return run.firstDue();
    }
    return entries == 0 ? Long.MAX_VALUE : keys[0];
  }

  /**
   * Removes and returns the earliest call if it is due at {@code nowNanos}; the caller then
   * runs it with {@link Timer#run()}.
   *
   * @param nowNanos the current time on the timeline
   * @return the due call, or {@code null} if none is due
   */
  public @Nullable Timer pollDue(long nowNanos) {
    dropStaleTop();
    Timer head;
    if (topInRun()) {
      if (run.firstDue() > nowNanos) {
        return null;
      }
      head = run.first();
      run.removeFirst();
    } else {
      if (entries == 0 || keys[0] > nowNanos) {
        return null;
      }
      head = heap[0];
      removeTop();
    }
    live--;
    head.state = State.CALLED;
    return head;
  }

  /**
   * Returns a mark that separates the calls scheduled so far from those scheduled later: pass it
   * to {@link #pollDue(long, long)} to run, in one turn, only the calls scheduled before the turn's
   * timer phase began. This is the rule every Weft reactor follows (see {@link TurnTasks}): a call
   * that reschedules itself with zero delay runs once per turn, not again and again in one.
   *
   * @return the mark
   */
  public long sequenceMark() {
    return nextSeq;
  }

  /**
   * Removes and returns the earliest call if it is due at {@code nowNanos} and was scheduled (or
   * last reset or delayed) before {@code mark} was taken; the caller then runs it with
   * {@link Timer#run()}.
   *
   * @param nowNanos the current time on the timeline
   * @param mark a {@link #sequenceMark()} taken when the timer phase began
   * @return the due call, or {@code null} if none is due that was scheduled before the mark
   */
  public @Nullable Timer pollDue(long nowNanos, long mark) {
    dropStaleTop();
    // Calls scheduled after the mark are due no earlier than the phase's time, so if the first
    // call due is one of them, every other call due now is too: checking the top is enough.
    boolean inRun = topInRun();
    if (inRun ? run.firstSeq() >= mark : entries > 0 && keys[1] >= mark) {
      return null;
    }
    return pollDue(nowNanos);
  }

  /**
   * Returns the pending calls in the order they would run.
   *
   * @return a sorted snapshot, never {@code null}
   */
  public List<Timer> pending() {
    List<Timer> all = new ArrayList<>(live);
    for (int i = 0; i < entries; i++) {
      if (isLive(i)) {
        all.add(heap[i]);
      }
    }
    run.addLiveTo(all);
    all.sort(ORDER);
    return all;
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
    }
    heap = new Timer[MIN_CAPACITY];
    keys = new long[2 * MIN_CAPACITY];
    entries = 0;
    heapified = 0;
    run.clear();
    live = 0;
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

  /**
   * Returns how many entries the heap and the run hold, stale ones included; for tests that
   * check that cancelled calls do not pile up.
   *
   * @return live plus stale entries
   */
  int entryCount() {
    return entries + run.size();
  }

  private boolean isLive(int i) {
    return heap[i].isEntryLive(keys[2 * i + 1]);
  }

  private void dropStaleTop() {
    settle();
    while (entries > 0 && !isLive(0)) {
      removeTop();
    }
    while (!run.isEmpty() && !run.firstIsLive()) {
      run.removeFirst();
    }
  }

  /** Tells whether the next call is the run's first, not the heap's top; after dropStaleTop. */
  private boolean topInRun() {
    if (run.isEmpty()) {
      return false;
    }
    if (entries == 0) {
      return true;
    }
    long due = run.firstDue();
    return due < keys[0] || (due == keys[0] && run.firstSeq() < keys[1]);
  }

  /** Gives {@code timer} a new due time and sequence and adds an entry for it. */
  private void append(Timer timer, long due) {
    timer.due = due;
    timer.seq = nextSeq++;
    if (entries == heap.length) {
      resize(entries * 2);
    }
    int i = entries++;
    heap[i] = timer;
    keys[2 * i] = due;
    keys[2 * i + 1] = timer.seq;
  }

  /** Places the entries appended since the last read into the heap. */
  private void settle() {
    int newcomers = entries - heapified;
    if (newcomers == 0) {
      return;
    }
    // Merging costs what is left of the run: do it only when the batch is at least half that.
    if (newcomers >= SORT_BATCH && newcomers >= run.size() / 2) {
      // Newcomers were appended one after the other since the last read, so their sequences
      // are consecutive and a stable sort by due time orders them.
      long firstSeq = keys[2 * heapified + 1];
      assert keys[2 * entries - 1] == firstSeq + newcomers - 1 : "newcomers not consecutive";
      long[] sortedDue = new long[newcomers];
      int[] order = TimerSort.stableOrder(keys, heapified, newcomers, sortedDue);
      run.merge(heap, heapified, firstSeq, order, sortedDue);
      Arrays.fill(heap, heapified, entries, null);
      entries = heapified;
      shrinkIfSparse();
    } else {
      for (int i = heapified; i < entries; i++) {
        siftUp(i);
      }
    }
    heapified = entries;
  }

  private void shrinkIfSparse() {
    if (heap.length > 64 && entries < heap.length / 4) {
      resize(Math.max(MIN_CAPACITY, Integer.highestOneBit(Math.max(1, entries)) * 2));
    }
  }

  private void siftUp(int start) {
    Timer t = heap[start];
    long due = keys[2 * start];
    long seq = keys[2 * start + 1];
    int i = start;
    while (i > 0) {
      int parent = (i - 1) / ARITY;
      long pDue = keys[2 * parent];
      if (pDue < due || (pDue == due && keys[2 * parent + 1] < seq)) {
        break;
      }
      move(parent, i);
      i = parent;
    }
    heap[i] = t;
    keys[2 * i] = due;
    keys[2 * i + 1] = seq;
  }

  private void removeTop() {
    int last = --entries;
    heapified = entries;
    if (last > 0) {
      move(last, 0);
      heap[last] = null;
      siftDownFrom(0);
    } else {
      heap[0] = null;
    }
    if (heap.length > 64 && entries < heap.length / 4) {
      resize(heap.length / 2);
    }
  }

  private void move(int from, int to) {
    heap[to] = heap[from];
    keys[2 * to] = keys[2 * from];
    keys[2 * to + 1] = keys[2 * from + 1];
  }

  private void resize(int capacity) {
    heap = Arrays.copyOf(heap, capacity);
    keys = Arrays.copyOf(keys, 2 * capacity);
  }

  /** One more entry went stale: rebuild the heap once stale entries outnumber live ones. */
  private void staled() {
    int stale = entries + run.size() - live;
    if (stale > MIN_CAPACITY && stale > live) {
      rebuild();
    }
  }

  private void rebuild() {
    run.compact();
    int kept = 0;
    for (int i = 0; i < entries; i++) {
      if (isLive(i)) {
        heap[kept] = heap[i];
        keys[2 * kept] = keys[2 * i];
        keys[2 * kept + 1] = keys[2 * i + 1];
        kept++;
      }
    }
    Arrays.fill(heap, kept, entries, null);
    entries = kept;
    heapified = kept;
    int capacity = Math.max(MIN_CAPACITY, Integer.highestOneBit(Math.max(1, kept)) * 2);
    if (capacity < heap.length) {
      resize(capacity);
    }
    // Floyd's heap construction: sift down every parent, last first; linear in the entries.
    for (int i = (kept - 2) / ARITY; i >= 0; i--) {
      siftDownFrom(i);
    }
  }

  private void siftDownFrom(int start) {
    Timer t = heap[start];
    long due = keys[2 * start];
    long seq = keys[2 * start + 1];
    int i = start;
    while (true) {
      int first = ARITY * i + 1;
      if (first >= entries) {
        break;
      }
      int best = first;
      int end = Math.min(first + ARITY, entries);
      for (int c = first + 1; c < end; c++) {
        if (keys[2 * c] < keys[2 * best]
            || (keys[2 * c] == keys[2 * best] && keys[2 * c + 1] < keys[2 * best + 1])) {
          best = c;
        }
      }
      if (due < keys[2 * best] || (due == keys[2 * best] && seq < keys[2 * best + 1])) {
        break;
      }
      move(best, i);
      i = best;
    }
    heap[i] = t;
    keys[2 * i] = due;
    keys[2 * i + 1] = seq;
  }

  // RAN is CALLED once run() has started: a state rather than a flag keeps a Timer at 40 bytes.
  private enum State {
    PENDING,
    CALLED,
    RAN,
    CANCELLED
  }

  /** A scheduled call; the {@link DelayedCall} handed to user code. */
  public final class Timer implements DelayedCall {
    private final Runnable call;
    private long due;
    private long seq;
    private State state = State.PENDING;

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
      if (state != State.CALLED) {
        throw new IllegalStateException(
            "a timer runs once, after TimerQueue.pollDue returned it: " + this);
      }
      state = State.RAN;
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
      live--;
      staled();
    }

    @Override
    public void reset(Duration delay) {
      Checks.nonNegative(delay, "delay");
      ownerCheck.run();
      checkPending("reset");
      append(this, Checks.saturatedAdd(clock.getAsLong(), Checks.saturatedNanos(delay)));
      staled();
    }

    @Override
    public void delay(Duration delay) {
      Checks.nonNegative(delay, "delay");
      ownerCheck.run();
      checkPending("delay");
      append(this, Checks.saturatedAdd(due, Checks.saturatedNanos(delay)));
      staled();
    }

    @Override
    public boolean isActive() {
      return state == State.PENDING;
    }

    @Override
    public boolean isCalled() {
      return state == State.CALLED || state == State.RAN;
    }

    @Override
    public boolean isCancelled() {
      return state == State.CANCELLED;
    }

    /** Tells whether an entry with sequence {@code entrySeq} for this timer is live. */
    boolean isEntryLive(long entrySeq) {
      return state == State.PENDING && seq == entrySeq;
    }

    private void checkPending(String action) {
      if (state == State.CALLED || state == State.RAN) {
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
      State shown = state == State.RAN ? State.CALLED : state;
      return "DelayedCall[" + shown.name().toLowerCase(java.util.Locale.ROOT) + ", due "
          + Duration.ofNanos(due) + " after epoch, " + call + "]";
    }
  }
}
