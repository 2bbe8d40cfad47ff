package dev.weft.reactor.protocols;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * A protocol that splits the incoming byte stream into frames, each preceded by its length as an
 * unsigned big-endian 8-, 16- or 32-bit integer, and hands each to {@link #frameReceived(byte[])},
 * whatever the chunking of the stream. Not thread-safe; the reactor calls it on its thread.
 *
 * <p><b>Limits.</b> A length prefix above the maximum frame length calls
 * {@link #frameLengthExceeded(long)} as soon as the prefix arrives; by default it throws
 * {@link FrameTooLongException}, so the connection is aborted with that exception as the cause.
 * An override that keeps the connection open loses only the rejected frame: the announced number
 * of bytes is dropped as it arrives, however many reads it spans, and the next prefix is read
 * after it. No more frames are delivered once the transport is disconnecting.
 *
 * <p><b>Pausing.</b> {@link #pauseProducing()} stops delivery at once, even in the middle of a
 * read holding many frames, and pauses the transport; {@link #resumeProducing()} delivers what
 * waited and reads again. The protocol is a {@link dev.weft.reactor.PushProducer}, so it can be
 * registered as the producer of another connection's transport, which then pauses this side's
 * reading while it cannot write.
 *
 * <p><b>Cost.</b> Framing is linear in the bytes received, however many frames arrive in one
 * read: each frame is copied once into the array {@code frameReceived} gets, and the buffer
 * never moves its contents per frame.
 *
 * <p>Twisted: {@code Int8StringReceiver}, {@code Int16StringReceiver} and
 * {@code Int32StringReceiver}.
 */
public abstract class LengthPrefixedProtocol extends PausableReceiver {

  /** The size of the length prefix. */
  public enum Prefix {
    /** One byte: frames of up to 255 bytes. */
    INT8(1, 0xFF),
    /** Two bytes: frames of up to 65535 bytes. */
    INT16(2, 0xFFFF),
    /** Four bytes: frames of up to 2^32 - 1 bytes (in practice limited by the maximum). */
    INT32(4, 0xFFFF_FFFFL);

    private final int bytes;
    private final long largestLength;

    Prefix(int bytes, long largestLength) {
      this.bytes = bytes;
      this.largestLength = largestLength;
    }

    /**
     * Returns the size of the prefix.
     *
     * @return 1, 2 or 4
     */
    public int bytes() {
      return bytes;
    }

    /**
     * Returns the largest length the prefix can express.
     *
     * @return 255, 65535 or 4294967295
     */
    public long largestLength() {
      return largestLength;
    }
  }

  /** The maximum frame length used when none is given: 99999 bytes, as in Twisted. */
  public static final int DEFAULT_MAX_FRAME_LENGTH = 99_999;

  private final Prefix prefix;
  private final int maxFrameLength;
  private final ByteAccumulator buffer = new ByteAccumulator();
  // Bytes of a rejected frame still to drop, including those not received yet.
  private long skipRemaining;
  // True while the framing loop runs, so a resume from frameReceived does not start a second one.
  private boolean processing;

  /**
   * Creates a protocol with the default maximum frame length, capped by what the prefix can
   * express.
   *
   * @param prefix the size of the length prefix
   */
  protected LengthPrefixedProtocol(Prefix prefix) {
    this(prefix, (int) Math.min(DEFAULT_MAX_FRAME_LENGTH, prefix.largestLength()));
  }

  /**
   * Creates a protocol.
   *
   * @param prefix the size of the length prefix
   * @param maxFrameLength the largest frame accepted, 0..the prefix's largest length (and at most
   *     {@code Integer.MAX_VALUE - 16})
   * @throws IllegalArgumentException if {@code maxFrameLength} is out of range
   */
  protected LengthPrefixedProtocol(Prefix prefix, int maxFrameLength) {
    this.prefix = Objects.requireNonNull(prefix, "prefix");
    long limit = Math.min(prefix.largestLength(), Integer.MAX_VALUE - 16);
    if (maxFrameLength < 0 || maxFrameLength > limit) {
      throw new IllegalArgumentException(
          "maxFrameLength must be in 0.." + limit + " for a " + prefix + " prefix: "
              + maxFrameLength);
    }
    this.maxFrameLength = maxFrameLength;
  }

  /**
   * Called with each complete frame, in order.
   *
   * @param frame the frame's bytes without the prefix; a fresh array the callee may keep
   */
  protected abstract void frameReceived(byte[] frame);

  /**
   * Called when a length prefix exceeds the maximum frame length, before any of the frame's bytes
   * are read. By default it throws {@link FrameTooLongException}, which makes the reactor abort
   * the connection. If an override keeps the connection open, the frame's {@code length} bytes
   * are dropped as they arrive and framing resumes after them.
   *
   * @param length the length the prefix announced
   */
  protected void frameLengthExceeded(long length) {
    throw new FrameTooLongException("frame", length, maxFrameLength);
  }

  /**
   * Writes {@code frame} preceded by its length, in one write.
   *
   * @param frame the frame's bytes
   * @throws IllegalArgumentException if {@code frame} is longer than the maximum frame length
   */
  public void sendFrame(byte[] frame) {
    Objects.requireNonNull(frame, "frame");
    if (frame.length > maxFrameLength) {
      throw new IllegalArgumentException(
          "frame length must be at most maxFrameLength " + maxFrameLength + ": " + frame.length);
    }
    ByteBuffer out = ByteBuffer.allocate(prefix.bytes() + frame.length);
    switch (prefix) {
      case INT8 -> out.put((byte) frame.length);
      case INT16 -> out.putShort((short) frame.length);
      case INT32 -> out.putInt(frame.length);
      default -> throw new AssertionError(prefix);
    }
    out.put(frame).flip();
    transport().write(out);
  }

  /**
   * Returns the largest frame accepted.
   *
   * @return the maximum frame length in bytes
   */
  public final int maxFrameLength() {
    return maxFrameLength;
  }

  /**
   * Frames {@code data}; subclasses override the hooks above, not this method.
   *
   * @param data the bytes received, valid only during the call
   */
  @Override
  public final void dataReceived(ByteBuffer data) {
    buffer.append(data);
    deliverBuffered();
  }

  @Override
  final void deliverBuffered() {
    if (processing) {
      return; // a frameReceived resumed; the running loop carries on
    }
    processing = true;
    try {
      frame();
    } finally {
      processing = false;
      buffer.trim();
    }
  }

  private void frame() {
    int head = prefix.bytes();
    // Each turn consumes bytes or stops, and consuming only moves an index: linear in the bytes
    // received however many frames one read holds.
    while (!buffer.isEmpty() && !deliveryPaused() && !transport().isDisconnecting()) {
      if (skipRemaining > 0) {
        int n = (int) Math.min(skipRemaining, buffer.size());
        buffer.skip(n);
        skipRemaining -= n;
        continue;
      }
      if (buffer.size() < head) {
        break;
      }
      long length = 0;
      for (int i = 0; i < head; i++) {
        length = (length << 8) | (buffer.get(i) & 0xFF);
      }
      if (length > maxFrameLength) {
        buffer.skip(head);
        skipRemaining = length;
        frameLengthExceeded(length);
        continue;
      }
      if (buffer.size() - head < length) {
        break;
      }
      buffer.skip(head);
      frameReceived(buffer.take((int) length));
    }
  }

  /** Returns every byte the framing buffer has copied; a test seam for linearity. */
  final long bytesCopied() {
    return buffer.bytesCopied();
  }
}
