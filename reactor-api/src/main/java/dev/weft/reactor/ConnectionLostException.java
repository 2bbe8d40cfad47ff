package dev.weft.reactor;

import org.jspecify.annotations.Nullable;

/**
 * The connection ended uncleanly: the peer reset it, the network failed, or an I/O error
 * occurred. The cause, when there is one, is the underlying {@link java.io.IOException}.
 *
 * <p>Twisted: {@code ConnectionLost}.
 */
public class ConnectionLostException extends ConnectionEndedException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what happened, for a person reading a log or a test failure
   */
  public ConnectionLostException(String message) {
    super(message);
  }

  /**
   * Creates the exception with the error that caused it.
   *
   * @param message what happened, for a person reading a log or a test failure
   * @param cause the underlying error, or {@code null}
   */
  public ConnectionLostException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
