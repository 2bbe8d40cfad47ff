package dev.weft.reactor.tls;

import dev.weft.reactor.Deferred;
import dev.weft.reactor.Transport;
import org.jspecify.annotations.Nullable;

/**
 * The {@link Transport} a protocol sees under TLS: writes are encrypted, reads decrypted, and the
 * negotiated {@link TlsSession} is readable once the handshake is done. Every method must be
 * called on the reactor thread.
 *
 * <p><b>Before the handshake completes</b> writes are kept and sent once it does;
 * {@link #pendingBytes()} counts them. {@link #loseConnection()} waits for the handshake, sends
 * what was written and a {@code close_notify}, then closes the connection underneath.
 * {@link #abortConnection()} closes it at once with no {@code close_notify}.
 *
 * <p><b>Half-close</b> ({@link #loseWriteConnection()}) sends {@code close_notify} and shuts
 * the output underneath while data may still arrive. Only TLS 1.3 keeps the other direction
 * open: under TLS 1.2 the JDK's engine answers a {@code close_notify} by closing both ways.
 *
 * <p><b>Pausing reading.</b> As every transport, it stops delivering
 * {@code dataReceived} on {@link #pauseProducing()}: once the handshake is done the transport
 * underneath stops reading too (a handshake in progress goes on), and records it had already read
 * wait, decrypted only when they are delivered. {@link #resumeProducing()} delivers them on a
 * later turn, never inside the call. {@link #stopProducing()} closes like
 * {@link #loseConnection()}.
 *
 * <p><b>STARTTLS.</b> A transport made by {@link TlsLayer#startTlsServer} or
 * {@link TlsLayer#startTlsClient} carries plaintext until {@link #startTLS(TlsConfig)}.
 *
 * <p>Twisted: {@code ISSLTransport} and {@code ITLSTransport}.
 */
public interface TlsTransport extends Transport {

  /**
   * Returns what the handshake negotiated.
   *
   * @return the session once the handshake has completed, otherwise {@code null}
   */
  @Nullable TlsSession session();

  /**
   * Returns a Deferred that completes, on the reactor thread, with the session when the
   * handshake completes, or fails with the {@link TlsHandshakeException} (or other reason) the
   * connection ended with before it did. Each call returns the same Deferred; cancelling it has
   * no effect on the connection.
   *
   * @return the handshake's outcome; completed already if the handshake is done
   */
  Deferred<TlsSession> handshake();

  /**
   * Tells whether TLS is on: always for {@code listenTLS} and {@code connectTLS}, and after
   * {@link #startTLS(TlsConfig)} for a STARTTLS transport.
   *
   * @return {@code false} only while a STARTTLS transport still carries plaintext
   */
  boolean isTlsStarted();

  /**
   * Starts TLS on a STARTTLS transport: from now on writes are encrypted and reads decrypted.
   * Bytes written before this call go out as plaintext first. A server calls it once it has
   * answered the peer's request to start TLS; a client once the server agreed. Bytes of the
   * peer that arrived in the same read as its request were already delivered as plaintext, so the
   * peer must wait for the answer before starting its handshake, as STARTTLS protocols require.
   *
   * @param config the config for this side; its role decides who starts the handshake. A client
   *     config that verifies host names needs {@link TlsConfig#serverName()}, since the layer
   *     does not know the name the connection was made with.
   * @return what {@link #handshake()} returns
   * @throws IllegalStateException if TLS is already on, the transport is not a STARTTLS
   *     transport, the connection is closing, or a producer is registered
   * @throws IllegalArgumentException if a verifying client config has no server name
   */
  Deferred<TlsSession> startTLS(TlsConfig config);

  /**
   * Returns the transport TLS runs over: the TCP connection for {@code listenTLS} and
   * {@code connectTLS}. Use it for socket options; writing to it bypasses TLS and breaks the
   * stream.
   *
   * @return the transport underneath
   */
  Transport underlying();

  /**
   * Returns how many bytes read from the transport underneath the layer keeps undelivered: the
   * ciphertext of an incomplete record, records that arrived while reading was paused (at most
   * what one read brought in, since the transport underneath stops reading too), and, on a
   * STARTTLS transport still in plaintext, bytes read while paused. With
   * {@link #pendingBytes()} it is what this connection buffers, so a proxy or a test can check
   * that pausing keeps memory bounded.
   *
   * @return the count of bytes read and not yet delivered, 0 when nothing waits
   */
  long unreadBytes();
}
