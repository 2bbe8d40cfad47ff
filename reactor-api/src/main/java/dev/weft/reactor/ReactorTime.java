package dev.weft.reactor;

import java.time.Duration;
import java.time.Instant;

/**
 * The reactor's clock and timers: code that only needs time asks for this facet, so that a test
 * can drive it with the fake {@code Clock} from reactor-testing and nothing else.
 *
 * <p>Reactor time is monotonic: it never goes backwards, whatever happens to the wall clock.
 * It is expressed as an {@link Instant} so durations can be computed with {@link Duration#between};
 * the production reactor anchors it to the wall clock once, at creation, and the fake Clock starts
 * at {@link Instant#EPOCH} or wherever the test says.
 *
 * <p>Methods must be called on the reactor thread, except on reactors that say otherwise.
 *
 * <p>Twisted: {@code IReactorTime}.
 */
public interface ReactorTime {

  /**
   * Returns the current reactor time. Inside a delayed call, this is never earlier than the
   * call's due time.
   *
   * @return the current time, never {@code null}
   */
  Instant now();

  /**
   * Schedules {@code call} to run once on the reactor thread after {@code delay} of reactor time.
   *
   * <p>Calls run in order of due time, then in the order they were scheduled. A call scheduled
   * with delay zero runs on the next turn of the loop, never inside this method. If the call
   * throws, the reactor reports the exception and carries on.
   *
   * @param delay how long from now, not negative
   * @param call what to run
   * @return a handle that can cancel, reset or delay the call
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if {@code delay} is negative
   */
  DelayedCall callLater(Duration delay, Runnable call);

  /**
   * Returns a {@link java.time.Clock} that reads this reactor's time, in UTC, so that code
   * written against {@code java.time.Clock} sees fake time in tests.
   *
   * @return a clock view of {@link #now()}, never {@code null}
   */
  default java.time.Clock javaClock() {
    return new ReactorJavaClock(this, java.time.ZoneOffset.UTC);
  }
}
