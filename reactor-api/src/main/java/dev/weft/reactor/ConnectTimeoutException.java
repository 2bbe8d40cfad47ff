package dev.weft.reactor;

import org.jspecify.annotations.Nullable;

/**
 * The connection attempt was not established within its timeout, measured on reactor time.
 *
 * <p>Twisted: {@code TimeoutError}.
 */
public class ConnectTimeoutException extends ConnectFailedException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what happened, for a person reading a log or a test failure
   */
  public ConnectTimeoutException(String message) {
    super(message);
  }

  /**
   * Creates the exception with the error that caused it.
   *
   * @param message what happened, for a person reading a log or a test failure
   * @param cause the underlying error, or {@code null}
   */
  public ConnectTimeoutException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
