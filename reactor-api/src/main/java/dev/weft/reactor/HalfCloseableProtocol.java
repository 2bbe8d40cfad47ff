package dev.weft.reactor;

/**
 * A protocol that keeps the connection usable in one direction after the other is closed.
 *
 * <p>Without this interface, the peer closing its sending side ends the whole connection. With
 * it, the reactor calls {@link #readConnectionLost()} instead, and the protocol can still write;
 * {@link Protocol#connectionLost(ConnectionEndedException)} follows once both directions are
 * closed. Called on the reactor thread.
 *
 * <p>Twisted: {@code IHalfCloseableProtocol}.
 */
public interface HalfCloseableProtocol extends Protocol {

  /** The peer will send nothing more (it shut down its output); this side may still write. */
  void readConnectionLost();

  /**
   * This side's output is closed, after {@link Transport#loseWriteConnection()} flushed every
   * pending byte; data may still arrive.
   */
  void writeConnectionLost();
}
