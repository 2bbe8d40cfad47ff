package dev.weft.reactor.tls;

/** Which side of the TLS handshake a {@link TlsConfig} is for. */
public enum TlsRole {
  /** Starts the handshake and checks the server's certificate and host name. */
  CLIENT,
  /** Answers the handshake with its certificate and may ask the client for one. */
  SERVER
}
