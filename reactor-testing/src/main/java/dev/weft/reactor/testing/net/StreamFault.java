package dev.weft.reactor.testing.net;

import dev.weft.reactor.internal.Checks;
import java.time.Duration;
import java.util.Objects;

/**
 * A fault on the bytes of an established connection, in one direction: what happens, to which
 * direction, and when (a {@link Trigger}). Made by {@link Fault}'s factories, such as
 * {@code Fault.resetAfter(17).onResponse()}.
 *
 * <p>What each action does once its trigger fired, every byte before the trigger having been
 * delivered in order (so under every {@link Chunking} the reader sees exactly those bytes):
 * <ul>
 *   <li>{@link Action#RESET}: the writer's connection is reset at once (its protocol hears a
 *       {@link dev.weft.reactor.ConnectionLostException}); the reset travels behind the bytes
 *       and the reader's connection ends with a {@code ConnectionLostException} ("reset").</li>
 *   <li>{@link Action#CLOSE}: the writer's connection closes at that byte, as if it had called
 *       {@code loseConnection()} then and dropped what it wrote after; the reader reads the end
 *       of the stream behind the bytes.</li>
 *   <li>{@link Action#HALF_CLOSE}: the writer's output ends at that byte, as if it had called
 *       {@code loseWriteConnection()} then; what it writes after is dropped; the reader reads
 *       the end of the stream (a half-close); the other direction keeps working.</li>
 *   <li>{@link Action#STALL}: nothing more goes through in this direction (the writer's transport
 *       keeps its bytes, so its producer is paused as with a full window) until
 *       {@link Link#releaseStall()} or {@link Network#releaseStalls()}.</li>
 *   <li>{@link Action#DELAY}: every packet sent in this direction from then on arrives
 *       {@link #delay()} later than it would, in order.</li>
 * </ul>
 *
 * <p>Immutable and thread-safe; {@code toString()} is the Java expression that recreates it.
 *
 * @param action what happens
 * @param direction which direction's bytes it counts and cuts
 * @param trigger when it fires
 * @param delay for {@link Action#DELAY}, the extra delay of each packet; zero otherwise
 */
public record StreamFault(Action action, Direction direction, Trigger trigger, Duration delay)
    implements Fault {

  /** What a stream fault does when it fires. */
  public enum Action {
    /** Reset the connection. */
    RESET,
    /** Close the writer's connection. */
    CLOSE,
    /** End the writer's output (half-close). */
    HALF_CLOSE,
    /** Stop the direction until released. */
    STALL,
    /** Delay each later packet of the direction. */
    DELAY
  }

  /** Which way the bytes a stream fault acts on travel. */
  public enum Direction {
    /** From the client (the side that connected) to the server. */
    REQUEST,
    /** From the server (the side that accepted) to the client. */
    RESPONSE
  }

  /**
   * Checks the fields.
   *
   * @param action what happens
   * @param direction which way
   * @param trigger when
   * @param delay positive for {@link Action#DELAY}, zero otherwise
   */
  public StreamFault {
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(direction, "direction");
    Objects.requireNonNull(trigger, "trigger");
    Checks.nonNegative(delay, "delay");
    if (action == Action.DELAY && delay.isZero()) {
      throw new IllegalArgumentException("delay must be positive for a DELAY fault: " + delay);
    }
    if (action != Action.DELAY && !delay.isZero()) {
      throw new IllegalArgumentException(
          "delay must be zero for a " + action + " fault: " + delay);
    }
  }

  /**
   * Returns this fault on the bytes from the client to the server.
   *
   * @return a copy acting on the request direction
   */
  public StreamFault onRequest() {
    return new StreamFault(action, Direction.REQUEST, trigger, delay);
  }

  /**
   * Returns this fault on the bytes from the server to the client.
   *
   * @return a copy acting on the response direction
   */
  public StreamFault onResponse() {
    return new StreamFault(action, Direction.RESPONSE, trigger, delay);
  }

  @Override
  public String toString() {
    String verb = switch (action) {
      case RESET -> "reset";
      case CLOSE -> "close";
      case HALF_CLOSE -> "halfClose";
      case STALL -> "stall";
      case DELAY -> "delayChunks";
    };
    String head;
    if (action == Action.DELAY) {
      head = trigger.equals(Trigger.afterBytes(0))
          ? "Fault.delayChunks(" + JavaText.duration(delay) + ")"
          : "Fault.delayChunks(" + JavaText.duration(delay) + ", " + trigger + ")";
    } else if (trigger instanceof Trigger.AfterBytes after) {
      head = "Fault." + verb + "After(" + after.bytes() + ")";
    } else if (trigger instanceof Trigger.AfterMatch match) {
      head = "Fault." + verb + "After(" + JavaText.string(match.text()) + ")";
    } else {
      head = "Fault." + verb + "(" + trigger + ")";
    }
    return head + (direction == Direction.REQUEST ? ".onRequest()" : ".onResponse()");
  }
}
