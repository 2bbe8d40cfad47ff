package dev.weft.reactor.protocols;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A protocol that splits the incoming byte stream into lines ended by a delimiter ({@code \r\n}
 * unless told otherwise) and hands each to {@link #lineReceived(byte[])}, whatever the chunking
 * of the stream. It can switch to raw mode, where bytes go to {@link #rawDataReceived(ByteBuffer)}
 * unframed, and back (HTTP bodies, for example). Not thread-safe; the reactor calls it on its
 * thread.
 *
 * <p><b>Limits.</b> A line longer than the maximum line length is rejected as soon as that is
 * certain (its delimiter arrived, or more bytes than the maximum arrived without one, not
 * counting trailing bytes that may begin the delimiter): {@link #lineLengthExceeded(int)} is
 * called; by default it throws {@link FrameTooLongException}, so the connection is aborted with
 * that exception as the cause. An override that keeps the connection open loses only the
 * rejected line: its bytes are dropped up to and including its delimiter, even when that arrives
 * many reads later, and framing resumes after it. No more lines are delivered once the transport
 * is disconnecting.
 *
 * <p><b>Pausing.</b> {@link #pauseProducing()} stops delivery at once, even in the middle of a
 * read holding many lines, and pauses the transport; {@link #resumeProducing()} delivers what
 * waited and reads again. A pipelining client cannot make a server that pauses after each request
 * answer a whole read of requests at once. The protocol is a {@link dev.weft.reactor.PushProducer},
 * so it can be registered as the producer of another connection's transport (a proxy's other
 * leg), which then pauses this side's reading while it cannot write.
 *
 * <p><b>Cost.</b> Framing is linear in the bytes received, however many lines arrive in one
 * read: each line is copied once into the array {@code lineReceived} gets, raw mode is handed a
 * view of the buffered bytes rather than a copy, and the buffer never moves its contents per
 * line.
 *
 * <p>Twisted: {@code twisted.protocols.basic.LineReceiver}.
 */
public abstract class LineReceiver extends PausableReceiver {
  /** The delimiter used when none is given: carriage return, line feed. */
  public static final byte[] CRLF = {'\r', '\n'};

  /** The maximum line length used when none is given: 16384 bytes, as in Twisted. */
  public static final int DEFAULT_MAX_LINE_LENGTH = 16_384;

  private final byte[] delimiter;
  private final int maxLineLength;
  private final ByteAccumulator buffer = new ByteAccumulator();
  private boolean rawMode;
  private boolean processing;
  // Where to resume looking for the delimiter, relative to the first buffered byte: bytes
  // before it were already searched, which keeps one-byte-at-a-time delivery linear.
  private int scanFrom;
  // The rest of a line rejected by lineLengthExceeded is being dropped up to its delimiter.
  private boolean skipping;
  // The view of the buffer that rawDataReceived holds, and its length, while it runs.
  private @Nullable ByteBuffer rawView;
  private int rawViewLength;

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
   * Called when a line exceeds the maximum length; its bytes received so far have been dropped.
   * By default it throws {@link FrameTooLongException}, which makes the reactor abort the
   * connection. Override it to answer the peer or close the connection quietly instead; if the
   * connection stays open, the rest of the line is dropped as it arrives, up to its delimiter,
   * and the following lines are framed as usual.
   *
   * @param length the length of the line, or, when its delimiter has not arrived yet, of its
   *     bytes received so far (one more than the maximum when they arrive one at a time)
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
   * Called from {@link #lineLengthExceeded(int)}, it ends the skipping of the rejected line:
   * raw mode receives what follows.
   */
  protected final void setRawMode() {
    rawMode = true;
    skipping = false;
  }

  /**
   * From now on, frames received bytes into lines again.
   *
   * <p>The common call, from {@link #rawDataReceived(ByteBuffer)}, passes back the buffer it was
   * given with its position after the last raw byte: the rest is framed in place, without a
   * copy.
   *
   * @param extra bytes already received in raw mode that belong to the lines (for example the
   *     rest of the buffer given to {@code rawDataReceived}); its remaining bytes are framed before
   *     anything received later, and it is read only during the call
   */
  protected final void setLineMode(ByteBuffer extra) {
    Objects.requireNonNull(extra, "extra");
    rawMode = false;
    ByteBuffer view = rawView;
    if (view != null) {
      // Called while rawDataReceived holds a view of our own buffer: every byte of the view has
      // gone to raw mode except those of extra.
      rawView = null;
      if (extra == view && view.limit() == rawViewLength) {
        buffer.skip(view.position());
        scanFrom = 0;
        deliverBuffered();
        return;
      }
      // extra may share the view's bytes: the buffer is pinned, so appending moves nothing.
      buffer.skip(rawViewLength);
      scanFrom = 0;
    }
    buffer.append(extra);
    deliverBuffered();
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
  /**
   * Removes every byte received and not yet delivered, and returns them: the rest of the read
   * after the line being handled, when called from {@link #lineReceived(byte[])}. Framing goes on
   * with what arrives next. In raw mode {@link #rawDataReceived(ByteBuffer)} is handed every
   * buffered byte, so called from there it returns none. A line being dropped for its length
   * stays dropped up to its delimiter.
   *
   * @return the bytes removed, possibly none; a fresh array
   */
  public final byte[] clearLineBuffer() {
    if (rawView != null) {
      return new byte[0];
    }
    byte[] rest = buffer.take(buffer.size());
    scanFrom = 0;
    if (!processing) {
      buffer.trim();
    }
    return rest;
  }

  @Override
  public final void dataReceived(ByteBuffer data) {
    if (rawMode && !processing && !deliveryPaused() && buffer.isEmpty()) {
      // Raw mode with nothing buffered: the reactor's buffer goes straight through. Lines that
      // setLineMode hands back are framed after the call, not inside it.
      processing = true;
      try {
        rawDataReceived(data);
      } finally {
        processing = false;
      }
    } else {
      buffer.append(data);
    }
    deliverBuffered();
  }

  /** Returns every byte the framing buffer has copied; a test seam for linearity. */
  final long bytesCopied() {
    return buffer.bytesCopied();
  }

  // Frames what is buffered, in whichever mode the hooks leave us. Each turn of the loop
  // consumes bytes or stops, and consuming only moves an index: linear in the bytes received.
  @Override
  final void deliverBuffered() {
    if (processing) {
      return; // a hook called setLineMode; the running loop carries on with the new mode
    }
    processing = true;
    try {
      while (!buffer.isEmpty() && !deliveryPaused() && !transport().isDisconnecting()) {
        if (rawMode) {
          deliverRaw();
        } else if (skipping) {
          if (!skipRestOfRejectedLine()) {
            return;
          }
        } else if (!frameOneLine()) {
          return;
        }
      }
    } finally {
      processing = false;
      buffer.trim();
    }
  }

  // Hands every buffered byte to raw mode as a read-only view of the buffer itself.
  private void deliverRaw() {
    ByteBuffer view = buffer.view();
    rawView = view;
    rawViewLength = view.limit();
    buffer.pin();
    try {
      rawDataReceived(view);
    } finally {
      if (rawView == view) {
        rawView = null; // raw mode kept it all
        buffer.skip(rawViewLength);
      }
      buffer.unpin();
      scanFrom = 0;
    }
  }

  // Returns false when the buffer holds no complete line.
  private boolean frameOneLine() {
    int end = buffer.indexOf(delimiter, scanFrom);
    if (end < 0) {
      // Trailing bytes that may begin the delimiter do not count against the maximum.
      int length = buffer.size() <= maxLineLength ? buffer.size()
          : buffer.size() - buffer.partialMatchAtEnd(delimiter);
      if (length > maxLineLength) {
        skipping = true;
        buffer.skip(length);
        scanFrom = 0;
        lineLengthExceeded(length);
        return true;
      }
      scanFrom = Math.max(0, buffer.size() - delimiter.length + 1);
      return false;
    }
    scanFrom = 0;
    if (end > maxLineLength) {
      buffer.skip(end + delimiter.length);
      lineLengthExceeded(end);
      return true;
    }
    byte[] line = buffer.take(end);
    buffer.skip(delimiter.length);
    lineReceived(line);
    return true;
  }

  // Drops the rest of a rejected line up to its delimiter; returns false when the delimiter has
  // not arrived yet (the last bytes, which may start it, are kept).
  private boolean skipRestOfRejectedLine() {
    int end = buffer.indexOf(delimiter, 0);
    if (end < 0) {
      buffer.skip(buffer.size() - buffer.partialMatchAtEnd(delimiter));
      return false;
    }
    buffer.skip(end + delimiter.length);
    skipping = false;
    return true;
  }
}
