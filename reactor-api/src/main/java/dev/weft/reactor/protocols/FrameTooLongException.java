package dev.weft.reactor.protocols;

/**
 * The peer sent a line or frame longer than the protocol allows. Thrown by the default
 * {@link LineReceiver#lineLengthExceeded(int)} and
 * {@link LengthPrefixedProtocol#frameLengthExceeded(long)}: the reactor reports it and aborts the
 * connection, and {@code connectionLost} receives a
 * {@link dev.weft.reactor.ConnectionAbortedException} whose cause is this exception.
 *
 * <p>Twisted: the {@code lineLengthExceeded} / {@code lengthLimitExceeded} hooks.
 */
public final class FrameTooLongException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** How long the line or frame was. */
  private final long length;
  /** The largest length allowed. */
  private final long maximum;

  /**
   * Creates the exception.
   *
   * @param what what was too long, for the message ("line", "frame")
   * @param length how long it was, or at least how long it already is
   * @param maximum the largest length allowed
   */
  public FrameTooLongException(String what, long length, long maximum) {
    super(what + " of " + length + " bytes exceeds the maximum of " + maximum
        + " bytes; raise the maximum or override the length-exceeded hook to handle it");
    this.length = length;
    this.maximum = maximum;
  }

  /**
   * Returns how long the line or frame was when it was rejected.
   *
   * @return a length in bytes, more than {@link #maximum()}
   */
  public long length() {
    return length;
  }

  /**
   * Returns the largest length allowed.
   *
   * @return the maximum in bytes
   */
  public long maximum() {
    return maximum;
  }
}
