package dev.weft.reactor.protocols;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The bytes received but not yet framed, between a read index and a write index of a growable
 * array. The framing protocols copy incoming buffers in here because the reactor's buffers are
 * valid only during {@code dataReceived}.
 *
 * <p><b>Linear by construction.</b> Consuming bytes only moves the read index; nothing is moved
 * per frame. Bytes move in two cases only, each paid for by bytes that came before: when an
 * append does not fit and the consumed prefix is at least as long as the unread bytes (the move
 * costs no more than what was consumed since the last move), and when the array grows (doubling,
 * so the copies sum to at most the final capacity). {@link #trim()} gives back a large array
 * once it is mostly empty, so one big read does not pin its memory for the life of the
 * connection. Indexes given to and returned by the methods are relative to the first unread
 * byte.
 *
 * <p><b>Pinning.</b> While a read-only {@link #view()} of the unread bytes is handed to user code,
 * the accumulator is {@link #pin() pinned}: bytes are never moved within the array, so the view
 * (and any buffer the user derived from it) keeps its content even if bytes are appended.
 *
 * <p>Not thread-safe; the reactor thread owns it.
 */
final class ByteAccumulator {
  static final int INITIAL_CAPACITY = 256;
  // A larger array is released by trim() once three quarters of it are free. Twice the nio
  // reactor's 64 KiB read, so a connection reading full buffers with a partial frame left over
  // settles on one array instead of growing and shrinking on every read.
  static final int RETAINED_CAPACITY = 128 * 1024;

  private byte[] bytes = new byte[INITIAL_CAPACITY];
  private int start;
  private int end;
  private boolean pinned;
  // Test seam: every byte written into an array by this accumulator, so tests can assert that
  // framing costs a constant number of copies per byte received, whatever the frames per read.
  private long bytesCopied;

  int size() {
    return end - start;
  }

  boolean isEmpty() {
    return end == start;
  }

  /** Returns the byte {@code index} bytes after the first unread one. */
  byte get(int index) {
    return bytes[start + index];
  }

  /** Appends the remaining bytes of {@code data}, consuming them. */
  void append(ByteBuffer data) {
    int n = data.remaining();
    makeRoom(n);
    data.get(bytes, end, n);
    end += n;
    bytesCopied += n;
  }

  private void makeRoom(int extra) {
    if (bytes.length - end >= extra) {
      return;
    }
    int size = size();
    if (!pinned && start >= size && bytes.length - size >= extra) {
      // The move costs at most what was consumed since the last move.
      System.arraycopy(bytes, start, bytes, 0, size);
      bytesCopied += size;
      start = 0;
      end = size;
      return;
    }
    long wanted = Math.max((long) size + extra, 2L * bytes.length);
    if (wanted > Integer.MAX_VALUE - 8) {
      if ((long) size + extra > Integer.MAX_VALUE - 8) {
        throw new IllegalStateException("cannot buffer " + size + " + " + extra
            + " bytes in one array; lower the maximum frame length");
      }
      wanted = Integer.MAX_VALUE - 8;
    }
    reallocate((int) wanted);
  }

  private void reallocate(int capacity) {
    byte[] fresh = new byte[capacity];
    int size = size();
    System.arraycopy(bytes, start, fresh, 0, size);
    bytesCopied += size;
    bytes = fresh;
    start = 0;
    end = size;
  }

  /**
   * Returns where {@code needle} starts at or after {@code from}, or -1.
   *
   * @param from a relative index, not negative
   */
  int indexOf(byte[] needle, int from) {
    byte first = needle[0];
    int last = end - needle.length;
    outer:
    for (int i = start + from; i <= last; i++) {
      if (bytes[i] != first) {
        continue;
      }
      for (int j = 1; j < needle.length; j++) {
        if (bytes[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i - start;
    }
    return -1;
  }

  /**
   * Returns how many of the last unread bytes could begin {@code needle}: the length of the
   * longest suffix of the unread bytes that is a proper prefix of {@code needle}.
   */
  int partialMatchAtEnd(byte[] needle) {
    for (int k = Math.min(needle.length - 1, size()); k > 0; k--) {
      if (Arrays.equals(bytes, end - k, end, needle, 0, k)) {
        return k;
      }
    }
    return 0;
  }

  /** Returns a copy of the first {@code n} unread bytes and consumes them. */
  byte[] take(int n) {
    byte[] out = Arrays.copyOfRange(bytes, start, start + n);
    bytesCopied += n;
    skip(n);
    return out;
  }

  /** Consumes {@code n} unread bytes without copying them. */
  void skip(int n) {
    start += n;
    if (start == end && !pinned) {
      start = 0;
      end = 0;
    }
  }

  /** Returns a read-only view of the unread bytes; pin the accumulator while it is in use. */
  ByteBuffer view() {
    return ByteBuffer.wrap(bytes, start, size()).slice().asReadOnlyBuffer();
  }

  /** Keeps bytes where they are until {@link #unpin()}, so views stay valid. */
  void pin() {
    pinned = true;
  }

  void unpin() {
    pinned = false;
    if (start == end) {
      start = 0;
      end = 0;
    }
  }

  /**
   * Releases a large array that is mostly empty, so the memory one big read needed is not held
   * for the rest of the connection. Call it when a read has been framed.
   */
  void trim() {
    if (!pinned && bytes.length > RETAINED_CAPACITY && size() <= bytes.length / 4) {
      reallocate(Math.max(INITIAL_CAPACITY, 2 * size()));
    }
  }

  /** Returns the length of the array, a test seam for {@link #trim()}. */
  int capacity() {
    return bytes.length;
  }

  /** Returns every byte this accumulator has written into an array; a test seam. */
  long bytesCopied() {
    return bytesCopied;
  }
}
