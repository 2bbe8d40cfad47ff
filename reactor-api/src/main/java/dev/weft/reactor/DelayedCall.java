package dev.weft.reactor;

import java.time.Duration;
import java.time.Instant;

/**
 * A call scheduled with {@link ReactorTime#callLater(Duration, Runnable)}: it runs once, on the
 * reactor thread, when reactor time reaches {@link #time()}, unless it is cancelled first.
 *
 * <p>Calls due at the same time run in the order they were scheduled; {@link #reset} and
 * {@link #delay} count as scheduling again. Every method must be called on the reactor thread.
 *
 * <p>Twisted: {@code IDelayedCall}.
 */
public interface DelayedCall {

  /**
   * Returns when this call is (or was) due, on the reactor's timeline.
   *
   * @return the due time, never {@code null}
   */
  Instant time();

  /**
   * Cancels the call so that it never runs.
   *
   * @throws AlreadyCalledException if the call has already run or is running
   * @throws AlreadyCancelledException if the call was already cancelled
   */
  void cancel();

  /**
   * Reschedules the call to run {@code delay} after the reactor's current time.
   *
   * @param delay how long from now, not negative
   * @throws IllegalArgumentException if {@code delay} is negative
   * @throws AlreadyCalledException if the call has already run or is running
   * @throws AlreadyCancelledException if the call was cancelled
   */
  void reset(Duration delay);

  /**
   * Postpones the call by {@code delay} from its current due time.
   *
   * @param delay how much later, not negative
   * @throws IllegalArgumentException if {@code delay} is negative
   * @throws AlreadyCalledException if the call has already run or is running
   * @throws AlreadyCancelledException if the call was cancelled
   */
  void delay(Duration delay);

  /**
   * Tells whether the call is still waiting to run.
   *
   * @return {@code true} until the call starts running or is cancelled
   */
  boolean isActive();

  /**
   * Tells whether the call has started running (it may have thrown).
   *
   * @return {@code true} once the reactor has invoked the call
   */
  boolean isCalled();

  /**
   * Tells whether the call was cancelled.
   *
   * @return {@code true} once {@link #cancel()} has succeeded
   */
  boolean isCancelled();
}
