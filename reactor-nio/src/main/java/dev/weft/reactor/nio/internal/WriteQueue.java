package dev.weft.reactor.nio.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.GatheringByteChannel;
import org.jspecify.annotations.Nullable;

/**
 * The bytes a connection could not write at once: a ring of direct chunks borrowed from the loop's
 * {@link ChunkPool}, written with gathering writes straight from the ring's backing array and given
 * back as soon as they are written, so flushing allocates and copies nothing and an idle connection
 * holds no buffer at all. Loop thread only.
 */
final class WriteQueue {
  // Linux accepts at most 1024 buffers per writev (IOV_MAX).
  private static final int MAX_GATHER = 1024;
  private static final int FIRST_RING = 8;
  private final ChunkPool pool;
  // Allocated on the first queued write: most connections never queue anything.
  private ByteBuffer @Nullable [] items;
  private int head;
  private int size;
  private long bytes;

  WriteQueue(ChunkPool pool) {
    this.pool = pool;
  }

  boolean isEmpty() {
    return size == 0;
  }

  long bytes() {
    return bytes;
  }

  /**
   * Copies the remaining bytes of {@code data} into the queue without moving its position: first
   * into the spare room of the last chunk, so a burst of small writes shares one chunk, then into
   * as many fresh chunks as the rest needs.
   */
  void copyIn(ByteBuffer data) {
    int from = data.position();
    int n = data.remaining();
    bytes += n;
    if (size > 0) {
      ByteBuffer tail = items[(head + size - 1) & (items.length - 1)];
      int end = tail.limit();
      int take = Math.min(tail.capacity() - end, n);
      if (take > 0) {
        tail.limit(end + take);
        tail.put(end, data, from, take);
        from += take;
        n -= take;
      }
    }
    while (n > 0) {
      ByteBuffer chunk = pool.take();
      int take = Math.min(chunk.capacity(), n);
      chunk.put(0, data, from, take);
      chunk.limit(take);
      add(chunk);
      from += take;
      n -= take;
    }
  }

  private void add(ByteBuffer owned) {
    if (items == null) {
      items = new ByteBuffer[FIRST_RING];
    } else if (size == items.length) {
      grow();
    }
    items[(head + size) & (items.length - 1)] = owned;
    size++;
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
    try {
      while (size > 0) {
        int run = Math.min(Math.min(size, items.length - head), MAX_GATHER);
        long written = run == 1 ? channel.write(items[head]) : channel.write(items, head, run);
        total += written;
        int done = 0;
        while (size > 0 && !items[head].hasRemaining()) {
          pool.give(items[head]);
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
    } finally {
      bytes -= total;
    }
    // The ring may not exist yet: a pull producer or a file region asks for a flush before any
    // byte was queued.
    if (size == 0 && items != null && items.length > FIRST_RING) {
      // A connection that queued a burst once goes back to holding a small ring.
      items = new ByteBuffer[FIRST_RING];
      head = 0;
    }
    return total;
  }

  void clear() {
    for (int i = 0; i < size; i++) {
      int at = (head + i) & (items.length - 1);
      pool.give(items[at]);
      items[at] = null;
    }
    head = 0;
    size = 0;
    bytes = 0;
  }
}
