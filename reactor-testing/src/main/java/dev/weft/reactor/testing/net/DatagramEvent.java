package dev.weft.reactor.testing.net;

import dev.weft.reactor.testing.Datagram;
import java.time.Instant;
import java.util.Objects;

/**
 * One entry of a {@link DatagramNetwork}'s trace: what became of a datagram, and when.
 *
 * @param at the Clock's time of the event: the send for {@link Fate#SENT} and the drops decided
 *     at sending, the arrival otherwise
 * @param datagram the datagram, with the source address the receiver sees
 * @param fate what happened
 */
public record DatagramEvent(Instant at, Datagram datagram, Fate fate) {

  /** What happened to a datagram. */
  public enum Fate {
    /** A port wrote it onto the network. */
    SENT,
    /** It reached at least one listening port. */
    DELIVERED,
    /** It reached its host a second time, a duplicate made by the network. */
    DUPLICATED,
    /** The network lost it, by the seeded loss probability. */
    LOST,
    /** A partition between the two hosts dropped it. */
    PARTITIONED,
    /** It was longer than the link's {@code maxDatagramSize}. */
    TOO_LARGE,
    /** No host of the network has its destination address. */
    NO_HOST,
    /** It reached its host, where no port listened; a connected sender hears a refusal. */
    NO_LISTENER,
    /** Its sending or receiving host was down: a {@link Host} of a {@link Network} that crashed. */
    HOST_DOWN
  }

  /**
   * Checks the components.
   *
   * @param at when
   * @param datagram what
   * @param fate what happened
   */
  public DatagramEvent {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(datagram, "datagram");
    Objects.requireNonNull(fate, "fate");
  }

  @Override
  public String toString() {
    return at + " " + fate + " " + datagram;
  }
}
