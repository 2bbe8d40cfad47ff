package dev.weft.reactor.tls;

import dev.weft.reactor.PullProducer;
import dev.weft.reactor.PushProducer;

/**
 * Stands in for the user's producer on the transport underneath: that transport pauses and
 * resumes this pacer by its buffered ciphertext, and the pacer passes the word on to the user's
 * producer. So back-pressure crosses the TLS layer with no buffer of its own in between.
 * Registered only while the user has a producer and the handshake is done. Reactor thread only.
 */
final class TlsWritePacer implements PushProducer, PullProducer {
  private final TlsConnection conn;
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
    conn.lower().registerProducer(this, streaming);
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

  @Override
  public void pauseProducing() {
    pausedByLower = true;
    conn.front.pauseUserProducer();
  }

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
