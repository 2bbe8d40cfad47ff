package dev.weft.reactor.tls;

/**
 * The peer closed the connection without a TLS {@code close_notify}: the stream ended cleanly at
 * the TCP level but may have been cut short by an attacker or a crash, so the data received may be
 * incomplete. A clean TLS close, where the peer sent {@code close_notify} first, ends with a plain
 * {@link dev.weft.reactor.ConnectionClosedException} instead.
 *
 * <p>Protocols that frame their own messages (a {@code Content-Length}, a length prefix) can
 * decide that a truncation after the last complete message is harmless; others should not
 * trust the tail. Twisted reports this case as a {@code ConnectionLost} wrapping OpenSSL's
 * "unexpected EOF".
 */
public class TlsTruncatedException extends TlsException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what happened, for a person reading a log or a test failure
   */
  public TlsTruncatedException(String message) {
    super(message, null);
  }
}
