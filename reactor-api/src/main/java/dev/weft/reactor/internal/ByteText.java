package dev.weft.reactor.internal;

/**
 * Bytes as a quoted line a person can read and a parser can read back: printable ASCII as is,
 * {@code \r \n \t \\ \"} escaped, every other byte as {@code \xNN} (lower-case hex). One rule for
 * the recording format and for every excerpt the fakes print (traces, scripted-peer diffs), so a
 * byte looks the same wherever it is shown.
 */
public final class ByteText {
  private ByteText() {}

  /**
   * Quotes {@code data[from..to)}.
   *
   * @param data the bytes
   * @param from the first index, inclusive
   * @param to the last index, exclusive
   * @return the bytes between double quotes, escaped
   */
  public static String quote(byte[] data, int from, int to) {
    StringBuilder out = new StringBuilder(to - from + 2).append('"');
    for (int i = from; i < to; i++) {
      int b = data[i] & 0xff;
      switch (b) {
        case '\r' -> out.append("\\r");
        case '\n' -> out.append("\\n");
        case '\t' -> out.append("\\t");
        case '\\' -> out.append("\\\\");
        case '"' -> out.append("\\\"");
        default -> {
          if (b >= 0x20 && b < 0x7f) {
            out.append((char) b);
          } else {
            out.append("\\x").append(Character.forDigit(b >> 4, 16))
                .append(Character.forDigit(b & 0xf, 16));
          }
        }
      }
    }
    return out.append('"').toString();
  }
}
