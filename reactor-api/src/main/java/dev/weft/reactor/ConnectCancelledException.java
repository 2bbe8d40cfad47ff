package dev.weft.reactor;

import org.jspecify.annotations.Nullable;

/**
 * The attempt was cancelled by this side: {@link Connector#stopConnecting()} was called, or
 * the {@link Deferred} of an endpoint's connect was cancelled.
 *
 * <p>Twisted: {@code UserError (from stopConnecting)}.
 */
public class ConnectCancelledException extends ConnectFailedException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what happened, for a person reading a log or a test failure
   */
  public ConnectCancelledException(String message) {
    super(message);
  }

  /**
   * Creates the exception with the error that caused it.
   *
   * @param message what happened, for a person reading a log or a test failure
   * @param cause the underlying error, or {@code null}
   */
  public ConnectCancelledException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
