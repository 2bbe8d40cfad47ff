package dev.weft.reactor.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;

/**
 * The two task queues of a reactor loop, and the one rule of a turn that {@code NioReactor} and
 * the fake reactors both follow, so that what runs in one turn is the same on both by
 * construction.
 *
 * <p><b>One turn</b> runs, in this order:
 *
 * <ol>
 *   <li>the {@code callFromThread} calls queued before this phase began, at most
 *       {@link #THREAD_CALL_BATCH} of them ({@link #runFromThreads});
 *   <li>the loop's own tasks queued before this phase began: the requests of the previous turn,
 *       such as a close, an abort, a {@code startedConnecting}, a port's {@code doStop}, a
 *       {@code callWhenRunning} call ({@link #runLocal});
 *   <li>the delayed calls due now that were scheduled before this phase began
 *       ({@link TimerQueue#sequenceMark()} and {@link TimerQueue#pollDue(long, long)});
 *   <li>the loop's own tasks queued before this phase began, that is what the phases above asked
 *       for ({@link #runLocal} again);
 *   <li>I/O: the production reactor selects; the fakes deliver bytes when the test, a pump or the
 *       simulated network says.
 * </ol>
 *
 * <p>Anything queued during a phase waits for that phase of the next turn, so a call that
 * requeues itself (by {@code callFromThread}, or by {@code callLater} with zero delay) runs once
 * per turn and cannot starve the rest of the loop.
 *
 * <p><b>After the loop.</b> Once the shutdown has run, the loop takes no more calls from threads
 * ({@link #closeFromThreads()}): what waits is forgotten and later calls are dropped, on the
 * production reactor and on the fakes alike, since no turn would ever run them; the loop's own
 * tasks left by the shutdown are still drained.
 *
 * <p><b>Threads.</b> {@link #addFromThread} and {@link #hasFromThreads()} are thread-safe; the
 * rest is for the loop's own thread.
 *
 * @param <T> what a {@code callFromThread} call is queued as
 */
public final class TurnTasks<T> {
  /** The most {@code callFromThread} calls one turn runs; the rest wait for the next turn. */
  public static final int THREAD_CALL_BATCH = 4096;

  private final ConcurrentLinkedQueue<T> fromThreads = new ConcurrentLinkedQueue<>();
  // Offered and counted under one lock, so when a phase reads the count, exactly that many of
  // the oldest calls are in the queue: a call another thread is still offering can neither be
  // expected before it is there nor let a later one (a call that requeued itself) slip ahead.
  private long fromThreadsAdded;
  private long fromThreadsTaken;
  private final ArrayDeque<Runnable> local = new ArrayDeque<>();
  private volatile boolean closed;

  /** Creates empty queues. */
  public TurnTasks() {}

  /**
   * Queues a call from any thread for the next turn, unless that side is {@linkplain
   * #closeFromThreads() closed}.
   *
   * @param call the call
   * @return {@code true} if queued, {@code false} if dropped because the loop has ended
   */
  public boolean addFromThread(T call) {
    Objects.requireNonNull(call, "call");
    if (closed) {
      return false;
    }
    synchronized (this) {
      fromThreads.offer(call);
      fromThreadsAdded++;
    }
    if (closed) {
      // Raced with closeFromThreads(): it may have drained before this offer; nobody runs it.
      fromThreads.remove(call);
      return false;
    }
    return true;
  }

  /**
   * Phase 1: runs the calls queued from threads before this call, at most
   * {@link #THREAD_CALL_BATCH}; what {@code run} throws propagates and leaves the rest queued.
   *
   * @param run runs one call
   * @return how many calls ran
   */
  public int runFromThreads(Consumer<? super T> run) {
    long added;
    synchronized (this) {
      added = fromThreadsAdded;
    }
    long available = Math.min(added - fromThreadsTaken, THREAD_CALL_BATCH);
    int ran = 0;
    for (; ran < available; ran++) {
      T call = fromThreads.poll();
      if (call == null) {
        break;
      }
      fromThreadsTaken++;
      run.accept(call);
    }
    return ran;
  }

  /**
   * Tells whether a call from a thread waits. Any thread.
   *
   * @return whether the from-thread queue is not empty
   */
  public boolean hasFromThreads() {
    return !fromThreads.isEmpty();
  }

  /**
   * Returns the calls queued from threads, oldest first.
   *
   * @return a snapshot
   */
  public List<T> fromThreads() {
    return new ArrayList<>(fromThreads);
  }

  /**
   * Queues one of the loop's own tasks for the next turn.
   *
   * @param task the task
   */
  public void addLocal(Runnable task) {
    local.add(Objects.requireNonNull(task, "task"));
  }

  /**
   * Phases 2 and 4: runs the loop's own tasks queued before this call; tasks they queue wait.
   *
   * @param run runs one task
   * @return how many ran
   */
  public int runLocal(Consumer<Runnable> run) {
    int n = local.size();
    for (int i = 0; i < n; i++) {
      Runnable task = local.poll();
      if (task == null) {
        return i;
      }
      run.accept(task);
    }
    return n;
  }

  /**
   * Tells whether one of the loop's own tasks waits.
   *
   * @return whether the local queue is not empty
   */
  public boolean hasLocal() {
    return !local.isEmpty();
  }

  /**
   * Tells whether nothing waits in either queue.
   *
   * @return whether both queues are empty
   */
  public boolean isEmpty() {
    return local.isEmpty() && fromThreads.isEmpty();
  }

  /**
   * Ends the {@code callFromThread} side: the loop will run no further turn that would take
   * them, so what waits is forgotten and every later {@link #addFromThread} call is dropped. The
   * loop's own tasks may still be drained. Idempotent.
   *
   * @return the calls that were waiting, oldest first, for a fake to show what it dropped
   */
  public List<T> closeFromThreads() {
    closed = true;
    List<T> dropped = new ArrayList<>();
    T call;
    while ((call = fromThreads.poll()) != null) {
      fromThreadsTaken++;
      dropped.add(call);
    }
    return dropped;
  }

  /** Forgets every queued call and task; for a loop that closes or is reset. */
  public void clear() {
    local.clear();
    T call;
    while ((call = fromThreads.poll()) != null) {
      fromThreadsTaken++;
      Objects.requireNonNull(call);
    }
  }
}
