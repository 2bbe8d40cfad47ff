package dev.weft.reactor.nio;

import dev.weft.reactor.PushProducer;
import dev.weft.reactor.Transport;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A push producer that writes {@code total} bytes of a position-derived pattern in fixed chunks,
 * as fast as the transport lets it, then unregisters and optionally closes. Records pauses and
 * the most bytes the transport ever buffered. Reactor thread only, except the atomic counters.
 */
final class PatternProducer implements PushProducer {
  final AtomicInteger pauses = new AtomicInteger();
  final AtomicInteger resumes = new AtomicInteger();
  final AtomicLong maxPending = new AtomicLong();
  final AtomicLong sent = new AtomicLong();
  volatile boolean stopped;
  private final Transport transport;
  private final long total;
  private final boolean closeWhenDone;
  private final ByteBuffer chunk;
  private boolean paused;

  PatternProducer(Transport transport, long total, int chunkSize, boolean closeWhenDone) {
    this.transport = transport;
    this.total = total;
    this.closeWhenDone = closeWhenDone;
    this.chunk = ByteBuffer.allocate(chunkSize);
  }

  static byte patternAt(long position) {
    return (byte) (position ^ (position >>> 8) ^ (position >>> 16) ^ (position >>> 24));
  }

  void start() {
    transport.registerProducer(this, true);
    resumeProducing();
  }

  @Override
  public void pauseProducing() {
    paused = true;
    pauses.incrementAndGet();
  }

  @Override
  public void resumeProducing() {
    if (stopped) {
      return;
    }
    resumes.incrementAndGet();
    paused = false;
    long position = sent.get();
    while (!paused && position < total && !transport.isDisconnecting()) {
      int n = (int) Math.min(chunk.capacity(), total - position);
      chunk.clear();
      for (int i = 0; i < n; i++) {
        chunk.put(patternAt(position + i));
      }
      chunk.flip();
      transport.write(chunk);
      position += n;
      sent.set(position);
      maxPending.accumulateAndGet(transport.pendingBytes(), Math::max);
    }
    if (position >= total && !transport.isDisconnecting()) {
      transport.unregisterProducer();
      if (closeWhenDone) {
        transport.loseConnection();
      }
    }
  }

  @Override
  public void stopProducing() {
    stopped = true;
  }
}
