package dev.weft.samples.http;

import dev.weft.reactor.ConnectionClosedException;

/**
 * The server closed the connection cleanly before sending any byte of a response: nothing was
 * received, so nothing is malformed. A response cut short after its first byte is a
 * {@link MalformedResponseException} instead, and a connection reset or lost before any byte
 * fails with the connection's own {@link dev.weft.reactor.ConnectionLostException}.
 */
public final class NoResponseException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param reason how the connection ended, never {@code null}; the cause
   */
  public NoResponseException(ConnectionClosedException reason) {
    super("connection closed before the response: " + reason.getMessage(), reason);
  }
}
