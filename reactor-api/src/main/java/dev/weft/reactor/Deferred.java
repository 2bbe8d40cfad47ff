package dev.weft.reactor;

import dev.weft.reactor.internal.Checks;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
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
 *   <li><b>Chained stages stay {@code Deferred}</b> and cancelling one cancels the stage it was
 *       chained from, so {@code endpoint.connect(f).thenApply(...).cancel(true)} still stops
 *       the connection attempt.
 *   <li><b>Async stages run on the reactor.</b> The default executor of the {@code *Async}
 *       methods is the executor given at construction (normally
 *       {@link ReactorThreads#executor()}), never the common pool. A Deferred created without
 *       one fails its {@code *Async} stages with an {@link IllegalStateException}.
 *   <li><b>Timeouts on reactor time:</b> {@link #withTimeout(Duration, ReactorTime)}. The
 *       real-time {@link #orTimeout} and {@link #completeOnTimeout} are not supported: they
 *       would start a hidden thread and defeat fake time.
 *   <li><b>Double completion is an error:</b> completing a completed Deferred throws
 *       {@link AlreadyCalledException} instead of returning {@code false} silently.
 * </ul>
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
    Deferred<T> d =
        new Deferred<>(
            null,
            self -> {
              if (stage instanceof java.util.concurrent.Future<?> f) {
                f.cancel(false);
              }
            });
    stage.whenComplete(
        (value, error) -> {
          if (error != null) {
            d.completeExceptionally(error);
          } else {
            d.complete(value);
          }
        });
    return d;
  }

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
   * Completes this Deferred with a failure.
   *
   * @param reason why it failed
   * @return {@code true} if this call completed it; {@code false} only when this side had already
   *     cancelled or timed it out, in which case the failure is ignored
   * @throws AlreadyCalledException if it was already completed
   */
  @Override
  public boolean completeExceptionally(Throwable reason) {
    Objects.requireNonNull(reason, "reason");
    if (super.completeExceptionally(reason)) {
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
    Checks.nonNegative(timeout, "timeout");
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
              super.completeExceptionally(
                  new TimeoutException("timed out after " + timeout + " of reactor time"));
              Canceller<T> c = canceller;
              canceller = null;
              if (c != null) {
                c.cancel(this);
              }
            });
    super.whenComplete(
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

  private String describe() {
    if (isCompletedExceptionally()) {
      return isCancelled() ? "cancelled" : "failed";
    }
    return "succeeded";
  }

  @Override
  public String toString() {
    return "Deferred[" + (isDone() ? describe() : "pending") + "]";
  }

  // Covariant overrides: chained stages are Deferreds at run time (newIncompleteFuture); these
  // make the compiler see it too, so chains keep withTimeout and the cancel contract.

  @Override
  public <U> Deferred<U> thenApply(Function<? super T, ? extends U> fn) {
    return (Deferred<U>) super.thenApply(fn);
  }

  @Override
  public <U> Deferred<U> thenApplyAsync(Function<? super T, ? extends U> fn) {
    return (Deferred<U>) super.thenApplyAsync(fn);
  }

  @Override
  public <U> Deferred<U> thenApplyAsync(Function<? super T, ? extends U> fn, Executor executor) {
    return (Deferred<U>) super.thenApplyAsync(fn, executor);
  }

  @Override
  public Deferred<Void> thenAccept(Consumer<? super T> action) {
    return (Deferred<Void>) super.thenAccept(action);
  }

  @Override
  public Deferred<Void> thenAcceptAsync(Consumer<? super T> action) {
    return (Deferred<Void>) super.thenAcceptAsync(action);
  }

  @Override
  public Deferred<Void> thenRun(Runnable action) {
    return (Deferred<Void>) super.thenRun(action);
  }

  @Override
  public <U> Deferred<U> thenCompose(Function<? super T, ? extends CompletionStage<U>> fn) {
    return (Deferred<U>) super.thenCompose(fn);
  }

  @Override
  public <U> Deferred<U> thenComposeAsync(
      Function<? super T, ? extends CompletionStage<U>> fn) {
    return (Deferred<U>) super.thenComposeAsync(fn);
  }

  @Override
  public <U, V> Deferred<V> thenCombine(
      CompletionStage<? extends U> other, BiFunction<? super T, ? super U, ? extends V> fn) {
    return (Deferred<V>) super.thenCombine(other, fn);
  }

  @Override
  public <U> Deferred<U> handle(BiFunction<? super T, Throwable, ? extends U> fn) {
    return (Deferred<U>) super.handle(fn);
  }

  @Override
  public <U> Deferred<U> handleAsync(BiFunction<? super T, Throwable, ? extends U> fn) {
    return (Deferred<U>) super.handleAsync(fn);
  }

  @Override
  public Deferred<T> whenComplete(BiConsumer<? super T, ? super Throwable> action) {
    return (Deferred<T>) super.whenComplete(action);
  }

  @Override
  public Deferred<T> whenCompleteAsync(BiConsumer<? super T, ? super Throwable> action) {
    return (Deferred<T>) super.whenCompleteAsync(action);
  }

  @Override
  public Deferred<T> exceptionally(Function<Throwable, ? extends T> fn) {
    return (Deferred<T>) super.exceptionally(fn);
  }

  @Override
  public Deferred<T> exceptionallyCompose(
      Function<Throwable, ? extends CompletionStage<T>> fn) {
    return (Deferred<T>) super.exceptionallyCompose(fn);
  }

  @Override
  public Deferred<T> completeAsync(Supplier<? extends T> supplier) {
    return (Deferred<T>) super.completeAsync(supplier);
  }

  @Override
  public Deferred<T> toCompletableFuture() {
    return this;
  }
}
