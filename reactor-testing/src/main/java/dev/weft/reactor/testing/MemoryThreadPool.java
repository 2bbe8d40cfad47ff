package dev.weft.reactor.testing;

import dev.weft.reactor.Deferred;
import dev.weft.reactor.testing.internal.Actions;
import dev.weft.reactor.testing.internal.CallSites;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;

/**
 * The thread pool of a {@link MemoryReactor}: {@code callInThread} and {@code deferToThread}
 * work waits here until the test runs it with {@link #runNext()} or {@link #runAll()}, or runs
 * at once in {@link #setInline(boolean) inline} mode. It starts no thread: work runs on the
 * test's thread.
 *
 * <p>As in production, the result of {@code deferToThread} work is handed back to the reactor
 * with {@code callFromThread}, so its Deferred completes on the reactor's next turn
 * ({@link MemoryReactor#iterate()}), not inside {@code runNext}. An exception thrown by
 * {@code callInThread} work is recorded in {@link MemoryReactor#callbackErrors()}.
 *
 * <p>Not thread-safe: use it on the test thread.
 */
public final class MemoryThreadPool {
  private final MemoryReactor reactor;
  private final ArrayDeque<Task> queue = new ArrayDeque<>();
  private boolean inline;

  private record Task(QueuedCall call, Runnable work) {}

  MemoryThreadPool(MemoryReactor reactor) {
    this.reactor = reactor;
  }

  /**
   * Chooses whether work runs at once when submitted (inline) or waits for the test.
   *
   * @param inline {@code true} to run work inside {@code callInThread}/{@code deferToThread}
   * @return this pool
   */
  public MemoryThreadPool setInline(boolean inline) {
    this.inline = inline;
    return this;
  }

  /**
   * Tells whether work runs inline.
   *
   * @return the mode
   */
  public boolean isInline() {
    return inline;
  }

  /**
   * Returns the work waiting to run, oldest first.
   *
   * @return a snapshot
   */
  public List<QueuedCall> queued() {
    List<QueuedCall> result = new ArrayList<>();
    for (Task t : queue) {
      result.add(t.call());
    }
    return List.copyOf(result);
  }

  /**
   * Runs the oldest waiting work.
   *
   * @return {@code false} if nothing was waiting
   */
  public boolean runNext() {
    Task task = queue.poll();
    if (task == null) {
      return false;
    }
    task.work().run();
    return true;
  }

  /**
   * Runs waiting work, including work it submits, until none is left.
   *
   * @return how many pieces of work ran
   * @throws IllegalStateException if work keeps submitting work past a bound of 10,000 runs
   */
  public int runAll() {
    int ran = 0;
    while (runNext()) {
      if (++ran >= 10_000 && !queue.isEmpty()) {
        throw new IllegalStateException(
            "thread pool ran 10000 pieces of work and more keep coming; work that resubmits"
                + " itself never lets the pool drain: use runNext() to step");
      }
    }
    return ran;
  }

  void callInThread(Runnable work) {
    Objects.requireNonNull(work, "work");
    submit("callInThread " + Actions.describe(work, CallSites.firstUserFrame()), () -> {
      try {
        work.run();
      } catch (Throwable failure) {
        reactor.recordCallbackError("callInThread work " + work, failure);
      }
    });
  }

  <T> Deferred<T> deferToThread(Callable<T> work) {
    Objects.requireNonNull(work, "work");
    Deferred<T> result = new Deferred<>(reactor.executor(), null);
    submit("deferToThread " + Actions.describe(work, CallSites.firstUserFrame()), () -> {
      try {
        T value = work.call();
        reactor.callFromThread(() -> result.complete(value));
      } catch (Throwable failure) {
        // As on the nio reactor's pool: whatever the work throws is its Deferred's result.
        reactor.callFromThread(() -> result.completeExceptionally(failure));
      }
    });
    return result;
  }

  private void submit(String description, Runnable work) {
    if (inline) {
      work.run();
    } else {
      queue.add(new Task(new QueuedCall(description, reactor.site(description)), work));
    }
  }
}
