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

  /**
   * The period of the pattern: a prime, so that it never lines up with chunk or buffer sizes and
   * a chunk delivered twice or out of order shows.
   */
  static final int PERIOD = 65_521;
  /** The pattern, long enough that any run of up to 64 KiB starting within a period is in it. */
  private static final byte[] TABLE = new byte[PERIOD + 64 * 1024];

  static {
    for (int i = 0; i < TABLE.length; i++) {
      int p = i % PERIOD;
      TABLE[i] = (byte) (p * 7 + (p >>> 11));
    }
  }

  /** The byte at {@code position} of the stream. */
  static byte pattern(long position) {
    return TABLE[(int) (position % PERIOD)];
  }

  /**
   * Counts the bytes of {@code data} (position to limit) that differ from the pattern at
   * {@code position} of the stream; leaves {@code data} unchanged.
   */
  static long mismatches(ByteBuffer data, long position) {
    long bad = 0;
    int at = data.position();
    int end = data.limit();
    long stream = position;
    while (at < end) {
      int offset = (int) (stream % PERIOD);
      int n = Math.min(end - at, 64 * 1024);
      ByteBuffer expected = ByteBuffer.wrap(TABLE, offset, n);
      ByteBuffer actual = data.duplicate().position(at).limit(at + n);
      if (actual.mismatch(expected) >= 0) {
        for (int i = 0; i < n; i++) {
          if (data.get(at + i) != TABLE[offset + i]) {
            bad++;
          }
        }
      }
      at += n;
      stream += n;
    }
    return bad;
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
        chunk.put(TABLE, (int) (sent % PERIOD), n);
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
