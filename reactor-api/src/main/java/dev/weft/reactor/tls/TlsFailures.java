package dev.weft.reactor.tls;

import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import javax.net.ssl.SSLException;

/** Turns what the engine threw into the typed reason the protocol receives. */
final class TlsFailures {
  private TlsFailures() {}

  static TlsException classify(SSLException e, boolean handshakeDone) {
    if (handshakeDone) {
      return new TlsException("TLS failed: " + e.getMessage(), e);
    }
    Throwable certificateProblem = certificateProblem(e);
    if (certificateProblem != null) {
      return new TlsCertificateRejectedException(
          "the peer's certificate was rejected: " + certificateProblem.getMessage(), e);
    }
    return new TlsHandshakeException("the TLS handshake failed: " + e.getMessage(), e);
  }

  /** The first certificate or certification path error in the cause chain, if any. */
  private static Throwable certificateProblem(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof CertificateException
          || t instanceof CertPathValidatorException
          || t instanceof CertPathBuilderException) {
        return t;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return null;
  }
}
