package dev.weft.reactor;

import org.jspecify.annotations.Nullable;

/**
 * The base of every reason Weft reports for a connection or a port: catch or assert on a
 * subclass to tell the cases apart.
 *
 * <p>Twisted: {@code twisted.internet.error}.
 */
public abstract class NetworkException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what happened, for a person reading a log or a test failure
   */
  protected NetworkException(String message) {
    super(message);
  }

  /**
   * Creates the exception with the error that caused it.
   *
   * @param message what happened, for a person reading a log or a test failure
   * @param cause the underlying error, or {@code null}
   */
  protected NetworkException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
