package dev.weft.samples.udp;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * The wire format of the DNS-style A-record lookup, far smaller than DNS's own: a query is
 * {@code id (2 bytes), name length (1), name (ASCII)}; an answer is
 * {@code id (2), status (1: 0 found, 3 no such name), IPv4 address (4)}. Anything else is
 * malformed and ignored by both sides, as a UDP service ignores garbage.
 */
final class ARecordMessages {
  static final int FOUND = 0;
  static final int NO_SUCH_NAME = 3;
  static final int ANSWER_SIZE = 7;
  static final int MAX_NAME = 255;

  private ARecordMessages() {}

  static byte[] query(int id, String name) {
    byte[] ascii = name.getBytes(StandardCharsets.US_ASCII);
    return ByteBuffer.allocate(3 + ascii.length)
        .putShort((short) id).put((byte) ascii.length).put(ascii).array();
  }

  /** A parsed query, or null if malformed. */
  record Query(int id, String name) {}

  static @Nullable Query parseQuery(ByteBuffer datagram) {
    if (datagram.remaining() < 3) {
      return null;
    }
    int id = datagram.getShort() & 0xFFFF;
    int length = datagram.get() & 0xFF;
    if (datagram.remaining() != length) {
      return null;
    }
    byte[] ascii = new byte[length];
    datagram.get(ascii);
    return new Query(id, new String(ascii, StandardCharsets.US_ASCII));
  }

  static byte[] answer(int id, @Nullable InetAddress address) {
    ByteBuffer out = ByteBuffer.allocate(ANSWER_SIZE).putShort((short) id);
    if (address == null) {
      out.put((byte) NO_SUCH_NAME).putInt(0);
    } else {
      out.put((byte) FOUND).put(address.getAddress());
    }
    return out.array();
  }

  /** A parsed answer, or null if malformed; {@code address} is null for "no such name". */
  record Answer(int id, @Nullable InetAddress address) {}

  static @Nullable Answer parseAnswer(ByteBuffer datagram) {
    if (datagram.remaining() != ANSWER_SIZE) {
      return null;
    }
    int id = datagram.getShort() & 0xFFFF;
    int status = datagram.get() & 0xFF;
    byte[] raw = new byte[4];
    datagram.get(raw);
    if (status == NO_SUCH_NAME) {
      return new Answer(id, null);
    }
    if (status != FOUND) {
      return null;
    }
    try {
      return new Answer(id, InetAddress.getByAddress(raw));
    } catch (UnknownHostException impossible) {
      return null;
    }
  }
}
