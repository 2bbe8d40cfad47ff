package dev.weft.reactor.testing;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * One datagram as the fakes record it: who sent it, where to, and its bytes. Equal when all three
 * are (the bytes compared by content).
 *
 * @param from the sending port's address as the receiver sees it
 * @param to the destination
 * @param data the bytes; the record keeps its own copy
 */
public record Datagram(InetSocketAddress from, InetSocketAddress to, byte[] data) {

  /**
   * Checks and copies the components.
   *
   * @param from the sender
   * @param to the destination
   * @param data the bytes, copied
   */
  public Datagram {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    data = Objects.requireNonNull(data, "data").clone();
  }

  /**
   * Returns a copy of the bytes.
   *
   * @return the datagram's bytes, a fresh array
   */
  @Override
  public byte[] data() {
    return data.clone();
  }

  /**
   * Returns the length in bytes.
   *
   * @return the size
   */
  public int size() {
    return data.length;
  }

  /**
   * Decodes the bytes as UTF-8, for assertions on text protocols.
   *
   * @return the text
   */
  public String utf8() {
    return new String(data, StandardCharsets.UTF_8);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Datagram d && from.equals(d.from) && to.equals(d.to)
        && Arrays.equals(data, d.data);
  }

  @Override
  public int hashCode() {
    return Objects.hash(from, to, Arrays.hashCode(data));
  }

  @Override
  public String toString() {
    return "Datagram[" + from + " -> " + to + ", " + data.length + " bytes]";
  }
}
