package dev.weft.reactor.nio.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.GatheringByteChannel;

/**
 * The bytes a connection could not write at once: a ring of owned buffers written with gathering
 * writes straight from the ring's backing array, so flushing allocates nothing. Loop thread only.
 */
final class WriteQueue {
  // Linux accepts at most 1024 buffers per writev (IOV_MAX).
  private static final int MAX_GATHER = 1024;
  // Small enough not to matter per idle connection, big enough to batch small writes.
  private static final int MIN_CHUNK = 4096;
  private ByteBuffer[] items = new ByteBuffer[16];
  private int head;
  private int size;
  private long bytes;

  boolean isEmpty() {
    return size == 0;
  }

  long bytes() {
    return bytes;
  }

  /**
   * Copies the remaining bytes of {@code data} into the queue without moving its position: into
   * the spare room of the last chunk when they fit, so a burst of small writes costs neither an
   * allocation nor an extra buffer per write.
   */
  void copyIn(ByteBuffer data) {
    int n = data.remaining();
    if (size > 0) {
      ByteBuffer tail = items[(head + size - 1) & (items.length - 1)];
      int end = tail.limit();
      if (tail.capacity() - end >= n) {
        tail.limit(end + n);
        tail.put(end, data, data.position(), n);
        bytes += n;
        return;
      }
    }
    ByteBuffer chunk = ByteBuffer.allocate(Math.max(n, MIN_CHUNK));
    chunk.put(0, data, data.position(), n);
    chunk.limit(n);
    add(chunk);
  }

  private void add(ByteBuffer owned) {
    if (size == items.length) {
      grow();
    }
    items[(head + size) & (items.length - 1)] = owned;
    size++;
    bytes += owned.remaining();
  }

  private void grow() {
    ByteBuffer[] bigger = new ByteBuffer[items.length * 2];
    for (int i = 0; i < size; i++) {
      bigger[i] = items[(head + i) & (items.length - 1)];
    }
    items = bigger;
    head = 0;
  }

  /**
   * Writes as much as the channel takes.
   *
   * @return the number of bytes written
   */
  long flushTo(GatheringByteChannel channel) throws IOException {
    long total = 0;
    while (size > 0) {
      int run = Math.min(Math.min(size, items.length - head), MAX_GATHER);
      long written = run == 1 ? channel.write(items[head]) : channel.write(items, head, run);
      total += written;
      int done = 0;
      while (size > 0 && !items[head].hasRemaining()) {
        items[head] = null;
        head = (head + 1) & (items.length - 1);
        size--;
        done++;
      }
      if (done < run) {
        // The socket buffer is full: wait for OP_WRITE.
        break;
      }
    }
    bytes -= total;
    return total;
  }

  void clear() {
    for (int i = 0; i < size; i++) {
      items[(head + i) & (items.length - 1)] = null;
    }
    head = 0;
    size = 0;
    bytes = 0;
  }
}
