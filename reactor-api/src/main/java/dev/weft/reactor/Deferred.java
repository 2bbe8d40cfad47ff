package dev.weft.reactor;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The result of an asynchronous reactor operation: a {@link CompletableFuture} that also does
 * what Twisted's {@code Deferred} does and a plain future does not.
 *
 * <ul>
 *   <li><b>A canceller from the producer.</b> {@link #cancel(boolean)} first runs the
 *       {@link Canceller} given at construction, so cancelling an endpoint's connect stops the
 *       attempt. If the canceller does not complete the Deferred, it fails with
 *       {@link CancellationException}. A completion that the producer attempts after a cancel or
 *       a timeout is ignored.
 *   <li><b>Every stage is a {@code Deferred}</b> (every method that returns a stage is narrowed to
 *       return {@code Deferred}, so {@code d.thenRunAsync(r).withTimeout(t, time)} compiles),
 *       and <b>cancelling a stage cancels the stage doing the work</b>: the stage it was chained
 *       from, both sources of a {@code thenCombine}/{@code applyToEither}-style stage, and, once a
 *       {@code thenCompose}/{@code exceptionallyCompose} function has returned its stage, that
 *       stage. So {@code endpoint.connect(f).thenCompose(p -> request(p)).cancel(true)} stops
 *       the connection attempt, or the request once connected.
 *   <li><b>Async stages run on the reactor.</b> The default executor of the {@code *Async}
 *       methods is the executor given at construction (normally
 *       {@link ReactorThreads#executor()}), never the common pool. A Deferred created without
 *       one fails its {@code *Async} stages with an {@link IllegalStateException}; the static
 *       {@link #supplyAsync(Supplier)} and {@link #runAsync(Runnable)}, which would use the
 *       common pool, are refused.
 *   <li><b>Timeouts on reactor time:</b> {@link #withTimeout(Duration, ReactorTime)}. The
 *       real-time {@link #orTimeout} and {@link #completeOnTimeout} are not supported: they
 *       would start a hidden thread and defeat fake time.
 *   <li><b>Double completion is an error:</b> completing a completed Deferred throws
 *       {@link AlreadyCalledException} instead of returning {@code false} silently.
 *   <li><b>Blocking the reactor thread fails fast.</b> {@link #join()} and both {@code get}
 *       methods of a pending Deferred whose executor is a {@link ReactorExecutor}, called on that
 *       reactor's thread, throw {@link IllegalStateException} at once: the thread would wait for
 *       itself forever.
 *   <li><b>No failure is lost.</b> A failure that nobody observes is reported, as Twisted
 *       reports an "Unhandled error in Deferred"; see below.
 * </ul>
 *
 * <p><b>Unobserved failures.</b> A Deferred's outcome is <i>observed</i> once any of these
 * happened, before or after it completed: a stage was chained on it (any method of this class
 * that returns a stage, including being the other source of a {@code thenCombine}-style stage or
 * the stage a {@code thenCompose}/{@code exceptionallyCompose} function returned, and being an
 * argument of {@link #allOf} or {@link #anyOf}); its result was read with {@link #join()},
 * {@link #get()}, {@link #get(long, TimeUnit)}, {@link #getNow(Object)} or
 * {@link #isCompletedExceptionally()}; it was handed on with {@link #toCompletableFuture()}; or
 * it was cancelled. The stage returned by {@link #whenComplete} counts as observed when it fails
 * with its source's failure and the action (which saw that failure) returned normally. A
 * Deferred that fails, not by cancellation, and is not observed is reported: when its executor
 * is a {@link ReactorExecutor} that tracks it ({@link ReactorExecutor#trackUnobservedFailure},
 * the fakes, which list it among the leftovers of the dirty-reactor check if it is still
 * unobserved then), or else when it becomes unreachable still unobserved, through
 * {@link ReactorExecutor#reportUnobservedFailure} (a {@code NioReactor} logs to its
 * {@link System.Logger}) or, without a reactor executor, to
 * {@code System.getLogger("dev.weft.reactor.Deferred")}. So a failure stops being reported the
 * moment some code takes responsibility for it; the end of a chain that nobody reads is what gets
 * reported. {@link CompletableFuture#allOf}, {@link CompletableFuture#anyOf} and Java 19's
 * {@code resultNow}/{@code exceptionNow} read a Deferred without telling it; use this class's
 * {@code allOf}/{@code anyOf}.
 *
 * <p><b>Threads.</b> Deferreds returned by a reactor complete on the reactor thread, so their
 * non-async callbacks run there too; under a fake reactor they complete synchronously, inside
 * the test's own call. Never block the reactor thread on {@link #get()} or {@link #join()}.
 *
 * <p>Twisted: {@code Deferred}.
 *
 * @param <T> the type of the result
 */
@SuppressWarnings("unchecked") // the covariant overrides below cast stages built by newIncompleteFuture
public class Deferred<T> extends CompletableFuture<T> {

  /**
   * Stops the work that would complete a {@link Deferred}; supplied by whoever produces it.
   *
   * @param <T> the type of the Deferred's result
   */
  @FunctionalInterface
  public interface Canceller<T> {
    /**
     * Stops the work. May complete {@code deferred} with a more specific reason (for example
     * {@link ConnectCancelledException}); otherwise it fails with {@link CancellationException}.
     *
     * @param deferred the Deferred being cancelled
     */
    void cancel(Deferred<T> deferred);
  }

  private static final Executor NO_EXECUTOR =
      task -> {
        throw new IllegalStateException(
            "this Deferred has no reactor to run async stages on: pass an executor to the "
                + "*Async method, or create the Deferred with new Deferred<>(reactor.executor(), "
                + "canceller)");
      };

  private final @Nullable Executor executor;
  private volatile @Nullable Canceller<T> canceller;
  // Set once this side has ended the Deferred by cancel or timeout: the producer may still try
  // to complete it and that attempt is ignored, as in Twisted.
  private volatile boolean ignoreLateCompletion;
  private volatile boolean observed;
  // Set when this Deferred failed unobserved and is watched for garbage collection.
  private volatile UnobservedFailures.@Nullable Report report;

  /** Creates a pending Deferred with no canceller and no executor. */
  public Deferred() {
    this(null, null);
  }

  /**
   * Creates a pending Deferred with a canceller.
   *
   * @param canceller stops the work when the Deferred is cancelled
   */
  public Deferred(Canceller<T> canceller) {
    this(null, Objects.requireNonNull(canceller, "canceller"));
  }

  /**
   * Creates a pending Deferred.
   *
   * @param executor default executor of the {@code *Async} stages, normally
   *     {@link ReactorThreads#executor()}; or {@code null} for none
   * @param canceller stops the work when the Deferred is cancelled, or {@code null}
   */
  public Deferred(@Nullable Executor executor, @Nullable Canceller<T> canceller) {
    this.executor = executor;
    this.canceller = canceller;
  }

  /**
   * Returns a Deferred that has already succeeded.
   *
   * @param value the result, may be {@code null}
   * @param <T> the type of the result
   * @return a completed Deferred
   */
  public static <T> Deferred<T> succeeded(@Nullable T value) {
    Deferred<T> d = new Deferred<>();
    d.complete(value);
    return d;
  }

  /**
   * Returns a Deferred that has already failed.
   *
   * @param reason why it failed
   * @param <T> the type of the result
   * @return a failed Deferred
   */
  public static <T> Deferred<T> failed(Throwable reason) {
    Objects.requireNonNull(reason, "reason");
    Deferred<T> d = new Deferred<>();
    d.completeExceptionally(reason);
    return d;
  }

  /**
   * Adapts any completion stage. Cancelling the returned Deferred cancels {@code stage} too when
   * it is a {@link java.util.concurrent.Future}.
   *
   * @param stage the stage to follow
   * @param <T> the type of the result
   * @return {@code stage} itself if it is a Deferred, otherwise a Deferred that follows it
   */
  public static <T> Deferred<T> from(CompletionStage<T> stage) {
    Objects.requireNonNull(stage, "stage");
    if (stage instanceof Deferred<T> d) {
      return d;
    }
    Deferred<T> d = new Deferred<>(null, self -> cancelStage(stage));
    stage.whenComplete(
        (value, error) -> {
          if (error != null) {
            d.fail(error);
          } else {
            d.succeed(value);
          }
        });
    return d;
  }

  // ---- the static factories of CompletableFuture, hidden so that they return Deferreds -----

  /**
   * Not supported: it would run {@code supplier} on the common pool. Use
   * {@link #supplyAsync(Supplier, Executor)} with the reactor's executor, or
   * {@link ReactorThreads#deferToThread} for blocking work.
   *
   * @param supplier ignored
   * @param <U> the result type
   * @return never
   * @throws UnsupportedOperationException always
   */
  public static <U> Deferred<U> supplyAsync(Supplier<U> supplier) {
    throw new UnsupportedOperationException(
        "supplyAsync(supplier) would run on the common pool; use supplyAsync(supplier,"
            + " reactor.executor()), or reactor.deferToThread(work) for blocking work");
  }

  /**
   * Returns a Deferred completed by {@code supplier} run on {@code executor}, which is also the
   * Deferred's default executor for async stages.
   *
   * @param supplier computes the result; what it throws fails the Deferred
   * @param executor where to run it, normally {@link ReactorThreads#executor()}
   * @param <U> the result type
   * @return the pending Deferred
   */
  public static <U> Deferred<U> supplyAsync(Supplier<U> supplier, Executor executor) {
    Objects.requireNonNull(supplier, "supplier");
    Objects.requireNonNull(executor, "executor");
    Deferred<U> d = new Deferred<>(executor, null);
    executor.execute(() -> d.supplyFrom(supplier));
    return d;
  }

  /**
   * Not supported: it would run {@code action} on the common pool. Use
   * {@link #runAsync(Runnable, Executor)} with the reactor's executor.
   *
   * @param action ignored
   * @return never
   * @throws UnsupportedOperationException always
   */
  public static Deferred<Void> runAsync(Runnable action) {
    throw new UnsupportedOperationException(
        "runAsync(action) would run on the common pool; use runAsync(action, reactor.executor())");
  }

  /**
   * Returns a Deferred that succeeds once {@code action} has run on {@code executor}, or fails
   * with what it threw.
   *
   * @param action what to run
   * @param executor where to run it, normally {@link ReactorThreads#executor()}
   * @return the pending Deferred
   */
  public static Deferred<Void> runAsync(Runnable action, Executor executor) {
    Objects.requireNonNull(action, "action");
    return supplyAsync(
        () -> {
          action.run();
          return null;
        },
        executor);
  }

  /**
   * Returns a Deferred that has already succeeded; the same as {@link #succeeded(Object)}.
   *
   * @param value the result, may be {@code null}
   * @param <U> the result type
   * @return a completed Deferred
   */
  public static <U> Deferred<U> completedFuture(@Nullable U value) {
    return succeeded(value);
  }

  /**
   * Returns a Deferred that has already succeeded; the same as {@link #succeeded(Object)}.
   *
   * @param value the result, may be {@code null}
   * @param <U> the result type
   * @return a completed Deferred
   */
  public static <U> Deferred<U> completedStage(@Nullable U value) {
    return succeeded(value);
  }

  /**
   * Returns a Deferred that has already failed; the same as {@link #failed(Throwable)}.
   *
   * @param reason why it failed
   * @param <U> the result type
   * @return a failed Deferred
   */
  public static <U> Deferred<U> failedFuture(Throwable reason) {
    return failed(reason);
  }

  /**
   * Returns a Deferred that has already failed; the same as {@link #failed(Throwable)}.
   *
   * @param reason why it failed
   * @param <U> the result type
   * @return a failed Deferred
   */
  public static <U> Deferred<U> failedStage(Throwable reason) {
    return failed(reason);
  }

  /**
   * Returns a Deferred that succeeds when every one of {@code futures} has succeeded, or fails
   * (with a {@link CompletionException} whose cause is that failure) when all have completed and
   * one failed, as {@link CompletableFuture#allOf} does. Unlike it, this observes each Deferred
   * argument (see the class comment), and cancelling the result cancels every argument. Its
   * executor is the first Deferred argument's.
   *
   * @param futures the futures to wait for
   * @return the combined Deferred
   */
  public static Deferred<Void> allOf(CompletableFuture<?>... futures) {
    return gather(CompletableFuture.allOf(futures), futures);
  }

  /**
   * Returns a Deferred that completes like the first of {@code futures} to complete, as
   * {@link CompletableFuture#anyOf} does. Unlike it, this observes each Deferred argument (see
   * the class comment), and cancelling the result cancels every argument. Its executor is the
   * first Deferred argument's.
   *
   * @param futures the futures to race
   * @return the Deferred of the first result
   */
  public static Deferred<Object> anyOf(CompletableFuture<?>... futures) {
    return gather(CompletableFuture.anyOf(futures), futures);
  }

  private static <U> Deferred<U> gather(CompletableFuture<U> all, CompletableFuture<?>[] futures) {
    Executor executor = null;
    for (CompletableFuture<?> f : futures) {
      if (f instanceof Deferred<?> d) {
        d.observe();
        if (executor == null) {
          executor = d.executor;
        }
      }
    }
    CompletableFuture<?>[] inputs = futures.clone();
    Deferred<U> result =
        new Deferred<>(
            executor,
            self -> {
              for (CompletableFuture<?> f : inputs) {
                cancelStage(f);
              }
            });
    all.whenComplete(result::settle);
    return result;
  }

  // ---- completion -------------------------------------------------------------------------

  /**
   * Completes this Deferred with a value.
   *
   * @param value the result, may be {@code null}
   * @return {@code true} if this call completed it; {@code false} only when this side had already
   *     cancelled or timed it out, in which case the value is ignored
   * @throws AlreadyCalledException if it was already completed
   */
  @Override
  public boolean complete(@Nullable T value) {
    if (super.complete(value)) {
      return true;
    }
    return alreadyDone();
  }

  /**
   * Completes this Deferred with a failure. If nothing has observed it (see the class comment),
   * the failure is reported unless something observes it later.
   *
   * @param reason why it failed
   * @return {@code true} if this call completed it; {@code false} only when this side had already
   *     cancelled or timed it out, in which case the failure is ignored
   * @throws AlreadyCalledException if it was already completed
   */
  @Override
  public boolean completeExceptionally(Throwable reason) {
    Objects.requireNonNull(reason, "reason");
    if (fail(reason)) {
      return true;
    }
    return alreadyDone();
  }

  private boolean alreadyDone() {
    if (ignoreLateCompletion) {
      return false;
    }
    throw new AlreadyCalledException(
        "Deferred already completed (" + describe() + "); each Deferred completes once");
  }

  /** Fails this Deferred if it is pending, then reports the failure if it is unobserved. */
  private boolean fail(Throwable reason) {
    if (!super.completeExceptionally(reason)) {
      return false;
    }
    reportIfUnobserved(reason, false);
    return true;
  }

  /** Succeeds if pending; a late value after a cancel or timeout is dropped. */
  private void succeed(@Nullable T value) {
    super.complete(value);
  }

  /** Completes this pending Deferred the way CompletableFuture relays an outcome to a stage. */
  private void settle(@Nullable T value, @Nullable Throwable error) {
    if (error != null) {
      fail(error instanceof CompletionException ? error : new CompletionException(error));
    } else {
      succeed(value);
    }
  }

  private void supplyFrom(Supplier<? extends T> supplier) {
    if (isDone()) {
      return;
    }
    T value;
    try {
      value = supplier.get();
    } catch (Throwable t) {
      settle(null, t);
      return;
    }
    super.complete(value);
  }

  /**
   * This Deferred has failed with {@code reason}: unless it is observed or cancelled, hand it to
   * its reactor to track, or watch it for garbage collection.
   */
  private void reportIfUnobserved(Throwable reason, boolean sourceFailureSeen) {
    if (sourceFailureSeen) {
      observe();
    }
    if (observed || UnobservedFailures.isCancellation(reason)) {
      return;
    }
    ReactorExecutor reactor = executor instanceof ReactorExecutor r ? r : null;
    if (reactor != null && reactor.trackUnobservedFailure(this, reason)) {
      return;
    }
    UnobservedFailures.Report watching = UnobservedFailures.watch(this, reason, reactor);
    report = watching;
    if (observed) {
      watching.observed = true;
    }
  }

  private void observe() {
    if (observed) {
      return;
    }
    observed = true;
    UnobservedFailures.Report watching = report;
    if (watching != null) {
      watching.observed = true;
    }
  }

  /**
   * Tells whether this Deferred's outcome has been observed (see the class comment). Asking does
   * not observe it.
   *
   * @return {@code true} once a stage was chained on it, its result was read, or it was cancelled
   */
  public boolean isObserved() {
    return observed;
  }

  /**
   * Cancels this Deferred: runs the producer's canceller, then fails it with
   * {@link CancellationException} unless the canceller completed it. Does nothing if it is
   * already complete.
   *
   * @param mayInterruptIfRunning ignored, as in {@link CompletableFuture}
   * @return {@code true} if this call completed the Deferred
   */
  @Override
  public boolean cancel(boolean mayInterruptIfRunning) {
    observe();
    if (isDone()) {
      return false;
    }
    ignoreLateCompletion = true;
    Canceller<T> c = canceller;
    canceller = null;
    try {
      if (c != null) {
        c.cancel(this);
      }
    } finally {
      if (!isDone()) {
        super.cancel(mayInterruptIfRunning);
      }
    }
    return true;
  }

  /**
   * Fails this Deferred with a {@link TimeoutException} if it has not completed after
   * {@code timeout} of reactor time, and then runs the canceller to stop the work. The timer is
   * cancelled as soon as the Deferred completes. Must be called on the reactor thread.
   *
   * <p>Twisted: {@code Deferred.addTimeout}.
   *
   * @param timeout how long to wait, not negative
   * @param time the reactor time to measure it on
   * @return this Deferred
   * @throws IllegalArgumentException if {@code timeout} is negative
   */
  public Deferred<T> withTimeout(Duration timeout, ReactorTime time) {
    ApiChecks.nonNegative(timeout, "timeout");
    Objects.requireNonNull(time, "time");
    if (isDone()) {
      return this;
    }
    DelayedCall timer =
        time.callLater(
            timeout,
            () -> {
              if (isDone()) {
                return;
              }
              ignoreLateCompletion = true;
              fail(new TimeoutException("timed out after " + timeout + " of reactor time"));
              Canceller<T> c = canceller;
              canceller = null;
              if (c != null) {
                c.cancel(this);
              }
            });
    listen(
        (value, error) -> {
          if (timer.isActive()) {
            timer.cancel();
          }
        });
    return this;
  }

  /**
   * Not supported: it would time out on a hidden real-time thread. Use
   * {@link #withTimeout(Duration, ReactorTime)}.
   *
   * @throws UnsupportedOperationException always
   */
  @Override
  public Deferred<T> orTimeout(long timeout, TimeUnit unit) {
    throw new UnsupportedOperationException(
        "orTimeout uses a real-time thread; use withTimeout(Duration, ReactorTime)");
  }

  /**
   * Not supported: it would time out on a hidden real-time thread. Use
   * {@link #withTimeout(Duration, ReactorTime)}.
   *
   * @throws UnsupportedOperationException always
   */
  @Override
  public Deferred<T> completeOnTimeout(@Nullable T value, long timeout, TimeUnit unit) {
    throw new UnsupportedOperationException(
        "completeOnTimeout uses a real-time thread; use withTimeout(Duration, ReactorTime)");
  }

  /**
   * Completes this Deferred with what {@code supplier} returns, run by the default executor (the
   * reactor), unless it completed first.
   *
   * @param supplier computes the value; what it throws fails this Deferred
   * @return this Deferred
   */
  @Override
  public Deferred<T> completeAsync(Supplier<? extends T> supplier) {
    return completeAsync(supplier, defaultExecutor());
  }

  /**
   * Completes this Deferred with what {@code supplier} returns, run by {@code executor}, unless
   * it completed first.
   *
   * @param supplier computes the value; what it throws fails this Deferred
   * @param executor where to run it
   * @return this Deferred
   */
  @Override
  public Deferred<T> completeAsync(Supplier<? extends T> supplier, Executor executor) {
    Objects.requireNonNull(supplier, "supplier");
    Objects.requireNonNull(executor, "executor");
    executor.execute(() -> supplyFrom(supplier));
    return this;
  }

  // ---- reading ----------------------------------------------------------------------------

  /**
   * Waits for the result and returns it; observes this Deferred.
   *
   * @return the result
   * @throws IllegalStateException at once if this Deferred is pending and the caller is the
   *     thread of the reactor that owns it (see {@link ReactorExecutor#inReactorThread()})
   */
  @Override
  public T join() {
    observe();
    refuseToBlockTheReactor("join()");
    return super.join();
  }

  /**
   * Waits for the result and returns it; observes this Deferred.
   *
   * @return the result
   * @throws IllegalStateException at once if this Deferred is pending and the caller is the
   *     thread of the reactor that owns it (see {@link ReactorExecutor#inReactorThread()})
   */
  @Override
  public T get() throws InterruptedException, ExecutionException {
    observe();
    refuseToBlockTheReactor("get()");
    return super.get();
  }

  /**
   * Waits at most {@code timeout} of real time for the result and returns it; observes this
   * Deferred.
   *
   * @param timeout how long to wait
   * @param unit the unit of {@code timeout}
   * @return the result
   * @throws IllegalStateException at once if this Deferred is pending and the caller is the
   *     thread of the reactor that owns it (see {@link ReactorExecutor#inReactorThread()})
   */
  @Override
  public T get(long timeout, TimeUnit unit)
      throws InterruptedException, ExecutionException, TimeoutException {
    observe();
    refuseToBlockTheReactor("get(timeout, unit)");
    return super.get(timeout, unit);
  }

  private void refuseToBlockTheReactor(String method) {
    if (!isDone() && executor instanceof ReactorExecutor reactor && reactor.inReactorThread()) {
      throw new IllegalStateException(
          "Deferred." + method + " called on the reactor thread while the Deferred is pending:"
              + " it would block forever, because this thread is the one that must complete it."
              + " Chain a callback instead (thenAccept, thenCompose, whenComplete) and return;"
              + " block only on another thread");
    }
  }

  @Override
  public T getNow(T valueIfAbsent) {
    observe();
    return super.getNow(valueIfAbsent);
  }

  @Override
  public boolean isCompletedExceptionally() {
    observe();
    return super.isCompletedExceptionally();
  }

  /**
   * Returns this Deferred, which is a {@link CompletableFuture} already; observes it, since the
   * caller may read it through the future.
   *
   * @return this Deferred
   */
  @Override
  public Deferred<T> toCompletableFuture() {
    observe();
    return this;
  }

  // ---- stages -----------------------------------------------------------------------------

  /**
   * Returns a new pending Deferred that shares this one's executor; cancelling it cancels this
   * one. {@link CompletableFuture} uses it for every chained stage.
   */
  @Override
  public <U> Deferred<U> newIncompleteFuture() {
    return new Deferred<>(executor, dependent -> cancel(false));
  }

  /**
   * Returns the reactor executor given at construction; without one, an executor that fails.
   */
  @Override
  public Executor defaultExecutor() {
    return executor != null ? executor : NO_EXECUTOR;
  }

  /** Runs {@code action} when this completes, as internal bookkeeping: it observes nothing. */
  private void listen(BiConsumer<? super T, ? super Throwable> action) {
    super.whenComplete(action);
  }

  /**
   * Reports this stage's failure if nobody observes it. Only for stages that CompletableFuture
   * completes itself; those this class completes go through {@link #fail}, which reports.
   */
  private void watch(boolean @Nullable [] sourceFailureSeen) {
    listen(
        (value, error) -> {
          if (error != null) {
            reportIfUnobserved(error, sourceFailureSeen != null && sourceFailureSeen[0]);
          }
        });
  }

  /** A stage chained on this one: this is observed, the stage is watched. */
  private <U> Deferred<U> stage(CompletableFuture<U> made) {
    return seenStage(made, null);
  }

  private <U> Deferred<U> seenStage(
      CompletableFuture<U> made, boolean @Nullable [] sourceFailureSeen) {
    observe();
    Deferred<U> d = (Deferred<U>) made;
    d.watch(sourceFailureSeen);
    return d;
  }

  /** A stage that waits on this one and {@code other}: cancelling it cancels both. */
  private <U> Deferred<U> bothStage(CompletableFuture<U> made, CompletionStage<?> other) {
    Deferred<U> d = stage(made);
    d.canceller =
        self -> {
          cancel(false);
          cancelStage(other);
        };
    return d;
  }

  private static void cancelStage(CompletionStage<?> stage) {
    if (stage instanceof Future<?> future) {
      try {
        future.cancel(false);
      } catch (UnsupportedOperationException minimalStage) {
        // A minimal stage from the JDK cannot be cancelled by its holder; it runs to its end.
      }
    }
  }

  private static <V> BiConsumer<V, Throwable> seeing(
      BiConsumer<? super V, ? super Throwable> action, boolean[] seen) {
    Objects.requireNonNull(action, "action");
    return (value, error) -> {
      action.accept(value, error);
      if (error != null) {
        seen[0] = true;
      }
    };
  }

  /** The inner stage of a compose, once its function returned it. */
  private static final class Inner<U> {
    volatile @Nullable CompletionStage<U> stage;
  }

  /**
   * Relays {@code next}'s outcome into {@code result}. A Deferred {@code next} is observed: its
   * outcome is handed on.
   */
  private static <U> void follow(CompletionStage<U> next, Deferred<U> result) {
    if (next instanceof Deferred<U> d) {
      d.observe();
      d.listen(result::settle);
    } else {
      next.whenComplete(result::settle);
    }
  }

  /**
   * Starts {@code next} as the inner stage of {@code result}, or cancels it when {@code result}
   * was cancelled while the function ran.
   */
  private static <U> void adopt(
      @Nullable CompletionStage<U> next, Inner<U> inner, Deferred<U> result, String method) {
    if (next == null) {
      result.settle(null, new NullPointerException(method + " function returned null"));
      return;
    }
    inner.stage = next;
    follow(next, result);
    if (result.isDone()) {
      cancelStage(next);
    }
  }

  /** A compose-style result: cancelling it cancels the inner stage once there is one. */
  private <U> Deferred<U> composed(Inner<U> inner) {
    observe();
    Deferred<U> result = new Deferred<>(executor, null);
    result.canceller =
        self -> {
          CompletionStage<U> current = inner.stage;
          if (current != null) {
            cancelStage(current);
          } else {
            cancel(false);
          }
        };
    return result;
  }

  private <U> Deferred<U> compose(
      Function<? super T, ? extends CompletionStage<U>> fn, @Nullable Executor async) {
    Objects.requireNonNull(fn, "fn");
    Inner<U> inner = new Inner<>();
    Deferred<U> result = composed(inner);
    listen(
        (value, error) -> {
          if (error != null) {
            result.settle(null, error);
            return;
          }
          Runnable step =
              () -> {
                if (result.isDone()) {
                  return; // cancelled before the function ran
                }
                CompletionStage<U> next;
                try {
                  next = fn.apply(value);
                } catch (Throwable t) {
                  result.settle(null, t);
                  return;
                }
                adopt(next, inner, result, "thenCompose");
              };
          runStep(step, async, result);
        });
    return result;
  }

  private Deferred<T> recoverWith(
      Function<Throwable, ? extends CompletionStage<T>> fn, @Nullable Executor async) {
    Objects.requireNonNull(fn, "fn");
    Inner<T> inner = new Inner<>();
    Deferred<T> result = composed(inner);
    listen(
        (value, error) -> {
          if (error == null) {
            result.settle(value, null);
            return;
          }
          Runnable step =
              () -> {
                if (result.isDone()) {
                  return; // cancelled before the function ran
                }
                CompletionStage<T> next;
                try {
                  next = fn.apply(error);
                } catch (Throwable t) {
                  result.settle(null, t);
                  return;
                }
                adopt(next, inner, result, "exceptionallyCompose");
              };
          runStep(step, async, result);
        });
    return result;
  }

  private static void runStep(Runnable step, @Nullable Executor async, Deferred<?> result) {
    if (async == null) {
      step.run();
      return;
    }
    try {
      async.execute(step);
    } catch (Throwable t) {
      result.settle(null, t);
    }
  }

  @Override
  public <U> Deferred<U> thenApply(Function<? super T, ? extends U> fn) {
    return stage(super.thenApply(fn));
  }

  @Override
  public <U> Deferred<U> thenApplyAsync(Function<? super T, ? extends U> fn) {
    return stage(super.thenApplyAsync(fn));
  }

  @Override
  public <U> Deferred<U> thenApplyAsync(Function<? super T, ? extends U> fn, Executor executor) {
    return stage(super.thenApplyAsync(fn, executor));
  }

  @Override
  public Deferred<Void> thenAccept(Consumer<? super T> action) {
    return stage(super.thenAccept(action));
  }

  @Override
  public Deferred<Void> thenAcceptAsync(Consumer<? super T> action) {
    return stage(super.thenAcceptAsync(action));
  }

  @Override
  public Deferred<Void> thenAcceptAsync(Consumer<? super T> action, Executor executor) {
    return stage(super.thenAcceptAsync(action, executor));
  }

  @Override
  public Deferred<Void> thenRun(Runnable action) {
    return stage(super.thenRun(action));
  }

  @Override
  public Deferred<Void> thenRunAsync(Runnable action) {
    return stage(super.thenRunAsync(action));
  }

  @Override
  public Deferred<Void> thenRunAsync(Runnable action, Executor executor) {
    return stage(super.thenRunAsync(action, executor));
  }

  @Override
  public <U, V> Deferred<V> thenCombine(
      CompletionStage<? extends U> other, BiFunction<? super T, ? super U, ? extends V> fn) {
    return bothStage(super.thenCombine(other, fn), other);
  }

  @Override
  public <U, V> Deferred<V> thenCombineAsync(
      CompletionStage<? extends U> other, BiFunction<? super T, ? super U, ? extends V> fn) {
    return bothStage(super.thenCombineAsync(other, fn), other);
  }

  @Override
  public <U, V> Deferred<V> thenCombineAsync(
      CompletionStage<? extends U> other,
      BiFunction<? super T, ? super U, ? extends V> fn,
      Executor executor) {
    return bothStage(super.thenCombineAsync(other, fn, executor), other);
  }

  @Override
  public <U> Deferred<Void> thenAcceptBoth(
      CompletionStage<? extends U> other, BiConsumer<? super T, ? super U> action) {
    return bothStage(super.thenAcceptBoth(other, action), other);
  }

  @Override
  public <U> Deferred<Void> thenAcceptBothAsync(
      CompletionStage<? extends U> other, BiConsumer<? super T, ? super U> action) {
    return bothStage(super.thenAcceptBothAsync(other, action), other);
  }

  @Override
  public <U> Deferred<Void> thenAcceptBothAsync(
      CompletionStage<? extends U> other,
      BiConsumer<? super T, ? super U> action,
      Executor executor) {
    return bothStage(super.thenAcceptBothAsync(other, action, executor), other);
  }

  @Override
  public Deferred<Void> runAfterBoth(CompletionStage<?> other, Runnable action) {
    return bothStage(super.runAfterBoth(other, action), other);
  }

  @Override
  public Deferred<Void> runAfterBothAsync(CompletionStage<?> other, Runnable action) {
    return bothStage(super.runAfterBothAsync(other, action), other);
  }

  @Override
  public Deferred<Void> runAfterBothAsync(
      CompletionStage<?> other, Runnable action, Executor executor) {
    return bothStage(super.runAfterBothAsync(other, action, executor), other);
  }

  @Override
  public <U> Deferred<U> applyToEither(
      CompletionStage<? extends T> other, Function<? super T, U> fn) {
    return bothStage(super.applyToEither(other, fn), other);
  }

  @Override
  public <U> Deferred<U> applyToEitherAsync(
      CompletionStage<? extends T> other, Function<? super T, U> fn) {
    return bothStage(super.applyToEitherAsync(other, fn), other);
  }

  @Override
  public <U> Deferred<U> applyToEitherAsync(
      CompletionStage<? extends T> other, Function<? super T, U> fn, Executor executor) {
    return bothStage(super.applyToEitherAsync(other, fn, executor), other);
  }

  @Override
  public Deferred<Void> acceptEither(
      CompletionStage<? extends T> other, Consumer<? super T> action) {
    return bothStage(super.acceptEither(other, action), other);
  }

  @Override
  public Deferred<Void> acceptEitherAsync(
      CompletionStage<? extends T> other, Consumer<? super T> action) {
    return bothStage(super.acceptEitherAsync(other, action), other);
  }

  @Override
  public Deferred<Void> acceptEitherAsync(
      CompletionStage<? extends T> other, Consumer<? super T> action, Executor executor) {
    return bothStage(super.acceptEitherAsync(other, action, executor), other);
  }

  @Override
  public Deferred<Void> runAfterEither(CompletionStage<?> other, Runnable action) {
    return bothStage(super.runAfterEither(other, action), other);
  }

  @Override
  public Deferred<Void> runAfterEitherAsync(CompletionStage<?> other, Runnable action) {
    return bothStage(super.runAfterEitherAsync(other, action), other);
  }

  @Override
  public Deferred<Void> runAfterEitherAsync(
      CompletionStage<?> other, Runnable action, Executor executor) {
    return bothStage(super.runAfterEitherAsync(other, action, executor), other);
  }

  /**
   * {@inheritDoc}
   *
   * <p>Cancelling the returned Deferred cancels this one while it is pending, and the stage
   * {@code fn} returned once there is one, so cancellation reaches the work in progress.
   */
  @Override
  public <U> Deferred<U> thenCompose(Function<? super T, ? extends CompletionStage<U>> fn) {
    return compose(fn, null);
  }

  /**
   * {@inheritDoc}
   *
   * <p>Cancellation reaches the stage doing the work, as for {@link #thenCompose(Function)}.
   */
  @Override
  public <U> Deferred<U> thenComposeAsync(Function<? super T, ? extends CompletionStage<U>> fn) {
    return compose(fn, defaultExecutor());
  }

  /**
   * {@inheritDoc}
   *
   * <p>Cancellation reaches the stage doing the work, as for {@link #thenCompose(Function)}.
   */
  @Override
  public <U> Deferred<U> thenComposeAsync(
      Function<? super T, ? extends CompletionStage<U>> fn, Executor executor) {
    return compose(fn, Objects.requireNonNull(executor, "executor"));
  }

  /**
   * {@inheritDoc}
   *
   * <p>The returned stage counts as observed when it fails with this Deferred's failure, which
   * {@code action} saw, and {@code action} returned normally.
   */
  @Override
  public Deferred<T> whenComplete(BiConsumer<? super T, ? super Throwable> action) {
    boolean[] seen = new boolean[1];
    return seenStage(super.whenComplete(seeing(action, seen)), seen);
  }

  /**
   * {@inheritDoc}
   *
   * <p>Counts as observed like {@link #whenComplete(BiConsumer)}.
   */
  @Override
  public Deferred<T> whenCompleteAsync(BiConsumer<? super T, ? super Throwable> action) {
    boolean[] seen = new boolean[1];
    return seenStage(super.whenCompleteAsync(seeing(action, seen)), seen);
  }

  /**
   * {@inheritDoc}
   *
   * <p>Counts as observed like {@link #whenComplete(BiConsumer)}.
   */
  @Override
  public Deferred<T> whenCompleteAsync(
      BiConsumer<? super T, ? super Throwable> action, Executor executor) {
    boolean[] seen = new boolean[1];
    return seenStage(super.whenCompleteAsync(seeing(action, seen), executor), seen);
  }

  @Override
  public <U> Deferred<U> handle(BiFunction<? super T, Throwable, ? extends U> fn) {
    return stage(super.handle(fn));
  }

  @Override
  public <U> Deferred<U> handleAsync(BiFunction<? super T, Throwable, ? extends U> fn) {
    return stage(super.handleAsync(fn));
  }

  @Override
  public <U> Deferred<U> handleAsync(
      BiFunction<? super T, Throwable, ? extends U> fn, Executor executor) {
    return stage(super.handleAsync(fn, executor));
  }

  @Override
  public Deferred<T> exceptionally(Function<Throwable, ? extends T> fn) {
    return stage(super.exceptionally(fn));
  }

  @Override
  public Deferred<T> exceptionallyAsync(Function<Throwable, ? extends T> fn) {
    return stage(super.exceptionallyAsync(fn));
  }

  @Override
  public Deferred<T> exceptionallyAsync(Function<Throwable, ? extends T> fn, Executor executor) {
    return stage(super.exceptionallyAsync(fn, executor));
  }

  /**
   * {@inheritDoc}
   *
   * <p>Cancelling the returned Deferred cancels this one while it is pending, and the stage
   * {@code fn} returned once there is one, so cancellation reaches the work in progress.
   */
  @Override
  public Deferred<T> exceptionallyCompose(Function<Throwable, ? extends CompletionStage<T>> fn) {
    return recoverWith(fn, null);
  }

  /**
   * {@inheritDoc}
   *
   * <p>Cancellation reaches the stage doing the work, as for
   * {@link #exceptionallyCompose(Function)}.
   */
  @Override
  public Deferred<T> exceptionallyComposeAsync(
      Function<Throwable, ? extends CompletionStage<T>> fn) {
    return recoverWith(fn, defaultExecutor());
  }

  /**
   * {@inheritDoc}
   *
   * <p>Cancellation reaches the stage doing the work, as for
   * {@link #exceptionallyCompose(Function)}.
   */
  @Override
  public Deferred<T> exceptionallyComposeAsync(
      Function<Throwable, ? extends CompletionStage<T>> fn, Executor executor) {
    return recoverWith(fn, Objects.requireNonNull(executor, "executor"));
  }

  /**
   * Returns a stage that completes like this one; cancelling it cancels this one, as for any
   * chained stage.
   *
   * @return the copy
   */
  @Override
  public Deferred<T> copy() {
    return stage(super.copy());
  }

  /**
   * Returns a stage that completes like this one and that its holder cannot complete:
   * {@code complete}, {@code completeExceptionally}, {@code completeAsync} and the
   * {@code obtrude} methods throw {@link UnsupportedOperationException}. Cancelling it cancels
   * this one, as for any chained stage.
   *
   * @return the read-only stage
   */
  @Override
  public Deferred<T> minimalCompletionStage() {
    observe();
    Deferred<T> minimal = new Minimal<>(executor, dependent -> cancel(false));
    listen(minimal::settle);
    return minimal;
  }

  /** The stage {@link #minimalCompletionStage()} returns. */
  private static final class Minimal<T> extends Deferred<T> {
    Minimal(@Nullable Executor executor, Canceller<T> canceller) {
      super(executor, canceller);
    }

    private static UnsupportedOperationException readOnly() {
      return new UnsupportedOperationException(
          "a minimal completion stage completes only with the Deferred it follows");
    }

    @Override
    public boolean complete(@Nullable T value) {
      throw readOnly();
    }

    @Override
    public boolean completeExceptionally(Throwable reason) {
      throw readOnly();
    }

    @Override
    public Deferred<T> completeAsync(Supplier<? extends T> supplier, Executor executor) {
      throw readOnly();
    }

    @Override
    public void obtrudeValue(@Nullable T value) {
      throw readOnly();
    }

    @Override
    public void obtrudeException(Throwable reason) {
      throw readOnly();
    }
  }

  private String describe() {
    if (super.isCompletedExceptionally()) {
      return isCancelled() ? "cancelled" : "failed";
    }
    return "succeeded";
  }

  @Override
  public String toString() {
    return "Deferred[" + (isDone() ? describe() : "pending") + "]";
  }
}
