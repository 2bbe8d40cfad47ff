package dev.weft.reactor.testing;

import dev.weft.reactor.ConnectionClosedException;
import dev.weft.reactor.ConnectionLostException;
import dev.weft.reactor.testing.net.StreamFault;
import dev.weft.reactor.testing.net.Trigger;
import java.util.Arrays;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The stream faults of a {@link Pump}'s two directions: when each fires is decided by
 * {@link DirectionFaults}, the same rules as on a {@link NetLink}; this class does what a fired
 * fault says to the two connections within a pump step. A pump has no latency, so a
 * {@link StreamFault.Action#DELAY} fault is refused, and a fault at an instant needs the pump's
 * clock.
 */
final class PumpFaults {
  private final DirectionFaults toServer = new DirectionFaults();
  private final DirectionFaults toClient = new DirectionFaults();
  private final MemoryConnection client;
  private final @Nullable Clock clock;
  private final String label;

  PumpFaults(MemoryConnection client, @Nullable Clock clock, String label) {
    this.client = client;
    this.clock = clock;
    this.label = label;
  }

  void add(StreamFault fault) {
    Objects.requireNonNull(fault, "fault");
    if (fault.action() == StreamFault.Action.DELAY) {
      throw new IllegalArgumentException("a pump has no latency to add to: " + fault
          + "; delay bytes on a Network link (Link.inject) instead");
    }
    if (fault.trigger() instanceof Trigger.AtInstant && clock == null) {
      throw new IllegalArgumentException("a fault at an instant needs the pump's clock: " + fault
          + "; build the pump with Pump.builder().advancing(clock, step)");
    }
    DirectionFaults d = fault.direction() == StreamFault.Direction.REQUEST ? toServer : toClient;
    // A pump moves bytes in its steps: a fault coming due waits for the next one.
    d.add(fault, clock, () -> { }, label);
  }

  private DirectionFaults from(MemoryConnection writer) {
    return writer == client ? toServer : toClient;
  }

  /**
   * Whether {@code writer}'s direction moves nothing in this step: stalled, or cut by a
   * half-close (what the writer wrote since is dropped, as after a real half-close).
   */
  boolean stopped(MemoryConnection writer) {
    DirectionFaults d = from(writer);
    if (d.cut) {
      writer.transport().drainPending(Long.MAX_VALUE, (array, offset, length) -> { });
      return true;
    }
    return d.stalled;
  }

  /** Whether a stall holds {@code side}'s close behind its bytes. */
  boolean holdsClose(MemoryConnection side) {
    return from(side).stalled;
  }

  /** Fires the faults due before more bytes go; true if one stopped the direction. */
  boolean fireDue(MemoryConnection writer, MemoryConnection reader) {
    DirectionFaults d = from(writer);
    if (d.isEmpty()) {
      return false;
    }
    for (StreamFault due = d.takeDue(); due != null; due = d.takeDue()) {
      if (fire(writer, reader, d, due, null, 0)) {
        return true;
      }
    }
    return false;
  }

  /** Whether bytes from {@code writer} must go through {@link #move}, to be cut by a fault. */
  boolean watches(MemoryConnection writer) {
    return !from(writer).isEmpty();
  }

  /** Counts bytes that moved while no fault watched. */
  void moved(MemoryConnection writer, long bytes) {
    from(writer).passed(bytes);
  }

  /** Moves {@code budget} pending bytes of {@code writer} to {@code reader}, cut by the faults. */
  void move(MemoryConnection writer, MemoryConnection reader, long budget) {
    byte[] data = new byte[Math.toIntExact(budget)];
    int[] at = {0};
    writer.transport().drainPending(budget, (array, offset, length) -> {
      System.arraycopy(array, offset, data, at[0], length);
      at[0] += length;
    });
    deliver(writer, reader, from(writer), data);
  }

  private void deliver(MemoryConnection writer, MemoryConnection reader, DirectionFaults d,
      byte[] data) {
    int pos = 0;
    while (pos < data.length) {
      DirectionFaults.Cut cut = d.cutWithin(data, pos, data.length);
      int upTo = cut == null ? data.length : pos + cut.bytes();
      if (upTo > pos) {
        d.passed(data, pos, upTo);
        reader.arrive(data, pos, upTo - pos, true);
      }
      pos = upTo;
      if (cut != null) {
        d.fired(cut.fault());
        if (fire(writer, reader, d, cut.fault(), data, pos)) {
          return;
        }
      }
    }
    reader.readArrived();
  }

  /**
   * Does what {@code fault} says, the bytes before it delivered; {@code rest} from {@code pos} is
   * what the writer sent after it. Returns true if the direction stopped.
   */
  private boolean fire(MemoryConnection writer, MemoryConnection reader, DirectionFaults d,
      StreamFault fault, byte @Nullable [] rest, int pos) {
    // The reader reads what came before the fault first, as behind a real FIN or RST.
    reader.readArrived();
    switch (fault.action()) {
      case RESET -> {
        writer.end(new ConnectionLostException("Connection reset (" + fault + " on " + label
            + ")"));
        reader.arriveEnd(new ConnectionLostException("Connection reset by peer"));
      }
      case CLOSE -> {
        writer.end(new ConnectionClosedException());
        reader.arriveEndOfStream();
      }
      case HALF_CLOSE -> {
        d.cut = true;
        writer.transport().drainPending(Long.MAX_VALUE, (array, offset, length) -> { });
        reader.arriveEndOfStream();
      }
      case STALL -> {
        d.stalled = true;
        if (rest != null && pos < rest.length) {
          d.stash = Arrays.copyOfRange(rest, pos, rest.length);
        }
      }
      case DELAY -> throw new AssertionError("refused by add: " + fault);
      default -> throw new AssertionError(fault);
    }
    return true;
  }

  /** Releases the stalled directions: what they held is delivered first; true if any was. */
  boolean releaseStall(MemoryConnection server) {
    boolean released = false;
    for (DirectionFaults d : new DirectionFaults[] {toServer, toClient}) {
      if (!d.stalled) {
        continue;
      }
      released = true;
      d.stalled = false;
      byte[] stash = d.stash;
      d.stash = null;
      MemoryConnection writer = d == toServer ? client : server;
      MemoryConnection reader = d == toServer ? server : client;
      if (stash != null && writer.isOpen() && reader.isOpen()) {
        deliver(writer, reader, d, stash);
      }
    }
    return released;
  }

  /** The pump ended: faults that did not fire never will, and their instants are cancelled. */
  void ended() {
    toServer.ended();
    toClient.ended();
  }
}
