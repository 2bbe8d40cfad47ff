package dev.weft.reactor.testing.tls;

import dev.weft.reactor.tls.TlsRole;

/**
 * A flight of the TLS handshake: the records one side sends in one go before it waits for the
 * other. {@link TlsFault#failHandshakeAt(TlsFlight)} loses a flight and cuts the connection
 * there. The names follow TLS 1.3, which the JDK negotiates by default; under TLS 1.2 the same
 * three flights exist (the client's second flight carries its key exchange and Finished).
 */
public enum TlsFlight {
  /** The client's first flight: its ClientHello. Lost, the server never hears from the client. */
  CLIENT_HELLO(TlsRole.CLIENT, 1),
  /**
   * The server's first flight: ServerHello and, under TLS 1.3, the rest of the server's
   * handshake (certificate, Finished). Lost, the handshake ends right after the ClientHello.
   */
  SERVER_HELLO(TlsRole.SERVER, 1),
  /**
   * The client's second flight: its certificate if asked, and its Finished. Lost, the handshake
   * ends right after the server's flight, and the server fails the handshake. The client fails
   * it too when the cut reaches it mid-handshake: the JDK's client begins this flight (with a
   * compatibility {@code change_cipher_spec} record) as soon as it has read part of the server's
   * flight. When the server's whole flight arrives in one read (coalesced, as TCP often delivers
   * it), a TLS 1.3 client has finished its side on sending Finished, so it sees the cut as a
   * truncated connection ({@code TlsTruncatedException}) instead.
   */
  CLIENT_FINISHED(TlsRole.CLIENT, 2);

  private final TlsRole sender;
  private final int number;

  TlsFlight(TlsRole sender, int number) {
    this.sender = sender;
    this.number = number;
  }

  /**
   * Returns the side that sends this flight.
   *
   * @return the sender
   */
  public TlsRole sender() {
    return sender;
  }

  /**
   * Returns which of its sender's flights this is, counting from 1.
   *
   * @return the number
   */
  public int number() {
    return number;
  }
}
