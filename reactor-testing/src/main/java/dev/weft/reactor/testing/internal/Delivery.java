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
    byte[] owned = data.clone();
    ByteBuffer buffer = ByteBuffer.wrap(owned).asReadOnlyBuffer();
    try {
      protocol.dataReceived(buffer);
    } finally {
      Arrays.fill(owned, POISON);
      buffer.limit(0);
    }
  }
}
