package dev.weft.reactor.protocols;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The bytes received but not yet framed: a growable array with the unconsumed bytes at the front.
 * The framing protocols copy incoming buffers in here because the reactor's buffers are valid
 * only during {@code dataReceived}.
 */
final class ByteAccumulator {
  private byte[] bytes = new byte[256];
  private int size;

  int size() {
    return size;
  }

  byte get(int index) {
    return bytes[index];
  }

  void append(ByteBuffer data) {
    int n = data.remaining();
    ensure(n);
    data.get(bytes, size, n);
    size += n;
  }

  private void ensure(int extra) {
    if (bytes.length - size < extra) {
      long wanted = Math.max((long) size + extra, 2L * bytes.length);
      bytes = Arrays.copyOf(bytes, (int) Math.min(wanted, Integer.MAX_VALUE - 8));
    }
  }

  /** Returns the index of {@code needle} at or after {@code from}, or -1. */
  int indexOf(byte[] needle, int from) {
    int last = size - needle.length;
    outer:
    for (int i = Math.max(0, from); i <= last; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (bytes[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  /** Returns a copy of the first {@code n} bytes and drops them together with {@code skip} more. */
  byte[] take(int n, int skip) {
    byte[] out = Arrays.copyOfRange(bytes, 0, n);
    discard(n + skip);
    return out;
  }

  void discard(int n) {
    System.arraycopy(bytes, n, bytes, 0, size - n);
    size -= n;
  }

  byte[] takeAll() {
    return take(size, 0);
  }

  void clear() {
    size = 0;
  }
}
