package dev.weft.reactor;

import org.jspecify.annotations.Nullable;

/**
 * A port could not be opened for listening: the address is in use, not local, or not
 * permitted. The cause is the underlying error.
 *
 * <p>Twisted: {@code CannotListenError}.
 */
public class CannotListenException extends NetworkException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what happened, for a person reading a log or a test failure
   */
  public CannotListenException(String message) {
    super(message);
  }

  /**
   * Creates the exception with the error that caused it.
   *
   * @param message what happened, for a person reading a log or a test failure
   * @param cause the underlying error, or {@code null}
   */
  public CannotListenException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
