package dev.weft.reactor.tls;

import dev.weft.reactor.ConnectionLostException;
import org.jspecify.annotations.Nullable;

/**
 * A TLS connection ended because of TLS itself: the handshake failed, the stream was truncated,
 * a record could not be decrypted, or the peer tried to renegotiate. The cause, when the engine
 * raised one, is the {@link javax.net.ssl.SSLException}.
 *
 * <p>A {@link ConnectionLostException}, so code that only tells clean closes from failures keeps
 * working under TLS. Subclasses name the cases a test asserts on:
 * {@link TlsHandshakeException} (with {@link TlsCertificateRejectedException} and
 * {@link TlsHandshakeTimeoutException}) and {@link TlsTruncatedException}.
 *
 * <p>Twisted: {@code OpenSSL.SSL.Error} wrapped in a {@code ConnectionLost}.
 */
public class TlsException extends ConnectionLostException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what happened, for a person reading a log or a test failure
   * @param cause the engine's {@link javax.net.ssl.SSLException}, or another underlying reason,
   *     or {@code null}
   */
  public TlsException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
