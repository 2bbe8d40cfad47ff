package dev.weft.reactor.recording;

import dev.weft.reactor.internal.ByteText;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One recorded TCP session: what the client and the server sent each other, in order, with
 * their relative timing, and how each side ended. Immutable and thread-safe.
 *
 * <p><b>The text format</b> (version 1), small and meant to be read and edited by hand:
 * <pre>
 * # weft recording 1
 * # recorded on the server: client 127.0.0.1:53122, server 127.0.0.1:8080
 * +0ms &gt; "GET /pages/1 HTTP/1.1\r\n"
 *         "Host: 127.0.0.1:8080\r\n"
 *         "\r\n"
 * +1.25ms &lt; "HTTP/1.1 200 OK\r\n"
 *           "Content-Length: 6\r\n\r\n\xc3\xa9t\xc3\xa9!"
 * +0ms &lt; close
 * </pre>
 * <ul>
 *   <li>The first line is {@code # weft recording 1}. Other lines starting with {@code #} are
 *       comments (kept in {@link #comments()}); blank lines are ignored.
 *   <li>An entry is {@code +DELAY DIRECTION WHAT}. {@code DELAY} is the time since the previous
 *       entry (or the connection) as a decimal number and a unit, {@code ns}, {@code us},
 *       {@code ms} or {@code s}. {@code DIRECTION} is {@code >} for what the client sent and
 *       {@code <} for what the server sent. {@code WHAT} is a quoted string of bytes, or
 *       {@code close} (a clean close: FIN after the bytes), {@code half-close} (the sender's
 *       output ended; it still reads) or {@code reset} (an abort, or a connection lost).
 *   <li>A quoted string holds printable ASCII as itself and escapes {@code \r \n \t \\ \"} and
 *       any other byte as {@code \xNN} (two hex digits), so binary protocols record too. A line
 *       that starts with white space and a quote continues the bytes of the entry above; the
 *       writer breaks after each {@code \n} and every 64 bytes.
 * </ul>
 *
 * <p>Record one with {@link SessionRecorder} (on any reactor; the timing is the reactor's time),
 * replay either side with reactor-testing's {@code ScriptedPeer.Builder.replay}.
 */
public final class Recording {
  /** The first line of every recording. */
  public static final String HEADER = "# weft recording 1";

  private static final int LINE_BYTES = 64;

  private final List<String> comments;
  private final List<Entry> entries;

  /** Which end of the connection. */
  public enum Side {
    /** The end that connected. */
    CLIENT,
    /** The end that accepted. */
    SERVER;

    /**
     * Returns the other end.
     *
     * @return {@link #SERVER} for {@link #CLIENT} and the other way round
     */
    public Side other() {
      return this == CLIENT ? SERVER : CLIENT;
    }
  }

  /** What one entry is. */
  public enum Action {
    /** Bytes the side sent. */
    DATA,
    /** The side closed the connection cleanly. */
    CLOSE,
    /** The side closed its output and still reads. */
    HALF_CLOSE,
    /** The side reset the connection, or the connection was lost. */
    RESET
  }

  /**
   * One thing a side did.
   *
   * @param delay the time since the previous entry, or since the connection for the first
   * @param from the side that did it
   * @param action what it did
   * @param data the bytes for {@link Action#DATA} (not empty), empty otherwise; the record keeps
   *     a copy and {@link #data()} returns a copy
   */
  public record Entry(Duration delay, Side from, Action action, byte[] data) {
    /**
     * Checks the components.
     *
     * @param delay not negative
     * @param from the side
     * @param action what it did
     * @param data bytes for {@link Action#DATA}, none otherwise
     * @throws IllegalArgumentException if {@code delay} is negative, or the bytes do not fit the
     *     action
     */
    public Entry {
      Objects.requireNonNull(delay, "delay");
      Objects.requireNonNull(from, "from");
      Objects.requireNonNull(action, "action");
      Objects.requireNonNull(data, "data");
      if (delay.isNegative()) {
        throw new IllegalArgumentException("delay must not be negative: " + delay);
      }
      if ((action == Action.DATA) == (data.length == 0)) {
        throw new IllegalArgumentException(action == Action.DATA
            ? "data must not be empty for a DATA entry"
            : "data must be empty for a " + action + " entry: " + data.length + " bytes");
      }
      data = data.clone();
    }

    /**
     * Returns a copy of the bytes.
     *
     * @return the bytes, empty unless {@link Action#DATA}
     */
    @Override
    public byte[] data() {
      return data.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Entry e && delay.equals(e.delay) && from == e.from
          && action == e.action && Arrays.equals(data, e.data);
    }

    @Override
    public int hashCode() {
      return Objects.hash(delay, from, action, Arrays.hashCode(data));
    }

    @Override
    public String toString() {
      return format(List.of(this)).strip();
    }
  }

  /**
   * Makes a recording.
   *
   * @param comments comment lines without their {@code #}, each on one line
   * @param entries the entries, in order
   * @throws IllegalArgumentException if a comment holds a line break
   */
  public Recording(List<String> comments, List<Entry> entries) {
    this.comments = List.copyOf(comments);
    this.entries = List.copyOf(entries);
    for (String c : this.comments) {
      if (c.indexOf('\n') >= 0 || c.indexOf('\r') >= 0) {
        throw new IllegalArgumentException("a comment must be one line: \""
            + c.replace("\n", "\\n").replace("\r", "\\r") + "\"");
      }
    }
  }

  /**
   * Returns the entries, in order.
   *
   * @return an unmodifiable list
   */
  public List<Entry> entries() {
    return entries;
  }

  /**
   * Returns the comment lines, without their {@code #} and one space.
   *
   * @return an unmodifiable list
   */
  public List<String> comments() {
    return comments;
  }

  /**
   * Returns every byte {@code side} sent, in order.
   *
   * @param side the sender
   * @return the bytes, maybe empty
   */
  public byte[] bytesFrom(Side side) {
    Objects.requireNonNull(side, "side");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Entry e : entries) {
      if (e.from() == side && e.action() == Action.DATA) {
        out.writeBytes(e.data);
      }
    }
    return out.toByteArray();
  }

  /**
   * Returns the time from the connection to the last entry.
   *
   * @return the sum of the delays
   */
  public Duration duration() {
    Duration total = Duration.ZERO;
    for (Entry e : entries) {
      total = total.plus(e.delay());
    }
    return total;
  }

  /**
   * Returns the recording in the text format of the class comment.
   *
   * @return the text, ending with a line break
   */
  public String format() {
    StringBuilder out = new StringBuilder(HEADER).append('\n');
    for (String c : comments) {
      out.append("# ").append(c).append('\n');
    }
    return out.append(format(entries)).toString();
  }

  private static String format(List<Entry> entries) {
    StringBuilder out = new StringBuilder();
    for (Entry e : entries) {
      String lead = "+" + delay(e.delay()) + " " + (e.from() == Side.CLIENT ? ">" : "<") + " ";
      out.append(lead);
      switch (e.action()) {
        case CLOSE -> out.append("close\n");
        case HALF_CLOSE -> out.append("half-close\n");
        case RESET -> out.append("reset\n");
        case DATA -> {
          String indent = " ".repeat(lead.length());
          int from = 0;
          while (from < e.data.length) {
            int to = from;
            while (to < e.data.length && to - from < LINE_BYTES) {
              if (e.data[to++] == '\n') {
                break;
              }
            }
            out.append(from == 0 ? "" : indent).append(quote(e.data, from, to)).append('\n');
            from = to;
          }
        }
      }
    }
    return out.toString();
  }

  /**
   * Writes the recording to {@code file} in the text format, UTF-8 (the text is ASCII).
   *
   * @param file the file, replaced if it exists
   * @throws IOException if it cannot be written
   */
  public void write(Path file) throws IOException {
    Files.writeString(Objects.requireNonNull(file, "file"), format(), StandardCharsets.UTF_8);
  }

  /**
   * Reads a recording from a file in the text format.
   *
   * @param file the file
   * @return the recording
   * @throws IOException if it cannot be read
   * @throws IllegalArgumentException if it is not a recording; the message names the line
   */
  public static Recording read(Path file) throws IOException {
    return parse(Files.readString(Objects.requireNonNull(file, "file"), StandardCharsets.UTF_8));
  }

  /**
   * Parses the text format.
   *
   * @param text a recording
   * @return the recording
   * @throws IllegalArgumentException if the text is not a recording; the message names the line
   *     and what is wrong there
   */
  public static Recording parse(String text) {
    Objects.requireNonNull(text, "text");
    List<String> lines = text.lines().toList();
    if (lines.isEmpty() || !lines.get(0).strip().equals(HEADER)) {
      throw new IllegalArgumentException("a recording must start with \"" + HEADER + "\": "
          + (lines.isEmpty() ? "the text is empty" : "line 1 is \"" + lines.get(0) + "\""));
    }
    List<String> comments = new ArrayList<>();
    List<Entry> entries = new ArrayList<>();
    Duration pendingDelay = null;
    Side pendingSide = null;
    ByteArrayOutputStream pendingData = null;
    int pendingLine = 0;
    for (int i = 1; i < lines.size(); i++) {
      String line = lines.get(i);
      String stripped = line.strip();
      int number = i + 1;
      if (stripped.isEmpty()) {
        continue;
      }
      if (stripped.startsWith("#")) {
        comments.add(stripped.substring(1).strip());
        continue;
      }
      if (stripped.startsWith("\"") && Character.isWhitespace(line.charAt(0))) {
        if (pendingData == null) {
          throw new IllegalArgumentException("line " + number + ": bytes that continue no entry;"
              + " a continuation line follows a line +DELAY > \"...\" or +DELAY < \"...\"");
        }
        pendingData.writeBytes(unquote(stripped, number));
        continue;
      }
      if (pendingData != null) {
        entries.add(dataEntry(pendingDelay, pendingSide, pendingData, pendingLine));
        pendingData = null;
      }
      if (!stripped.startsWith("+")) {
        throw new IllegalArgumentException("line " + number + ": an entry starts with +DELAY"
            + " (+12ms), a comment with #: \"" + line + "\"");
      }
      String[] parts = stripped.split("\\s+", 3);
      if (parts.length < 3) {
        throw new IllegalArgumentException("line " + number + ": an entry is +DELAY DIRECTION"
            + " WHAT, as +12ms > \"GET /\\r\\n\": \"" + line + "\"");
      }
      Duration delay = parseDelay(parts[0].substring(1), number);
      Side side = switch (parts[1]) {
        case ">" -> Side.CLIENT;
        case "<" -> Side.SERVER;
        default -> throw new IllegalArgumentException("line " + number + ": the direction is >"
            + " (the client sent) or < (the server sent), not \"" + parts[1] + "\"");
      };
      String what = parts[2].strip();
      switch (what) {
        case "close" -> entries.add(new Entry(delay, side, Action.CLOSE, new byte[0]));
        case "half-close" -> entries.add(new Entry(delay, side, Action.HALF_CLOSE, new byte[0]));
        case "reset" -> entries.add(new Entry(delay, side, Action.RESET, new byte[0]));
        default -> {
          if (!what.startsWith("\"")) {
            throw new IllegalArgumentException("line " + number + ": what a side did is a quoted"
                + " string of bytes, close, half-close or reset, not \"" + what + "\"");
          }
          pendingDelay = delay;
          pendingSide = side;
          pendingData = new ByteArrayOutputStream();
          pendingLine = number;
          pendingData.writeBytes(unquote(what, number));
        }
      }
    }
    if (pendingData != null) {
      entries.add(dataEntry(pendingDelay, pendingSide, pendingData, pendingLine));
    }
    return new Recording(comments, entries);
  }

  private static Entry dataEntry(Duration delay, Side side, ByteArrayOutputStream data, int line) {
    if (data.size() == 0) {
      throw new IllegalArgumentException("line " + line + ": the entry sends no bytes (\"\");"
          + " remove it, or add its delay to the next entry's");
    }
    return new Entry(delay, side, Action.DATA, data.toByteArray());
  }

  private static Duration parseDelay(String text, int line) {
    int unit = 0;
    while (unit < text.length() && (Character.isDigit(text.charAt(unit))
        || text.charAt(unit) == '.')) {
      unit++;
    }
    String number = text.substring(0, unit);
    long scale = switch (text.substring(unit)) {
      case "ns" -> 1L;
      case "us" -> 1_000L;
      case "ms" -> 1_000_000L;
      case "s" -> 1_000_000_000L;
      default -> -1L;
    };
    if (number.isEmpty() || scale < 0) {
      throw new IllegalArgumentException("line " + line + ": a delay is a number and a unit (ns,"
          + " us, ms or s) after the +, as +12ms or +1.5s, not \"+" + text + "\"");
    }
    try {
      BigDecimal nanos = new BigDecimal(number).multiply(BigDecimal.valueOf(scale));
      return Duration.ofNanos(nanos.setScale(0, java.math.RoundingMode.HALF_UP).longValueExact());
    } catch (ArithmeticException | NumberFormatException e) {
      throw new IllegalArgumentException("line " + line + ": not a delay: \"+" + text + "\"", e);
    }
  }

  /** The delay in milliseconds, as short as exact: {@code 12ms}, {@code 1.25ms}. */
  static String delay(Duration d) {
    BigDecimal ms = BigDecimal.valueOf(d.toNanos(), 6).stripTrailingZeros();
    return (ms.signum() == 0 ? "0" : ms.toPlainString()) + "ms";
  }

  /** Quotes bytes with the escapes of the format. */
  static String quote(byte[] data, int from, int to) {
    return ByteText.quote(data, from, to);
  }

  private static byte[] unquote(String quoted, int line) {
    if (quoted.length() < 2 || !quoted.endsWith("\"")) {
      throw new IllegalArgumentException("line " + line + ": a string of bytes ends with a quote"
          + " on its own line: " + quoted);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(quoted.length());
    int end = quoted.length() - 1;
    for (int i = 1; i < end; i++) {
      char c = quoted.charAt(i);
      if (c == '"') {
        throw new IllegalArgumentException("line " + line + ": a quote inside the bytes must be"
            + " escaped as \\\" (at column " + (i + 1) + ")");
      }
      if (c != '\\') {
        if (c < 0x20 || c > 0x7e) {
          throw new IllegalArgumentException("line " + line + ": only printable ASCII may stand"
              + " for itself; write other bytes as \\xNN (character U+"
              + String.format("%04X", (int) c) + " at column " + (i + 1) + ")");
        }
        out.write(c);
        continue;
      }
      if (i + 1 >= end) {
        throw new IllegalArgumentException("line " + line + ": a backslash at the end of the"
            + " bytes escapes nothing");
      }
      char e = quoted.charAt(++i);
      switch (e) {
        case 'r' -> out.write('\r');
        case 'n' -> out.write('\n');
        case 't' -> out.write('\t');
        case '\\' -> out.write('\\');
        case '"' -> out.write('"');
        case 'x' -> {
          int hi = i + 1 < end ? Character.digit(quoted.charAt(i + 1), 16) : -1;
          int lo = i + 2 < end ? Character.digit(quoted.charAt(i + 2), 16) : -1;
          if (hi < 0 || lo < 0) {
            throw new IllegalArgumentException("line " + line + ": \\x takes two hex digits"
                + " (at column " + i + ")");
          }
          out.write(hi << 4 | lo);
          i += 2;
        }
        default -> throw new IllegalArgumentException("line " + line + ": unknown escape \\" + e
            + "; the escapes are \\r \\n \\t \\\\ \\\" and \\xNN");
      }
    }
    return out.toByteArray();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Recording r && comments.equals(r.comments) && entries.equals(r.entries);
  }

  @Override
  public int hashCode() {
    return Objects.hash(comments, entries);
  }

  /** Returns {@link #format()}. */
  @Override
  public String toString() {
    return format();
  }
}
