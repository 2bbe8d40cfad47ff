package dev.weft.samples.http;

/**
 * The server's response is not valid HTTP/1.1, or the connection ended before it was complete.
 * The message says what was wrong and where.
 */
public final class MalformedResponseException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what was wrong, quoting the offending text
   */
  public MalformedResponseException(String message) {
    super(message);
  }

  /**
   * Creates the exception with the error that caused it.
   *
   * @param message what was wrong
   * @param cause why, for example the reason the connection ended
   */
  public MalformedResponseException(String message, Throwable cause) {
    super(message, cause);
  }
}
