package dev.weft.reactor;

import org.jspecify.annotations.Nullable;

/**
 * Why an established connection ended: the reason passed to
 * {@link Protocol#connectionLost(ConnectionEndedException)} and
 * {@link ClientFactory#clientConnectionLost(Connector, ConnectionEndedException)}.
 *
 * <p>Exactly one of three subclasses: {@link ConnectionClosedException} (clean close),
 * {@link ConnectionLostException} (the connection broke) or {@link ConnectionAbortedException}
 * (this side aborted it).
 *
 * <p>Twisted: {@code ConnectionDone / ConnectionLost / ConnectionAborted}.
 */
public abstract class ConnectionEndedException extends NetworkException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what happened, for a person reading a log or a test failure
   */
  protected ConnectionEndedException(String message) {
    super(message);
  }

  /**
   * Creates the exception with the error that caused it.
   *
   * @param message what happened, for a person reading a log or a test failure
   * @param cause the underlying error, or {@code null}
   */
  protected ConnectionEndedException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
