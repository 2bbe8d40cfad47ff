package dev.weft.reactor.testing.net;

import java.time.Duration;

/** Java source text for values, so faults and plans print as expressions that recreate them. */
final class JavaText {
  private JavaText() {}

  /** A Java string literal for {@code text}, escaped so it compiles and reads back equal. */
  static String string(String text) {
    StringBuilder out = new StringBuilder(text.length() + 2).append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '\r' -> out.append("\\r");
        case '\n' -> out.append("\\n");
        case '\t' -> out.append("\\t");
        case '\\' -> out.append("\\\\");
        case '"' -> out.append("\\\"");
        default -> {
          if (c >= 0x20 && c < 0x7f) {
            out.append(c);
          } else {
            out.append(String.format("\\u%04x", (int) c));
          }
        }
      }
    }
    return out.append('"').toString();
  }

  /** The shortest {@code Duration.ofX(n)} expression that recreates {@code d} exactly. */
  static String duration(Duration d) {
    long nanos = d.toNanos();
    if (nanos % 1_000_000_000L == 0) {
      return "Duration.ofSeconds(" + nanos / 1_000_000_000L + ")";
    }
    if (nanos % 1_000_000L == 0) {
      return "Duration.ofMillis(" + nanos / 1_000_000L + ")";
    }
    return "Duration.ofNanos(" + nanos + "L)";
  }

  /**
   * A {@code new X("message")} expression for an exception: the simple name for Weft's and the
   * JDK's {@code java.lang} types (a test imports those), the full name otherwise.
   */
  static String exception(Throwable e) {
    Class<?> type = e.getClass();
    String pkg = type.getPackageName();
    String name = pkg.equals("dev.weft.reactor") || pkg.equals("java.lang")
        ? type.getSimpleName() : type.getName().replace('$', '.');
    String message = e.getMessage();
    return "new " + name + "(" + (message == null ? "" : string(message)) + ")";
  }
}
