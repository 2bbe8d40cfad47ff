package dev.weft.reactor.testing;

import dev.weft.reactor.internal.Checks;
import java.time.Duration;

/**
 * A {@link MemoryReactor} whose time the test moves directly: each advance first runs the
 * reactor's pending turn work (see {@link MemoryReactor#iterate()}), then moves the
 * {@link Clock}, so a connection timeout, a protocol's timer and a {@code callFromThread} all
 * happen by advancing time alone.
 *
 * <p>Not thread-safe, except {@code callFromThread}. Twisted:
 * {@code twisted.internet.testing.MemoryReactorClock}.
 */
public final class MemoryReactorClock extends MemoryReactor {

  /** Creates a reactor, not running, with a new {@link Clock} at the epoch. */
  public MemoryReactorClock() {
    super(new Clock());
  }

  /**
   * Creates a reactor, not running, keeping time with {@code clock}.
   *
   * @param clock the clock
   */
  public MemoryReactorClock(Clock clock) {
    super(clock);
  }

  /**
   * Runs the pending turn work, then advances the Clock by {@code amount}; see
   * {@link Clock#advance(Duration)}.
   *
   * @param amount how far, not negative
   * @return this reactor
   * @throws IllegalArgumentException if {@code amount} is negative
   */
  public MemoryReactorClock advance(Duration amount) {
    Checks.nonNegative(amount, "amount");
    runTurnWork();
    clock().advance(amount);
    return this;
  }

  /**
   * Runs the pending turn work, then moves to the next delayed call; see
   * {@link Clock#advanceToNextCall()}.
   *
   * @return {@code false} if no delayed call was pending
   */
  public boolean advanceToNextCall() {
    runTurnWork();
    return clock().advanceToNextCall();
  }

  /**
   * Alternates turns and advances until no turn work and no delayed call is left.
   *
   * @return how many delayed calls ran
   * @throws IllegalStateException if it never becomes idle within the Clock's runaway limit
   */
  public long runUntilIdle() {
    long before = clock().callsRun();
    int rounds = 0;
    while (hasTurnWork() || clock().pendingCount() > 0) {
      if (++rounds > clock().runawayLimit()) {
        throw new IllegalStateException(
            "runUntilIdle took " + clock().runawayLimit() + " rounds and the reactor is still not"
                + " idle; something keeps scheduling work: stop it, or advance a bounded amount");
      }
      runTurnWork();
      clock().advanceToNextCall();
    }
    return clock().callsRun() - before;
  }
}
