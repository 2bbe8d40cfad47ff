package dev.weft.reactor.testing.conformance;

import dev.weft.reactor.BaseProtocol;
import dev.weft.reactor.PushProducer;
import dev.weft.reactor.tls.TlsHandshakeListener;
import dev.weft.reactor.tls.TlsSession;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32;

/**
 * Writes {@link #pattern(long) a known byte pattern} as a push producer, as fast as its transport
 * lets it, from the moment the TLS handshake completes (or, {@link #overTcp(long) over plain
 * TCP}, the connection is made); records how often it was paused, the most its transport ever
 * buffered, and a CRC-32 of what it wrote.
 */
final class PatternProducer extends BaseProtocol implements PushProducer, TlsHandshakeListener {
  /** What the transport may buffer at most: the high-water mark plus a chunk, with room to spare. */
  static final long BOUND = 256 * 1024;
  private static final int CHUNK = 16 * 1024;

  private final long total;
  private final AtomicInteger pauses = new AtomicInteger();
  private final AtomicLong maxPending = new AtomicLong();
  private final ByteBuffer chunk = ByteBuffer.allocate(CHUNK);
  private final CRC32 crc = new CRC32();
  private boolean startOnConnect;
  private long sent;
  private boolean paused;
  private boolean producing;

  PatternProducer(long total) {
    this.total = total;
  }

  /** A producer that starts when the connection is made, for plain TCP. */
  static PatternProducer overTcp(long total) {
    PatternProducer producer = new PatternProducer(total);
    producer.startOnConnect = true;
    return producer;
  }

  @Override
  public void connectionMade() {
    if (startOnConnect) {
      start();
    }
  }

  /** The byte at {@code position} of the stream. */
  static byte pattern(long position) {
    return (byte) (position * 7 + (position >>> 11));
  }

  @Override
  public void handshakeCompleted(TlsSession session) {
    start();
  }

  private void start() {
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
        crc.update(chunk.array(), 0, n);
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

  /** The CRC-32 of every byte written so far. */
  long checksum() {
    return crc.getValue();
  }

  long sent() {
    return sent;
  }

  int pauses() {
    return pauses.get();
  }

  long maxPendingBytes() {
    return maxPending.get();
  }
}
