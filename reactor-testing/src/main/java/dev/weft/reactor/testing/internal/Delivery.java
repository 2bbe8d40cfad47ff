package dev.weft.reactor.testing.internal;

import dev.weft.reactor.Protocol;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Hands bytes to {@link Protocol#dataReceived(ByteBuffer)} under the ownership rule of that
 * method: the buffer is read-only, and once the call returns its bytes are overwritten and its
 * limit set to zero, so a protocol that kept it reads garbage or nothing instead of the data.
 */
public final class Delivery {
  /** The byte that overwrites a delivered buffer: an unlikely value in text and in lengths. */
  public static final byte POISON = (byte) 0xEE;

  private Delivery() {}

  /**
   * Delivers a copy of {@code data} to {@code protocol}; exceptions propagate.
   *
   * @param protocol the receiver
   * @param data the bytes; not kept, not changed
   */
  public static void dataReceived(Protocol protocol, byte[] data) {
    dataReceived(protocol, data.clone(), 0, data.length, true);
  }

  /**
   * Delivers {@code length} bytes of {@code array} from {@code offset} to {@code protocol}
   * without copying them; exceptions propagate. The protocol gets a read-only view whose limit is
   * set to zero after the call, so a kept buffer reads nothing. With {@code poison} the bytes are
   * overwritten after the call too, so a kept duplicate reads garbage; without it (the array is
   * shared, for instance with a transport's record of what was written) they are left alone.
   *
   * @param protocol the receiver
   * @param array the bytes
   * @param offset where they start
   * @param length how many
   * @param poison whether the caller owns the range and it may be overwritten after the call
   */
  public static void dataReceived(
      Protocol protocol, byte[] array, int offset, int length, boolean poison) {
    ByteBuffer buffer = ByteBuffer.wrap(array, offset, length).slice().asReadOnlyBuffer();
    try {
      protocol.dataReceived(buffer);
    } finally {
      if (poison) {
        Arrays.fill(array, offset, offset + length, POISON);
      }
      buffer.limit(0);
    }
  }
}
