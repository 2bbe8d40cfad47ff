package dev.weft.reactor.testing.conformance;

import dev.weft.reactor.BaseProtocol;
import dev.weft.reactor.ReactorTime;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32;

/**
 * Counts what arrives and checks it against {@link PatternProducer#pattern(long)}; every
 * {@link #PAUSE_EVERY} bytes it stops reading for a millisecond of reactor time, and counts any
 * byte delivered while it had stopped. Keeps a CRC-32 of what arrived.
 */
final class PatternChecker extends BaseProtocol {
  static final long PAUSE_EVERY = 8L * 1024 * 1024;

  private final ReactorTime time;
  private final AtomicLong received = new AtomicLong();
  private final AtomicLong mismatches = new AtomicLong();
  private final AtomicInteger pauses = new AtomicInteger();
  private final AtomicInteger deliveredWhilePaused = new AtomicInteger();
  private final CRC32 crc = new CRC32();
  private volatile long checksum;
  private boolean paused;

  PatternChecker(ReactorTime time) {
    this.time = time;
  }

  @Override
  public void dataReceived(ByteBuffer data) {
    if (paused) {
      deliveredWhilePaused.incrementAndGet();
    }
    long position = received.get();
    int n = data.remaining();
    crc.update(data.duplicate());
    checksum = crc.getValue();
    long bad = PatternProducer.mismatches(data, position);
    data.position(data.limit());
    if (bad > 0) {
      mismatches.addAndGet(bad);
    }
    received.addAndGet(n);
    if ((position + n) / PAUSE_EVERY > position / PAUSE_EVERY) {
      paused = true;
      pauses.incrementAndGet();
      transport().pauseProducing();
      time.callLater(Duration.ofMillis(1), () -> {
        paused = false;
        transport().resumeProducing();
      });
    }
  }

  long received() {
    return received.get();
  }

  /** The CRC-32 of every byte received so far. */
  long checksum() {
    return checksum;
  }

  long mismatches() {
    return mismatches.get();
  }

  int pauses() {
    return pauses.get();
  }

  int deliveredWhilePaused() {
    return deliveredWhilePaused.get();
  }
}
