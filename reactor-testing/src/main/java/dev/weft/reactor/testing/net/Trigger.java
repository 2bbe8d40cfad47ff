package dev.weft.reactor.testing.net;

import dev.weft.reactor.internal.Checks;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * When a {@link StreamFault} fires, as a value: after an exact number of bytes of its direction,
 * at a fake instant, right after the first occurrence of a byte string, or at the first byte after
 * which the bytes so far satisfy a predicate. Offsets count the bytes the writer sent in the
 * fault's direction since the connection was made, so a fault fires at the same byte under every
 * {@link Chunking} and every latency.
 *
 * <p>Immutable and thread-safe. {@code toString()} is the Java expression that recreates the
 * trigger, except for {@link #when(String, Predicate)}, which prints the description it was given.
 */
public sealed interface Trigger
    permits Trigger.AfterBytes, Trigger.AfterMatch, Trigger.AtInstant, Trigger.When {

  /**
   * Fires once exactly {@code bytes} bytes went through: the reader sees those bytes, then the
   * fault. Zero fires before the first byte.
   *
   * @param bytes the offset, not negative
   * @return the trigger
   * @throws IllegalArgumentException if {@code bytes} is negative
   */
  static Trigger afterBytes(long bytes) {
    return new AfterBytes(bytes);
  }

  /**
   * Fires right after the first occurrence of {@code text} (each char one byte, ISO-8859-1) in
   * the direction's bytes: {@code afterMatch("\r\n\r\n")} is "right after the response headers".
   *
   * @param text what to find; not empty, every char in {@code \u0000..\u00ff}
   * @return the trigger
   * @throws IllegalArgumentException if {@code text} is empty or has a char above {@code \u00ff}
   */
  static Trigger afterMatch(String text) {
    Objects.requireNonNull(text, "text");
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) > 0xff) {
        throw new IllegalArgumentException(
            "text must be one byte per char (ISO-8859-1); char " + i + " is U+"
                + Integer.toHexString(text.charAt(i)) + ": " + text);
      }
    }
    return new AfterMatch(text.getBytes(StandardCharsets.ISO_8859_1));
  }

  /**
   * Fires right after the first occurrence of {@code bytes} in the direction's bytes.
   *
   * @param bytes what to find; not empty; copied
   * @return the trigger
   * @throws IllegalArgumentException if {@code bytes} is empty
   */
  static Trigger afterMatch(byte[] bytes) {
    return new AfterMatch(Objects.requireNonNull(bytes, "bytes").clone());
  }

  /**
   * Fires at the fake instant {@code elapsed} of the network's Clock ({@code Clock.elapsed()}),
   * after whatever bytes the writer had sent by then; at once if that instant has passed when
   * the fault is applied to a connection.
   *
   * @param elapsed the Clock's elapsed time at which it fires, not negative
   * @return the trigger
   * @throws IllegalArgumentException if {@code elapsed} is negative
   */
  static Trigger at(Duration elapsed) {
    return new AtInstant(Checks.nonNegative(elapsed, "elapsed"));
  }

  /**
   * Fires right after the first byte at which the bytes so far satisfy {@code test}; it is asked
   * after each byte, so keep it cheap. {@code toString()} is {@code description}: write there the
   * expression that recreates it, for replays.
   *
   * @param description how the trigger prints
   * @param test asked with every prefix of the direction's bytes, in order
   * @return the trigger
   */
  static Trigger when(String description, Predicate<byte[]> test) {
    return new When(description, test);
  }

  /**
   * After a number of bytes; see {@link Trigger#afterBytes(long)}.
   *
   * @param bytes the offset
   */
  record AfterBytes(long bytes) implements Trigger {
    /**
     * Checks the offset.
     *
     * @param bytes not negative
     */
    public AfterBytes {
      if (bytes < 0) {
        throw new IllegalArgumentException("bytes must not be negative: " + bytes);
      }
    }

    @Override
    public String toString() {
      return "Trigger.afterBytes(" + bytes + ")";
    }
  }

  /**
   * After a byte string; see {@link Trigger#afterMatch(byte[])}.
   *
   * @param bytes what to find; the record keeps the array, do not change it
   */
  record AfterMatch(byte[] bytes) implements Trigger {
    /**
     * Checks the bytes.
     *
     * @param bytes not empty
     */
    public AfterMatch {
      if (bytes.length == 0) {
        throw new IllegalArgumentException("bytes to match must not be empty");
      }
    }

    /** The bytes as the ISO-8859-1 text {@link Trigger#afterMatch(String)} takes. */
    String text() {
      return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof AfterMatch m && Arrays.equals(bytes, m.bytes);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
      return "Trigger.afterMatch(" + JavaText.string(text()) + ")";
    }
  }

  /**
   * At a fake instant; see {@link Trigger#at(Duration)}.
   *
   * @param elapsed the Clock's elapsed time
   */
  record AtInstant(Duration elapsed) implements Trigger {
    /**
     * Checks the instant.
     *
     * @param elapsed not negative
     */
    public AtInstant {
      Checks.nonNegative(elapsed, "elapsed");
    }

    @Override
    public String toString() {
      return "Trigger.at(" + JavaText.duration(elapsed) + ")";
    }
  }

  /**
   * When a predicate holds; see {@link Trigger#when(String, Predicate)}.
   *
   * @param description how it prints
   * @param test the predicate over the bytes so far
   */
  record When(String description, Predicate<byte[]> test) implements Trigger {
    /**
     * Checks the arguments.
     *
     * @param description how it prints
     * @param test the predicate
     */
    public When {
      Objects.requireNonNull(description, "description");
      Objects.requireNonNull(test, "test");
    }

    @Override
    public String toString() {
      return description;
    }
  }
}
