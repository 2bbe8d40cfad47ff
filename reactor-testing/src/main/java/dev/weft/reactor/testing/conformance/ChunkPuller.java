package dev.weft.reactor.testing.conformance;

import dev.weft.reactor.BaseProtocol;
import dev.weft.reactor.PullProducer;
import dev.weft.reactor.Transport;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A pull producer that writes one chunk each time its transport asks, a fixed number of times,
 * then unregisters; records its transport's pending bytes at each ask.
 */
final class ChunkPuller extends BaseProtocol implements PullProducer {
  static final int CHUNK = 16 * 1024;

  /** Pending bytes at each ask, in order. */
  final List<Long> pendingAtAsk = new CopyOnWriteArrayList<>();
  private final int chunks;
  private volatile int written;
  private volatile boolean stopped;
  private volatile boolean made;

  ChunkPuller(int chunks) {
    this.chunks = chunks;
  }

  @Override
  public void connectionMade() {
    made = true;
  }

  @Override
  public void dataReceived(ByteBuffer data) {
    // The server sends nothing.
  }

  boolean isMade() {
    return made;
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

  @Override
  public void stopProducing() {
    stopped = true;
  }

  int written() {
    return written;
  }

  boolean isStopped() {
    return stopped;
  }

  Transport link() {
    return transport();
  }
}
