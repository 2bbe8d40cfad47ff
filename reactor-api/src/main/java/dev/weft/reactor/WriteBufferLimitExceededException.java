package dev.weft.reactor;

/**
 * The reactor aborted the connection because the bytes written to it and not yet sent rose above
 * the reactor's write buffer limit: the peer reads too slowly, or not at all, and the protocol
 * kept writing. Pending writes were discarded and, on TCP, the connection was reset.
 *
 * <p>The limit is a reactor setting ({@code NioReactor.Builder.writeBufferLimit}, and the same on
 * the fakes); without one, buffered bytes are bounded only by what the protocol writes. A
 * protocol that wants to keep its connections watches {@link Transport#isWritable()} or
 * registers a producer instead of hitting the limit.
 */
public class WriteBufferLimitExceededException extends ConnectionAbortedException {
  private static final long serialVersionUID = 1L;

  /** The most bytes a connection may buffer. */
  private final long limit;

  /** How many were buffered when the connection was aborted. */
  private final long bufferedBytes;

  /**
   * Creates the exception.
   *
   * @param limit the most bytes the reactor lets a connection buffer
   * @param bufferedBytes how many were buffered after the write that went over the limit
   */
  public WriteBufferLimitExceededException(long limit, long bufferedBytes) {
    super(bufferedBytes + " bytes buffered for writing exceed the write buffer limit of " + limit
        + " bytes; the peer is not reading fast enough, so the connection was aborted");
    this.limit = limit;
    this.bufferedBytes = bufferedBytes;
  }

  /**
   * Returns the limit that was exceeded.
   *
   * @return the most bytes a connection may buffer, in bytes
   */
  public long limit() {
    return limit;
  }

  /**
   * Returns how many bytes were buffered when the connection was aborted.
   *
   * @return the buffered byte count, above {@link #limit()}
   */
  public long bufferedBytes() {
    return bufferedBytes;
  }
}
