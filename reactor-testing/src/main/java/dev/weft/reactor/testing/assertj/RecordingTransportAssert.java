package dev.weft.reactor.testing.assertj;

import dev.weft.reactor.ConnectionEndedException;
import dev.weft.reactor.testing.RecordingTransport;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on a {@link RecordingTransport}: what the protocol wrote and how it closed. Obtain
 * one with {@link ReactorAssertions#assertThat(RecordingTransport)}.
 */
public final class RecordingTransportAssert
    extends AbstractAssert<RecordingTransportAssert, RecordingTransport> {

  RecordingTransportAssert(RecordingTransport actual) {
    super(actual, RecordingTransportAssert.class);
  }

  /**
   * Verifies that the protocol wrote exactly these bytes (since the last clear).
   *
   * @param expected the expected bytes
   * @return this assertion
   */
  public RecordingTransportAssert hasWrittenExactly(byte[] expected) {
    Objects.requireNonNull(expected, "expected");
    isNotNull();
    byte[] written = actual.written();
    if (!Arrays.equals(written, expected)) {
      failWithMessage(
          "Expecting transport to have written exactly:%n  %s%nbut it wrote:%n  %s",
          Arrays.toString(expected), Arrays.toString(written));
    }
    return this;
  }

  /**
   * Verifies that the protocol wrote exactly this text, encoded as UTF-8.
   *
   * @param expected the expected text
   * @return this assertion
   */
  public RecordingTransportAssert hasWrittenText(String expected) {
    Objects.requireNonNull(expected, "expected");
    isNotNull();
    String written = actual.writtenText();
    if (!written.equals(expected)) {
      failWithMessage(
          "Expecting transport to have written the text:%n  \"%s\"%nbut it wrote:%n  \"%s\"",
          expected, written);
    }
    return this;
  }

  /**
   * Verifies that what the protocol wrote, decoded as UTF-8, contains {@code expected}.
   *
   * @param expected the expected part
   * @return this assertion
   */
  public RecordingTransportAssert hasWrittenContaining(String expected) {
    Objects.requireNonNull(expected, "expected");
    isNotNull();
    String written = new String(actual.written(), StandardCharsets.UTF_8);
    if (!written.contains(expected)) {
      failWithMessage(
          "Expecting transport to have written something containing:%n  \"%s\"%nbut it wrote:%n  \"%s\"",
          expected, written);
    }
    return this;
  }

  /**
   * Verifies that the protocol wrote nothing (since the last clear).
   *
   * @return this assertion
   */
  public RecordingTransportAssert hasWrittenNothing() {
    isNotNull();
    if (actual.written().length != 0) {
      failWithMessage(
          "Expecting transport to have written nothing but it wrote:%n  \"%s\"",
          new String(actual.written(), StandardCharsets.UTF_8));
    }
    return this;
  }

  /**
   * Verifies that the connection is closing or closed (clean close or abort asked for, or ended).
   *
   * @return this assertion
   */
  public RecordingTransportAssert isDisconnecting() {
    isNotNull();
    if (!actual.isDisconnecting()) {
      failWithMessage("Expecting transport to be disconnecting but it was open:%n  %s", actual);
    }
    return this;
  }

  /**
   * Verifies that the connection is neither closing nor closed.
   *
   * @return this assertion
   */
  public RecordingTransportAssert isOpen() {
    isNotNull();
    if (actual.isDisconnecting()) {
      failWithMessage("Expecting transport to be open but it was disconnecting:%n  %s", actual);
    }
    return this;
  }

  /**
   * Verifies that the protocol aborted the connection (not a clean close).
   *
   * @return this assertion
   */
  public RecordingTransportAssert wasAborted() {
    isNotNull();
    if (!actual.isAborted()) {
      failWithMessage("Expecting transport to have been aborted but it was not:%n  %s", actual);
    }
    return this;
  }

  /**
   * Verifies that the connection ended with a reason of the given type.
   *
   * @param type e.g. {@code ConnectionClosedException.class}
   * @return this assertion
   */
  public RecordingTransportAssert endedWith(Class<? extends ConnectionEndedException> type) {
    Objects.requireNonNull(type, "type");
    isNotNull();
    ConnectionEndedException reason = actual.endReason();
    if (!type.isInstance(reason)) {
      failWithMessage(
          "Expecting connection to have ended with %s but its end reason was:%n  %s",
          type.getName(), reason == null ? "none (still open)" : reason);
    }
    return this;
  }
}
