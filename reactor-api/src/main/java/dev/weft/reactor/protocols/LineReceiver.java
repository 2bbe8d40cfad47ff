package dev.weft.reactor.protocols;

import dev.weft.reactor.BaseProtocol;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;

/**
 * A protocol that splits the incoming byte stream into lines ended by a delimiter ({@code \r\n}
 * unless told otherwise) and hands each to {@link #lineReceived(byte[])}, whatever the chunking
 * of the stream. It can switch to raw mode, where bytes go to {@link #rawDataReceived(ByteBuffer)}
 * unframed, and back (HTTP bodies, for example). Not thread-safe; the reactor calls it on its
 * thread.
 *
 * <p>A line longer than the maximum line length, or buffered bytes longer than it without a
 * delimiter, are dropped and {@link #lineLengthExceeded(int)} is called; by default it throws
 * {@link FrameTooLongException}, so the connection is aborted with that exception as the cause.
 * No more lines are delivered once the transport is disconnecting.
 *
 * <p>Twisted: {@code twisted.protocols.basic.LineReceiver}.
 */
public abstract class LineReceiver extends BaseProtocol {
  /** The delimiter used when none is given: carriage return, line feed. */
  public static final byte[] CRLF = {'\r', '\n'};

  /** The maximum line length used when none is given: 16384 bytes, as in Twisted. */
  public static final int DEFAULT_MAX_LINE_LENGTH = 16_384;

  private final byte[] delimiter;
  private final int maxLineLength;
  private final ByteAccumulator buffer = new ByteAccumulator();
  private boolean rawMode;
  private boolean processing;
  // Where to resume looking for the delimiter: bytes before it were already searched, which
  // keeps one-byte-at-a-time delivery linear.
  private int scanFrom;

  /** Creates a receiver of {@code \r\n}-delimited lines of at most 16384 bytes. */
  protected LineReceiver() {
    this(CRLF, DEFAULT_MAX_LINE_LENGTH);
  }

  /**
   * Creates a receiver.
   *
   * @param delimiter the bytes that end a line, not empty; copied
   * @param maxLineLength the largest line accepted, without the delimiter, at least 1
   * @throws IllegalArgumentException if {@code delimiter} is empty or {@code maxLineLength} is
   *     less than 1
   */
  protected LineReceiver(byte[] delimiter, int maxLineLength) {
    Objects.requireNonNull(delimiter, "delimiter");
    if (delimiter.length == 0) {
      throw new IllegalArgumentException("delimiter must not be empty");
    }
    if (maxLineLength < 1) {
      throw new IllegalArgumentException("maxLineLength must be at least 1: " + maxLineLength);
    }
    this.delimiter = delimiter.clone();
    this.maxLineLength = maxLineLength;
  }

  /**
   * Called with each complete line, in order.
   *
   * @param line the line's bytes without the delimiter; a fresh array the callee may keep
   */
  protected abstract void lineReceived(byte[] line);

  /**
   * Called in raw mode with the bytes received; by default it throws, since a protocol that
   * calls {@link #setRawMode()} must override it.
   *
   * @param data the bytes, read-only, valid only during the call
   * @throws UnsupportedOperationException unless overridden
   */
  protected void rawDataReceived(ByteBuffer data) {
    throw new UnsupportedOperationException(
        getClass().getName() + " switched to raw mode but does not override rawDataReceived");
  }

  /**
   * Called when a line exceeds the maximum length; the buffered bytes have been dropped. By
   * default it throws {@link FrameTooLongException}, which makes the reactor abort the
   * connection. Override it to answer the peer or close the connection quietly instead.
   *
   * @param length the length of the line, or of the buffered bytes without a delimiter
   */
  protected void lineLengthExceeded(int length) {
    throw new FrameTooLongException("line", length, maxLineLength);
  }

  /**
   * Writes {@code line} followed by the delimiter, in one write.
   *
   * <p>The maximum line length limits what this side accepts, not what it sends: the peer has
   * its own limit, as in Twisted.
   *
   * @param line the line, without the delimiter
   */
  public void sendLine(byte[] line) {
    Objects.requireNonNull(line, "line");
    byte[] out = Arrays.copyOf(line, line.length + delimiter.length);
    System.arraycopy(delimiter, 0, out, line.length, delimiter.length);
    transport().write(out);
  }

  /**
   * From now on, passes received bytes unframed to {@link #rawDataReceived(ByteBuffer)},
   * including the bytes after the current line if called from {@link #lineReceived(byte[])}.
   */
  protected final void setRawMode() {
    rawMode = true;
  }

  /**
   * From now on, frames received bytes into lines again.
   *
   * @param extra bytes already received in raw mode that belong to the lines (for example the
   *     rest of the buffer given to {@code rawDataReceived}); framed before anything received
   *     later
   */
  protected final void setLineMode(ByteBuffer extra) {
    Objects.requireNonNull(extra, "extra");
    rawMode = false;
    buffer.append(extra);
    process();
  }

  /**
   * Tells whether received bytes are framed into lines.
   *
   * @return {@code false} in raw mode
   */
  protected final boolean isLineMode() {
    return !rawMode;
  }

  /**
   * Returns the largest line accepted.
   *
   * @return the maximum line length in bytes, without the delimiter
   */
  public final int maxLineLength() {
    return maxLineLength;
  }

  /**
   * Frames {@code data}; subclasses override the hooks above, not this method.
   *
   * @param data the bytes received, valid only during the call
   */
  @Override
  public final void dataReceived(ByteBuffer data) {
    if (rawMode && !processing && buffer.size() == 0) {
      rawDataReceived(data);
      return;
    }
    buffer.append(data);
    process();
  }

  private void process() {
    // A hook that switches modes re-enters through setLineMode; the outer loop carries on.
    if (processing) {
      return;
    }
    processing = true;
    try {
      while (buffer.size() > 0 && !transport().isDisconnecting()) {
        if (rawMode) {
          rawDataReceived(ByteBuffer.wrap(buffer.takeAll()).asReadOnlyBuffer());
          continue;
        }
        int end = buffer.indexOf(delimiter, scanFrom);
        if (end < 0) {
          scanFrom = Math.max(0, buffer.size() - delimiter.length + 1);
          if (buffer.size() > maxLineLength) {
            int length = buffer.size();
            buffer.clear();
            scanFrom = 0;
            lineLengthExceeded(length);
          }
          return;
        }
        scanFrom = 0;
        if (end > maxLineLength) {
          buffer.clear();
          lineLengthExceeded(end);
          return;
        }
        lineReceived(buffer.take(end, delimiter.length));
      }
    } finally {
      processing = false;
    }
  }
}
