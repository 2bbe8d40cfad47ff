package dev.weft.reactor.tls;

import dev.weft.reactor.Producer;
import dev.weft.reactor.PullProducer;
import dev.weft.reactor.PushProducer;

/**
 * Stands in for the user's producer on the transport underneath: that transport pauses and
 * resumes (or, for a pull producer, asks) the pacer by its buffered ciphertext, and the pacer
 * passes the word on to the user's producer. So back-pressure crosses the TLS layer with no
 * buffer of its own in between. Registered only while the user has a producer and the handshake
 * is done. Reactor thread only.
 *
 * <p>Two stand-ins, one per kind, because a transport may tell the kinds apart by type.
 */
final class TlsWritePacer {
  private final TlsConnection conn;
  private final PushProducer push = new Push();
  private final PullProducer pull = new Pull();
  private boolean registered;
  private boolean pausedByLower;

  TlsWritePacer(TlsConnection conn) {
    this.conn = conn;
  }

  void registerOnLower(boolean streaming) {
    if (registered || conn.isClosingDown()) {
      return;
    }
    registered = true;
    pausedByLower = false;
    conn.lower().registerProducer(streaming ? push : pull, streaming);
  }

  void unregisterFromLower() {
    if (!registered) {
      return;
    }
    registered = false;
    pausedByLower = false;
    conn.lower().unregisterProducer();
  }

  boolean isPausedByLower() {
    return pausedByLower;
  }

  /** What both stand-ins do when the transport underneath stops them. */
  private abstract class StandIn implements Producer {
    @Override
    public void resumeProducing() {
      pausedByLower = false;
      conn.front.resumeUserProducer();
    }

    /** The connection is ending; the layer stops the user's producer when it tells the protocol. */
    @Override
    public void stopProducing() {
      registered = false;
    }

    @Override
    public String toString() {
      return "TlsWritePacer[" + conn + "]";
    }
  }

  private final class Push extends StandIn implements PushProducer {
    @Override
    public void pauseProducing() {
      pausedByLower = true;
      conn.front.pauseUserProducer();
    }
  }

  private final class Pull extends StandIn implements PullProducer {}
}
