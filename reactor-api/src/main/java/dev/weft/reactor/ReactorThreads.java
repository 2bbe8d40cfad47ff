package dev.weft.reactor;

import java.util.concurrent.Callable;
import java.util.concurrent.Executor;

/**
 * Crossing between the reactor thread and other threads.
 *
 * <p>Twisted: {@code IReactorThreads} and {@code deferToThread}.
 */
public interface ReactorThreads {

  /**
   * Runs {@code call} on the reactor thread, on a later turn of the loop, in the order calls were
   * made. The only reactor method that is safe to call from any thread.
   *
   * @param call what to run
   */
  void callFromThread(Runnable call);

  /**
   * Runs blocking work on the reactor's bounded thread pool. Exceptions it throws are reported.
   * Must be called on the reactor thread.
   *
   * @param work what to run off the reactor thread
   */
  void callInThread(Runnable work);

  /**
   * Runs blocking work on the reactor's bounded thread pool and delivers its result back on the
   * reactor thread. Must be called on the reactor thread.
   *
   * @param work what to run off the reactor thread
   * @param <T> the result type
   * @return completes on the reactor thread with the work's result or exception
   */
  <T> Deferred<T> deferToThread(Callable<T> work);

  /**
   * Returns an executor that runs tasks with {@link #callFromThread(Runnable)}: the default
   * executor of async {@link Deferred} stages.
   *
   * @return the reactor as an executor
   */
  default Executor executor() {
    return this::callFromThread;
  }
}
