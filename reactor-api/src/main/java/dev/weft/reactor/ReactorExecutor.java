package dev.weft.reactor;

import java.util.concurrent.Executor;

/**
 * The executor of one reactor, as {@link ReactorThreads#executor()} returns it: it runs tasks on
 * the reactor thread, and it tells the {@link Deferred}s created with it which thread that is and
 * where their unobserved failures go. Every Weft reactor ({@code NioReactor} and the fakes)
 * returns one; user code uses it, it rarely implements it.
 *
 * <p>What a Deferred created with a {@code ReactorExecutor} (and every stage chained from it)
 * does with it:
 *
 * <ul>
 *   <li>{@link Deferred#join()} and {@link Deferred#get()} of a pending Deferred fail at once on
 *       the reactor thread ({@link #inReactorThread()}), instead of freezing the loop that would
 *       have completed it;
 *   <li>a failure nobody observed is handed to
 *       {@link #trackUnobservedFailure(Deferred, Throwable)}, and if the reactor does not track
 *       it, to {@link #reportUnobservedFailure(Throwable)} once the
 *       Deferred has become unreachable while still unobserved (see {@link Deferred} for what
 *       "observed" means).
 * </ul>
 *
 * <p>Thread-safe: every method may be called from any thread.
 *
 * <p>Twisted: the reactor's {@code callFromThread} plus {@code threadable.isInIOThread}.
 */
public interface ReactorExecutor extends Executor {

  /**
   * Runs {@code task} on the reactor thread on a later turn, as
   * {@link ReactorThreads#callFromThread(Runnable)} does.
   *
   * @param task what to run
   */
  @Override
  void execute(Runnable task);

  /**
   * Tells whether the calling thread is the one that runs this reactor's callbacks: the loop
   * thread of a running {@code NioReactor} (before it runs, the thread that owns it), the owner
   * thread of a fake. Blocking that thread on a pending Deferred would wait forever.
   *
   * @return {@code true} on the reactor thread
   */
  boolean inReactorThread();

  /**
   * Offers this reactor a Deferred that has just failed while nothing observed it, so that the
   * reactor can report it deterministically. The fakes keep it and list it, if it is still
   * unobserved, among the leftovers of the dirty-reactor check. The default keeps nothing and
   * returns {@code false}: the Deferred then reports the failure with
   * {@link #reportUnobservedFailure(Throwable)} if it becomes unreachable unobserved, as Twisted
   * does on garbage collection.
   *
   * @param failed a Deferred that completed exceptionally (not by cancellation) unobserved
   * @param failure what it failed with (reading it from {@code failed} would observe it)
   * @return whether this reactor tracks it from now on
   */
  default boolean trackUnobservedFailure(Deferred<?> failed, Throwable failure) {
    return false;
  }

  /**
   * Reports the failure of a Deferred that became unreachable without anybody observing it
   * (Twisted: "Unhandled error in Deferred"). Called on a JDK cleaner thread, so it must be
   * thread-safe and quick. The default logs at {@code ERROR} to
   * {@code System.getLogger("dev.weft.reactor.Deferred")}; {@code NioReactor} logs to its
   * configured logger.
   *
   * @param failure what the Deferred failed with
   */
  default void reportUnobservedFailure(Throwable failure) {
    UnobservedFailures.log(System.getLogger(Deferred.class.getName()), failure);
  }
}
