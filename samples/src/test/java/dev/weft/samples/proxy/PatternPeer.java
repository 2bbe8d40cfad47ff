package dev.weft.samples.proxy;

import dev.weft.reactor.BaseProtocol;
import dev.weft.reactor.ConnectionEndedException;
import dev.weft.reactor.PushProducer;
import dev.weft.reactor.tls.TlsHandshakeListener;
import dev.weft.reactor.tls.TlsSession;
import dev.weft.reactor.tls.TlsTransport;
import java.nio.ByteBuffer;

/**
 * One end of a proxied stream in the tests: sends a known byte pattern as fast as its transport
 * lets it (as a push producer, from the handshake on under TLS, at once over plain TCP), checks
 * the pattern it receives, and can stop and start reading. Every method runs on the reactor
 * thread; the nio test reads the counters there too.
 */
final class PatternPeer extends BaseProtocol implements PushProducer, TlsHandshakeListener {
  private static final int CHUNK = 16 * 1024;

  private final long toSend;
  private final boolean readingPausedAtStart;
  private boolean closeWhenSent;
  private final ByteBuffer chunk = ByteBuffer.allocate(CHUNK);
  private long sent;
  private long received;
  private long mismatches;
  private int pauses;
  private boolean paused;
  private boolean producing;
  private boolean handshakeDone;
  private ConnectionEndedException lost;

  private PatternPeer(long toSend, boolean readingPausedAtStart) {
    this.toSend = toSend;
    this.readingPausedAtStart = readingPausedAtStart;
  }

  /** Sends {@code total} bytes and reads what comes. */
  static PatternPeer sending(long total) {
    return new PatternPeer(total, false);
  }

  /** Sends {@code total} bytes, then closes cleanly; reads what comes. */
  static PatternPeer sendingThenClosing(long total) {
    PatternPeer peer = new PatternPeer(total, false);
    peer.closeWhenSent = true;
    return peer;
  }

  /** Sends nothing, reads what comes. */
  static PatternPeer reading() {
    return new PatternPeer(0, false);
  }

  /** Sends nothing and does not read until {@link #resumeReading()}. */
  static PatternPeer notReading() {
    return new PatternPeer(0, true);
  }

  /** Sends {@code total} bytes and does not read until {@link #resumeReading()}. */
  static PatternPeer sendingNotReading(long total) {
    return new PatternPeer(total, true);
  }

  static byte pattern(long position) {
    return (byte) (position * 31 + (position >>> 13));
  }

  @Override
  public void connectionMade() {
    if (readingPausedAtStart) {
      transport().pauseProducing();
    }
    if (!(transport() instanceof TlsTransport)) {
      startSending();
    }
  }

  @Override
  public void handshakeCompleted(TlsSession session) {
    handshakeDone = true;
    startSending();
  }

  private void startSending() {
    if (toSend > 0) {
      transport().registerProducer(this, true);
      resumeProducing();
    }
  }

  /** Writes the next {@code n} bytes of the pattern now, at most 16 KiB, producer or not. */
  void sendNow(int n) {
    chunk.clear();
    for (int i = 0; i < n; i++) {
      chunk.put(pattern(sent + i));
    }
    chunk.flip();
    sent += n;
    transport().write(chunk);
  }

  void pauseReading() {
    transport().pauseProducing();
  }

  void resumeReading() {
    transport().resumeProducing();
  }

  @Override
  public void dataReceived(ByteBuffer data) {
    while (data.hasRemaining()) {
      if (data.get() != pattern(received)) {
        mismatches++;
      }
      received++;
    }
  }

  @Override
  public void pauseProducing() {
    if (!paused) {
      pauses++;
    }
    paused = true;
  }

  @Override
  public void resumeProducing() {
    paused = false;
    if (producing) {
      return;
    }
    producing = true;
    try {
      while (!paused && sent < toSend) {
        chunk.clear();
        int n = (int) Math.min(CHUNK, toSend - sent);
        for (int i = 0; i < n; i++) {
          chunk.put(pattern(sent + i));
        }
        chunk.flip();
        sent += n;
        transport().write(chunk);
      }
      if (sent >= toSend && toSend > 0) {
        transport().unregisterProducer();
        if (closeWhenSent) {
          transport().loseConnection();
        }
      }
    } finally {
      producing = false;
    }
  }

  @Override
  public void stopProducing() {
    paused = true;
  }

  @Override
  public void connectionLost(ConnectionEndedException reason) {
    lost = reason;
  }

  long sent() {
    return sent;
  }

  long received() {
    return received;
  }

  long mismatches() {
    return mismatches;
  }

  int pauses() {
    return pauses;
  }

  boolean isPaused() {
    return paused;
  }

  boolean isHandshakeDone() {
    return handshakeDone;
  }

  ConnectionEndedException lost() {
    return lost;
  }
}
