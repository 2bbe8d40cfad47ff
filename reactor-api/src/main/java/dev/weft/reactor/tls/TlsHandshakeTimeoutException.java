package dev.weft.reactor.tls;

import java.time.Duration;
import java.util.Objects;

/**
 * The TLS handshake did not finish within {@link TlsConfig#handshakeTimeout()}, measured on the
 * reactor's clock; the layer aborted the connection. Has no cause.
 */
public class TlsHandshakeTimeoutException extends TlsHandshakeException {
  private static final long serialVersionUID = 1L;

  /** The handshake timeout that passed. */
  private final Duration timeout;

  /**
   * Creates the exception.
   *
   * @param timeout the handshake timeout that passed
   */
  public TlsHandshakeTimeoutException(Duration timeout) {
    super("the TLS handshake did not complete within " + Objects.requireNonNull(timeout, "timeout"),
        null);
    this.timeout = timeout;
  }

  /**
   * Returns the timeout that passed.
   *
   * @return the configured handshake timeout
   */
  public Duration timeout() {
    return timeout;
  }
}
