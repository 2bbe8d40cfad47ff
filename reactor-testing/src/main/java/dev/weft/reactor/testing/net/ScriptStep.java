package dev.weft.reactor.testing.net;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.function.Predicate;

/** One step of a {@link ScriptedPeer}'s script; immutable. */
sealed interface ScriptStep {

  /** Says what the step does, as the script's builder call would: {@code expect "GET /"}. */
  String describe();

  /** A step that reads bytes from the code under test. */
  sealed interface Expect extends ScriptStep {
    /**
     * Matches the unread bytes {@code data[from..to)}.
     *
     * @param base how many bytes the peer had read before {@code from}, for messages
     * @param checked how many bytes from {@code from} this step already saw without matching
     *     (it returned -1 for them), so a step may resume rather than rescan
     * @return how many bytes the step consumes, or -1 if it needs more
     * @throws Mismatch if the bytes cannot match
     */
    int match(byte[] data, int from, int to, long base, int checked);
  }

  /** The code under test sent bytes a step cannot accept; the message is the diff. */
  final class Mismatch extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Mismatch(String message) {
      super(message, null, false, false);
    }
  }

  /** Expects exactly these bytes. */
  record ExpectBytes(byte[] bytes) implements Expect {
    @Override
    public int match(byte[] data, int from, int to, long base, int checked) {
      int n = Math.min(bytes.length, to - from);
      int at = Arrays.mismatch(bytes, 0, n, data, from, from + n);
      if (at >= 0) {
        throw new Mismatch(Bytes.diff(bytes, Arrays.copyOfRange(data, from, to), at, base));
      }
      return n == bytes.length ? n : -1;
    }

    @Override
    public String describe() {
      return "expect " + Bytes.excerpt(bytes);
    }
  }

  /** Expects one line, ended by {@code \n} or {@code \r\n}, equal to {@code line}. */
  record ExpectLine(String line) implements Expect {
    @Override
    public int match(byte[] data, int from, int to, long base, int checked) {
      int end = -1;
      for (int i = from; i < to; i++) {
        if (data[i] == '\n') {
          end = i + 1;
          break;
        }
      }
      byte[] text = line.getBytes(StandardCharsets.UTF_8);
      int stop = end < 0 ? to : end;
      boolean crlf = end > from + 1 && data[end - 2] == '\r';
      byte[] expected = concat(text, crlf || end < 0 ? "\r\n" : "\n");
      byte[] actual = Arrays.copyOfRange(data, from, stop);
      int n = Math.min(expected.length, actual.length);
      int at = Arrays.mismatch(expected, 0, n, actual, 0, n);
      if (at < 0 && end >= 0 && actual.length != expected.length) {
        at = n;
      }
      if (at >= 0) {
        throw new Mismatch(Bytes.diff(expected, actual, at, base));
      }
      return end < 0 ? -1 : end - from;
    }

    private static byte[] concat(byte[] a, String ending) {
      byte[] b = ending.getBytes(StandardCharsets.US_ASCII);
      byte[] both = Arrays.copyOf(a, a.length + b.length);
      System.arraycopy(b, 0, both, a.length, b.length);
      return both;
    }

    @Override
    public String describe() {
      return "expectLine " + Bytes.excerpt(line.getBytes(StandardCharsets.UTF_8));
    }
  }

  /**
   * Expects the shortest run of bytes for which {@code complete} holds, within the first
   * {@link #LIMIT} unread bytes: each prefix is a copy handed to the predicate, so an unbounded
   * search would make a peer that never completes the message cost time quadratic in what it
   * sent. Prefixes already refused are not offered again.
   */
  record ExpectUntil(String description, Predicate<byte[]> complete) implements Expect {
    /** How many bytes the predicate may be offered before the step fails the script. */
    static final int LIMIT = 64 * 1024;

    @Override
    public int match(byte[] data, int from, int to, long base, int checked) {
      int last = Math.min(to, from + LIMIT);
      for (int end = from + checked + 1; end <= last; end++) {
        if (complete.test(Arrays.copyOfRange(data, from, end))) {
          return end - from;
        }
      }
      if (to - from > LIMIT) {
        throw new Mismatch("no prefix of the " + LIMIT + " bytes after byte " + base
            + " completed " + description + "; they begin "
            + Bytes.printable(data, from, Math.min(to, from + Bytes.WINDOW)) + "...");
      }
      return -1;
    }

    @Override
    public String describe() {
      return "expectUntil " + description;
    }
  }

  /** Expects the code under test to end its output (close or half-close). */
  record ExpectEnd() implements ScriptStep {
    @Override
    public String describe() {
      return "expectEnd";
    }
  }

  /** Writes these bytes. */
  record Send(byte[] bytes) implements ScriptStep {
    @Override
    public String describe() {
      return "send " + Bytes.excerpt(bytes);
    }
  }

  /** Waits this long on the reactor's Clock. */
  record Wait(Duration duration) implements ScriptStep {
    @Override
    public String describe() {
      return "waitFor " + duration;
    }
  }

  /** Closes the peer's output ({@code loseWriteConnection}). */
  record HalfClose() implements ScriptStep {
    @Override
    public String describe() {
      return "halfClose";
    }
  }

  /** Closes the connection cleanly ({@code loseConnection}). */
  record Close() implements ScriptStep {
    @Override
    public String describe() {
      return "close";
    }
  }

  /** Resets the connection ({@code abortConnection}). */
  record Reset() implements ScriptStep {
    @Override
    public String describe() {
      return "reset";
    }
  }
}
