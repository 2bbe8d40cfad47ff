package dev.weft.reactor.tls;

import org.jspecify.annotations.Nullable;

/**
 * The TLS handshake failed, so no application data was exchanged. The cause is the
 * {@link javax.net.ssl.SSLException} the engine raised (a fatal alert from the peer, no common
 * protocol or cipher suite, no common ALPN protocol, a missing client certificate), or, when the
 * connection itself ended during the handshake, the reason it ended.
 *
 * <p>Two subclasses name the cases tests care most about: {@link TlsCertificateRejectedException}
 * (this side did not trust the peer's certificate) and {@link TlsHandshakeTimeoutException}.
 */
public class TlsHandshakeException extends TlsException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what happened, for a person reading a log or a test failure
   * @param cause the engine's {@link javax.net.ssl.SSLException}, or why the connection ended,
   *     or {@code null}
   */
  public TlsHandshakeException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
