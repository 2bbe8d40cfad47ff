package dev.weft.reactor;

import org.jspecify.annotations.Nullable;

/**
 * A connection attempt failed before the connection was established: the reason passed to
 * {@link ClientFactory#clientConnectionFailed(Connector, ConnectFailedException)}.
 *
 * <p>Instances of this class itself mean a failure with no more specific type (an unreachable
 * network, for example; the cause says which). The subclasses are the cases a caller usually
 * wants to tell apart.
 *
 * <p>Twisted: {@code ConnectError}.
 */
public class ConnectFailedException extends NetworkException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what happened, for a person reading a log or a test failure
   */
  public ConnectFailedException(String message) {
    super(message);
  }

  /**
   * Creates the exception with the error that caused it.
   *
   * @param message what happened, for a person reading a log or a test failure
   * @param cause the underlying error, or {@code null}
   */
  public ConnectFailedException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
