package dev.weft.reactor.testing.internal;

import dev.weft.reactor.testing.MemoryConnection;

/** What the simulated network controls on one link; implemented by the fakes. */
public interface LinkControl {
  /** The client end. */
  MemoryConnection client();

  /** The server end. */
  MemoryConnection server();

  /** Blocks or unblocks each direction: packets that arrive while blocked are held. */
  void block(boolean toServer, boolean toClient);

  /** Whether the direction towards the server ({@code true}) or client is blocked. */
  boolean isBlocked(boolean toServer);

  /** Bytes sent and not yet arrived, both directions. */
  long bytesInFlight();

  /** Bytes that arrived while blocked and wait for the block to lift, both directions. */
  long bytesHeld();

  /** Whether either end is still open. */
  boolean isOpen();

  /** One end's host crashed: that end vanishes without callbacks; the other end is reset. */
  void crash(boolean serverSide);

  /** Adds a stream fault to the direction it names; it fires at its trigger. */
  void addFault(dev.weft.reactor.testing.net.StreamFault fault);

  /** Lets the stalled directions send again, what the stall held first. */
  void releaseStall();

  /** Both ends give up on a silent peer: each ends with a connection-lost timeout. */
  void timeOut(String why);

  /** Sets who hears what the link delivers, for the trace; {@link LinkObserver#NONE} by default. */
  void observe(LinkObserver observer);

  /** Who hears what the link delivers; fault code tells it what fired. */
  LinkObserver observer();
}
