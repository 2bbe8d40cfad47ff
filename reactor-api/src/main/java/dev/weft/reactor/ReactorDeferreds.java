package dev.weft.reactor;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * Helpers that tie {@link Deferred}s to reactor time: results that arrive after a delay, and
 * deadlines. Everything here measures time with a {@link ReactorTime}, so a test drives it with
 * the fake {@code Clock} and never waits.
 *
 * <p>Every method must be called on the reactor thread; the returned Deferreds complete there.
 */
public final class ReactorDeferreds {
  private ReactorDeferreds() {}

  /**
   * Returns a Deferred that succeeds with {@code null} once {@code delay} of reactor time has
   * passed. Cancelling it cancels the timer.
   *
   * <p>Twisted: {@code task.deferLater(clock, delay)}.
   *
   * @param time the reactor time to wait on
   * @param delay how long to wait, not negative
   * @return completes on the reactor thread after {@code delay}
   * @throws IllegalArgumentException if {@code delay} is negative
   */
  public static Deferred<Void> delay(ReactorTime time, Duration delay) {
    return callLater(time, delay, () -> null);
  }

  /**
   * Returns a Deferred that runs {@code work} after {@code delay} of reactor time and completes
   * with its result, or fails with what it throws. Cancelling the Deferred before then cancels
   * the timer, so {@code work} never runs.
   *
   * <p>Twisted: {@code task.deferLater(clock, delay, callable)}.
   *
   * @param time the reactor time to wait on
   * @param delay how long to wait, not negative
   * @param work computes the result on the reactor thread; may return {@code null}
   * @param <T> the result type
   * @return completes on the reactor thread after {@code delay}
   * @throws IllegalArgumentException if {@code delay} is negative
   */
  public static <T> Deferred<T> callLater(ReactorTime time, Duration delay, Callable<T> work) {
    Objects.requireNonNull(time, "time");
    ApiChecks.nonNegative(delay, "delay");
    Objects.requireNonNull(work, "work");
    DelayedCall[] timer = new DelayedCall[1];
    Deferred<T> result =
        new Deferred<>(
            ApiChecks.executorOf(time),
            self -> {
              if (timer[0] != null && timer[0].isActive()) {
                timer[0].cancel();
              }
            });
    timer[0] =
        time.callLater(
            delay,
            () -> {
              T value;
              try {
                value = work.call();
              } catch (Exception e) {
                result.completeExceptionally(e);
                return;
              }
              result.complete(value);
            });
    return result;
  }

  /**
   * Returns a Deferred that follows {@code deferred} but fails with the exception
   * {@code onTimeout} builds if {@code deferred} has not completed after {@code timeout} of
   * reactor time; {@code deferred} is then cancelled so that its producer's canceller stops the
   * work. The timer is cancelled as soon as either completes, and cancelling the returned
   * Deferred cancels {@code deferred}.
   *
   * <p>Use it instead of {@link Deferred#withTimeout(Duration, ReactorTime)} when the caller
   * wants its own exception type (for example a {@link ConnectTimeoutException}) rather than a
   * {@link TimeoutException}. Twisted: {@code Deferred.addTimeout} with {@code onTimeoutCancel}.
   *
   * @param deferred the Deferred to bound
   * @param timeout how long to wait, not negative
   * @param time the reactor time to measure it on
   * @param onTimeout builds the failure from the timeout; must not return {@code null}
   * @param <T> the result type
   * @return a new Deferred with the result of {@code deferred} or the timeout failure
   * @throws IllegalArgumentException if {@code timeout} is negative
   */
  public static <T> Deferred<T> withTimeout(
      Deferred<T> deferred,
      Duration timeout,
      ReactorTime time,
      Function<Duration, ? extends Throwable> onTimeout) {
    Objects.requireNonNull(deferred, "deferred");
    ApiChecks.nonNegative(timeout, "timeout");
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(onTimeout, "onTimeout");
    // newIncompleteFuture shares the executor and cancels `deferred` when it is cancelled.
    Deferred<T> bounded = deferred.newIncompleteFuture();
    deferred.whenComplete(
        (value, error) -> {
          if (bounded.isDone()) {
            return; // timed out or cancelled already: the late outcome is dropped
          }
          if (error != null) {
            bounded.completeExceptionally(error);
          } else {
            bounded.complete(value);
          }
        });
    if (bounded.isDone()) {
      return bounded;
    }
    DelayedCall timer =
        time.callLater(
            timeout,
            () -> {
              if (bounded.isDone()) {
                return;
              }
              Throwable reason =
                  Objects.requireNonNull(onTimeout.apply(timeout), "onTimeout returned null");
              bounded.completeExceptionally(reason);
              deferred.cancel(false);
            });
    bounded.whenComplete(
        (value, error) -> {
          if (timer.isActive()) {
            timer.cancel();
          }
        });
    return bounded;
  }
}
