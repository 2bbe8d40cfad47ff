package dev.weft.reactor.testing.conformance;

import dev.weft.reactor.PushProducer;
import dev.weft.reactor.Transport;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A push producer that writes {@link #CHUNK}-byte chunks for as long as it is not paused, and
 * records its transport's pending bytes each time it is paused or resumed, so a scenario can hold
 * the pacing to the water marks.
 */
final class WaterMarkProducer extends ChunkWriter implements PushProducer {
  /** A bound on what it writes, so that a reactor that never pauses it fails fast. */
  static final long MAX = 256L * 1024 * 1024;

  /** Pending bytes at each pause, in order. */
  final List<Long> pendingAtPause = new CopyOnWriteArrayList<>();
  /** Pending bytes at each resume, in order. */
  final List<Long> pendingAtResume = new CopyOnWriteArrayList<>();
  private final byte[] chunk = new byte[CHUNK];
  private volatile long written;
  private boolean paused;
  private boolean producing;
  private boolean finished;

  /** Registers as the transport's push producer and starts writing; reactor thread. */
  void start() {
    transport().registerProducer(this, true);
    produce();
  }

  /** Stops writing for good and unregisters; reactor thread. */
  void finish() {
    finished = true;
    transport().unregisterProducer();
  }

  @Override
  public void pauseProducing() {
    pendingAtPause.add(transport().pendingBytes());
    paused = true;
  }

  @Override
  public void resumeProducing() {
    pendingAtResume.add(transport().pendingBytes());
    paused = false;
    produce();
  }

  private void produce() {
    if (producing) {
      return;
    }
    producing = true;
    try {
      Transport t = transport();
      while (!paused && !finished && !isStopped() && written < MAX) {
        t.write(chunk);
        written += CHUNK;
      }
    } finally {
      producing = false;
    }
  }

  long written() {
    return written;
  }

  boolean isPaused() {
    return paused;
  }
}
