package dev.weft.reactor.nio.internal;

import java.nio.ByteBuffer;

/**
 * Direct buffers of one size that the loop's connections borrow to queue the bytes a socket did
 * not take at once, and give back once written. Direct, so a flush hands them to the kernel as
 * they are (the JDK copies a heap buffer into a temporary direct one on every write); pooled, so a
 * stream that keeps its queue busy allocates and zeroes nothing. The pool keeps at most
 * {@link #MAX_KEPT} idle buffers; beyond that, given-back buffers are left to the collector. Loop
 * thread only.
 */
final class ChunkPool {
  /** Small enough that a connection queuing a few bytes pins little, big enough for few iovecs. */
  static final int CHUNK_SIZE = 4096;
  /** At most 4 MiB kept idle per loop. */
  static final int MAX_KEPT = 1024;

  private final ByteBuffer[] kept = new ByteBuffer[MAX_KEPT];
  private int count;
  private long allocated;

  /**
   * Lends an empty buffer of {@link #CHUNK_SIZE} bytes, position 0, limit at capacity.
   *
   * @return a buffer the caller owns until {@link #give} (never {@code null})
   */
  ByteBuffer take() {
    if (count > 0) {
      ByteBuffer b = kept[--count];
      kept[count] = null;
      return b;
    }
    allocated++;
    return ByteBuffer.allocateDirect(CHUNK_SIZE);
  }

  /**
   * Takes back a buffer lent by {@link #take}; the caller must not use it again.
   *
   * @param chunk the buffer
   */
  void give(ByteBuffer chunk) {
    if (count < MAX_KEPT) {
      chunk.clear();
      kept[count++] = chunk;
    }
  }

  /** How many idle buffers the pool holds; for tests. */
  int kept() {
    return count;
  }

  /** How many buffers the pool has allocated in all; for tests. */
  long allocated() {
    return allocated;
  }
}
