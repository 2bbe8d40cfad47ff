package dev.weft.reactor.tls;

import dev.weft.reactor.Protocol;

/**
 * A protocol that wants to hear when its TLS handshake completes. Implement it on the protocol a
 * TLS factory builds; the TLS layer calls {@link #handshakeCompleted(TlsSession)} once, on the
 * reactor thread, after {@code connectionMade} and before any application data arrives.
 *
 * <p>Writes made before the handshake completes are not lost: the layer keeps them and sends them
 * encrypted once it completes. A failed handshake is not reported here but through
 * {@link Protocol#connectionLost} with a {@link TlsHandshakeException}.
 *
 * <p>Twisted: {@code IHandshakeListener}.
 */
public interface TlsHandshakeListener extends Protocol {

  /**
   * The handshake completed: the peer is authenticated as the config required.
   *
   * @param session what was negotiated; also {@link TlsTransport#session()} from now on
   */
  void handshakeCompleted(TlsSession session);
}
