package dev.weft.reactor.testing.net;

import dev.weft.reactor.ConnectFailedException;
import dev.weft.reactor.testing.ClientAttempt;
import java.util.Objects;

/**
 * A fault of the connect phase, as a value: the attempt is refused, never answered (so its own
 * connect timeout fires), fails with a given {@link ConnectFailedException}, or
 * {@code connectTCP}/{@code listenTCP} throw at once. Made by {@link Fault}'s factories.
 *
 * <p>On a {@link Network} the answer (refusal or failure) comes when the real answer would, one
 * round trip after the attempt; a thrown fault acts inside the call. Immutable and thread-safe;
 * {@code toString()} is the Java expression that recreates it.
 */
public sealed interface ConnectFault extends Fault
    permits ConnectFault.Refuse, ConnectFault.NeverAnswer, ConnectFault.FailWith,
        ConnectFault.ThrowFromConnect, ConnectFault.ThrowFromListen {

  /**
   * Completes a recorded attempt as this fault says, now: refused, failed, or left pending so its
   * connect timeout fires as the Clock reaches it. Thrown faults act on calls, not on attempts.
   *
   * @param attempt a pending recorded attempt
   * @throws IllegalStateException if the attempt already completed
   * @throws IllegalArgumentException for a thrown fault, which has no attempt to act on
   */
  void applyTo(ClientAttempt attempt);

  /** The attempt is refused; see {@link Fault#refuse()}. */
  record Refuse() implements ConnectFault {
    @Override
    public void applyTo(ClientAttempt attempt) {
      attempt.refuse();
    }

    @Override
    public String toString() {
      return "Fault.refuse()";
    }
  }

  /** The attempt is never answered; see {@link Fault#neverAnswer()}. */
  record NeverAnswer() implements ConnectFault {
    @Override
    public void applyTo(ClientAttempt attempt) {
      if (!attempt.isPending()) {
        throw new IllegalStateException(
            "cannot leave " + attempt + " unanswered: it already completed (" + attempt.outcome()
                + ")");
      }
    }

    @Override
    public String toString() {
      return "Fault.neverAnswer()";
    }
  }

  /**
   * The attempt fails with {@code reason}; see {@link Fault#failConnect(ConnectFailedException)}.
   *
   * @param reason what the factory's {@code clientConnectionFailed} receives
   */
  record FailWith(ConnectFailedException reason) implements ConnectFault {
    /**
     * Checks the reason.
     *
     * @param reason the failure
     */
    public FailWith {
      Objects.requireNonNull(reason, "reason");
    }

    @Override
    public void applyTo(ClientAttempt attempt) {
      attempt.fail(reason);
    }

    @Override
    public String toString() {
      return "Fault.failConnect(" + JavaText.exception(reason) + ")";
    }
  }

  /**
   * {@code connectTCP} and {@code connectTLS} throw; see {@link Fault#throwFromConnect}.
   *
   * @param failure what they throw
   */
  record ThrowFromConnect(RuntimeException failure) implements ConnectFault {
    /**
     * Checks the failure.
     *
     * @param failure what to throw
     */
    public ThrowFromConnect {
      Objects.requireNonNull(failure, "failure");
    }

    @Override
    public void applyTo(ClientAttempt attempt) {
      throw new IllegalArgumentException(
          this + " acts on connectTCP calls, not on an attempt; inject it into the MemoryReactor,"
              + " Host or Network");
    }

    @Override
    public String toString() {
      return "Fault.throwFromConnect(" + JavaText.exception(failure) + ")";
    }
  }

  /**
   * {@code listenTCP} and {@code listenTLS} throw; see {@link Fault#throwFromListen}.
   *
   * @param failure what they throw
   */
  record ThrowFromListen(RuntimeException failure) implements ConnectFault {
    /**
     * Checks the failure.
     *
     * @param failure what to throw
     */
    public ThrowFromListen {
      Objects.requireNonNull(failure, "failure");
    }

    @Override
    public void applyTo(ClientAttempt attempt) {
      throw new IllegalArgumentException(
          this + " acts on listenTCP calls, not on an attempt; inject it into the MemoryReactor,"
              + " Host or Network");
    }

    @Override
    public String toString() {
      return "Fault.throwFromListen(" + JavaText.exception(failure) + ")";
    }
  }
}
