package dev.weft.reactor.testing.conformance;

import dev.weft.reactor.BaseProtocol;
import dev.weft.reactor.PushProducer;
import dev.weft.reactor.tls.TlsHandshakeListener;
import dev.weft.reactor.tls.TlsSession;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes {@link #pattern(long) a known byte pattern} as a push producer, as fast as its transport
 * lets it, from the moment the TLS handshake completes; records how often it was paused and the
 * most its transport ever buffered.
 */
final class PatternProducer extends BaseProtocol implements PushProducer, TlsHandshakeListener {
  /** What the transport may buffer at most: the high-water mark plus a chunk, with room to spare. */
  static final long BOUND = 256 * 1024;
  private static final int CHUNK = 16 * 1024;

  private final long total;
  private final AtomicInteger pauses = new AtomicInteger();
  private final AtomicLong maxPending = new AtomicLong();
  private final ByteBuffer chunk = ByteBuffer.allocate(CHUNK);
  private long sent;
  private boolean paused;
  private boolean producing;

  PatternProducer(long total) {
    this.total = total;
  }

  /** The byte at {@code position} of the stream. */
  static byte pattern(long position) {
    return (byte) (position * 7 + (position >>> 11));
  }

  @Override
  public void handshakeCompleted(TlsSession session) {
    start();
  }

  /** Registers as the transport's push producer and starts writing; on the reactor thread. */
  void start() {
    transport().registerProducer(this, true);
    resumeProducing();
  }

  @Override
  public void dataReceived(ByteBuffer data) {
    // The checker sends nothing.
  }

  @Override
  public void pauseProducing() {
    paused = true;
    pauses.incrementAndGet();
  }

  @Override
  public void resumeProducing() {
    paused = false;
    if (producing) {
      return;
    }
    producing = true;
    try {
      while (!paused && sent < total) {
        chunk.clear();
        int n = (int) Math.min(CHUNK, total - sent);
        for (int i = 0; i < n; i++) {
          chunk.put(pattern(sent + i));
        }
        chunk.flip();
        sent += n;
        transport().write(chunk);
        maxPending.accumulateAndGet(transport().pendingBytes(), Math::max);
      }
      if (sent >= total) {
        transport().unregisterProducer();
      }
    } finally {
      producing = false;
    }
  }

  @Override
  public void stopProducing() {
    paused = true;
  }

  int pauses() {
    return pauses.get();
  }

  long maxPendingBytes() {
    return maxPending.get();
  }
}
