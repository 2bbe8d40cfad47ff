package dev.weft.reactor.testing.net;

import dev.weft.reactor.internal.ByteText;
import java.util.Arrays;

/** Words for bytes in failure messages: escaped text, hex, and where two byte strings differ. */
final class Bytes {
  /** How many bytes a message shows around the first difference. */
  static final int WINDOW = 48;

  private Bytes() {}

  /**
   * Escapes bytes as Java-like text: printable ASCII as is, {@code \r \n \t \\ \"} escaped,
   * every other byte as {@code \xNN}.
   */
  static String printable(byte[] data, int from, int to) {
    return ByteText.quote(data, from, to);
  }

  /** Hex bytes separated by spaces: {@code 47 45 54}. */
  static String hex(byte[] data, int from, int to) {
    StringBuilder out = new StringBuilder((to - from) * 3);
    for (int i = from; i < to; i++) {
      if (i > from) {
        out.append(' ');
      }
      out.append(String.format("%02x", data[i] & 0xff));
    }
    return out.toString();
  }

  /** Escaped text of at most {@link #WINDOW} bytes from the start, with the total if cut. */
  static String excerpt(byte[] data) {
    int shown = Math.min(data.length, WINDOW);
    return printable(data, 0, shown)
        + (shown < data.length ? "... (" + data.length + " bytes)" : "");
  }

  /** The offset of the first byte where the two differ within the shorter, or -1. */
  static int firstDifference(byte[] expected, byte[] actual) {
    int n = Math.min(expected.length, actual.length);
    int at = Arrays.mismatch(expected, 0, n, actual, 0, n);
    return at;
  }

  /**
   * Describes how {@code actual} differs from {@code expected} at {@code offset}: both as
   * escaped text and hex, from a little before the difference, at most {@link #WINDOW} bytes
   * each.
   *
   * @param base the offset of the first byte of both within the connection's stream
   */
  static String diff(byte[] expected, byte[] actual, int offset, long base) {
    int from = Math.max(0, offset - 8);
    int expectedTo = Math.min(expected.length, from + WINDOW);
    int actualTo = Math.min(actual.length, from + WINDOW);
    String lead = from > 0 ? "..." : "";
    String nl = System.lineSeparator();
    return "first difference at byte " + offset + " of the step (byte " + (base + offset)
        + " of what the peer received), showing from byte " + from + ":" + nl
        + "  expected: " + lead + printable(expected, from, expectedTo)
        + (expectedTo < expected.length ? "..." : "") + nl
        + "  actual:   " + lead + printable(actual, from, actualTo)
        + (actualTo < actual.length ? "..." : "") + nl
        + "  expected hex: " + hex(expected, from, expectedTo) + nl
        + "  actual hex:   " + hex(actual, from, actualTo);
  }
}
