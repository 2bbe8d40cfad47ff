package dev.weft.reactor;

/**
 * The connection ended cleanly: {@link Transport#loseConnection()} was called and every
 * pending byte was written, or the peer closed its side and the protocol did not ask for
 * half-close.
 *
 * <p>This is not an error, so it carries no stack trace. Twisted: {@code ConnectionDone}.
 */
public class ConnectionClosedException extends ConnectionEndedException {
  private static final long serialVersionUID = 1L;

  /** Creates the reason with the message "Connection was closed cleanly". */
  public ConnectionClosedException() {
    this("Connection was closed cleanly");
  }

  /**
   * Creates the reason.
   *
   * @param message what happened, for a person reading a log or a test failure
   */
  public ConnectionClosedException(String message) {
    super(message, null);
    setStackTrace(new StackTraceElement[0]);
  }

  @Override
  public synchronized Throwable fillInStackTrace() {
    // A clean close is routine, not an error: capturing a stack for every one costs time and
    // shows nothing useful.
    return this;
  }
}
