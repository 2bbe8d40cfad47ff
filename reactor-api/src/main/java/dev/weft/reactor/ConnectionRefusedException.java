package dev.weft.reactor;

import org.jspecify.annotations.Nullable;

/**
 * The peer refused the connection: nothing listens on that address and port.
 *
 * <p>Twisted: {@code ConnectionRefusedError}.
 */
public class ConnectionRefusedException extends ConnectFailedException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what happened, for a person reading a log or a test failure
   */
  public ConnectionRefusedException(String message) {
    super(message);
  }

  /**
   * Creates the exception with the error that caused it.
   *
   * @param message what happened, for a person reading a log or a test failure
   * @param cause the underlying error, or {@code null}
   */
  public ConnectionRefusedException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
