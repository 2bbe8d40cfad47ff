package dev.weft.reactor.testing.conformance;

import dev.weft.reactor.PullProducer;
import dev.weft.reactor.Transport;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A pull producer that writes one chunk each time its transport asks, a fixed number of times,
 * then unregisters; records its transport's pending bytes at each ask.
 */
final class ChunkPuller extends ChunkWriter implements PullProducer {

  /** Pending bytes at each ask, in order. */
  final List<Long> pendingAtAsk = new CopyOnWriteArrayList<>();
  private final int chunks;
  private volatile int written;

  ChunkPuller(int chunks) {
    this.chunks = chunks;
  }

  @Override
  public void resumeProducing() {
    Transport t = transport();
    pendingAtAsk.add(t.pendingBytes());
    if (written < chunks) {
      written++;
      t.write(new byte[CHUNK]);
    } else {
      t.unregisterProducer();
    }
  }

  int written() {
    return written;
  }
}
