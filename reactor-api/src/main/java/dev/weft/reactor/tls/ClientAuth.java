package dev.weft.reactor.tls;

/**
 * Whether a TLS server asks its clients for a certificate.
 *
 * <p>Twisted: the {@code verify}/{@code requireCertificate} options of
 * {@code CertificateOptions}.
 */
public enum ClientAuth {
  /** The server does not ask for a client certificate. */
  NONE,
  /**
   * The server asks for a certificate but accepts a client that has none; a certificate that is
   * sent must be trusted.
   */
  WANT,
  /** The server requires a trusted client certificate; a client without one fails the handshake. */
  NEED
}
