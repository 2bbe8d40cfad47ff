package dev.weft.reactor;

import org.jspecify.annotations.Nullable;

/**
 * This side aborted the connection: {@link Transport#abortConnection()} was called, or a
 * protocol or factory callback threw and the reactor aborted the connection (then the cause is
 * what the callback threw). Pending writes were discarded.
 *
 * <p>Twisted: {@code ConnectionAborted}.
 */
public class ConnectionAbortedException extends ConnectionEndedException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what happened, for a person reading a log or a test failure
   */
  public ConnectionAbortedException(String message) {
    super(message);
  }

  /**
   * Creates the exception with the error that caused it.
   *
   * @param message what happened, for a person reading a log or a test failure
   * @param cause the underlying error, or {@code null}
   */
  public ConnectionAbortedException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
