package dev.weft.reactor.tls;

import javax.net.ssl.SSLException;

/**
 * This side rejected the peer's certificate during the handshake: not signed by a trusted
 * authority, not valid for the host name the client asked for, expired, or refused by a custom
 * trust manager. The cause is the engine's {@link SSLException}, whose own cause chain holds the
 * {@link java.security.cert.CertificateException} with the details.
 *
 * <p>The side whose certificate was rejected sees a plain {@link TlsHandshakeException} (the
 * peer's fatal alert), since TLS does not say more than the alert.
 */
public class TlsCertificateRejectedException extends TlsHandshakeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what happened, for a person reading a log or a test failure
   * @param cause the engine's exception
   */
  public TlsCertificateRejectedException(String message, SSLException cause) {
    super(message, cause);
  }
}
