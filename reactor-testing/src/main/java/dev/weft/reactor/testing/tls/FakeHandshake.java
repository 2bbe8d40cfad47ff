package dev.weft.reactor.testing.tls;

import dev.weft.reactor.testing.MemoryConnection;
import dev.weft.reactor.tls.TlsSession;
import java.security.cert.CertificateException;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import org.jspecify.annotations.Nullable;

/**
 * One TLS handshake made with a {@link FakeTls} config, waiting for the test to decide how it
 * ends: {@link #complete(MemoryConnection, TlsSession)} with a session of the test's choosing,
 * or {@link #fail(MemoryConnection, SSLException)}. Until then the protocol's writes are kept,
 * as under a real handshake; afterwards bytes pass through unencrypted, so the test reads and
 * writes plaintext on the {@link MemoryConnection}.
 *
 * <p>Each decision is delivered through the connection whose TLS layer owns this handshake: the
 * connection's protocol is the layer, which runs unchanged over a fake engine. It also tells what
 * the code under test asked for: whether it verifies host names, the name it sends as SNI, the
 * ALPN protocols it offers. Not thread-safe: use it on the test thread.
 */
public final class FakeHandshake {
  private static final byte[] WAKE_UP = {0};

  private final FakeSSLEngine engine;
  private final @Nullable String peerHost;
  private final int peerPort;
  private @Nullable TlsSession session;
  private @Nullable SSLException failure;
  private boolean closedByPeer;

  FakeHandshake(FakeSSLEngine engine, @Nullable String peerHost, int peerPort) {
    this.engine = engine;
    this.peerHost = peerHost;
    this.peerPort = peerPort;
  }

  /**
   * Completes the handshake: the protocol hears {@code handshakeCompleted(session)} and its
   * kept writes go out, in plaintext.
   *
   * @param over the connection this handshake runs on
   * @param session what the handshake negotiated: the peer's certificates, the ALPN protocol
   * @throws IllegalStateException if the handshake was already decided
   */
  public void complete(MemoryConnection over, TlsSession session) {
    Objects.requireNonNull(over, "over");
    Objects.requireNonNull(session, "session");
    requirePending("complete");
    this.session = session;
    over.receive(WAKE_UP);
  }

  /**
   * Fails the handshake with {@code reason}, as a real engine would: the layer turns it into the
   * reason the protocol receives ({@link dev.weft.reactor.tls.TlsCertificateRejectedException}
   * if its cause chain holds a {@link CertificateException}, else
   * {@link dev.weft.reactor.tls.TlsHandshakeException}) and closes the connection.
   *
   * @param over the connection this handshake runs on
   * @param reason what the engine throws
   * @throws IllegalStateException if the handshake was already decided
   */
  public void fail(MemoryConnection over, SSLException reason) {
    Objects.requireNonNull(over, "over");
    Objects.requireNonNull(reason, "reason");
    requirePending("fail");
    this.failure = reason;
    over.receive(WAKE_UP);
  }

  /**
   * Fails the handshake as if this side did not trust the peer's certificate.
   *
   * @param over the connection this handshake runs on
   */
  public void rejectCertificate(MemoryConnection over) {
    SSLHandshakeException reason = new SSLHandshakeException(
        "PKIX path building failed: unable to find valid certification path (fake handshake)");
    reason.initCause(new CertificateException("the peer's certificate is not trusted (fake handshake)"));
    fail(over, reason);
  }

  /**
   * The peer sends {@code close_notify}: a clean TLS close, after the handshake completed.
   *
   * @param over the connection this handshake runs on
   * @throws IllegalStateException if the handshake has not completed
   */
  public void closeNotify(MemoryConnection over) {
    Objects.requireNonNull(over, "over");
    if (session == null) {
      throw new IllegalStateException(
          "the fake handshake has not completed; complete(...) it before the peer closes TLS");
    }
    closedByPeer = true;
    over.receive(WAKE_UP);
  }

  private void requirePending(String action) {
    if (session != null || failure != null) {
      throw new IllegalStateException(
          "cannot " + action + " the fake handshake with " + peerHost + ":" + peerPort
              + ": it was already " + (session != null ? "completed" : "failed")
              + "; each handshake is decided once");
    }
  }

  /**
   * Tells whether the test has not decided yet.
   *
   * @return {@code true} until completed or failed
   */
  public boolean isPending() {
    return session == null && failure == null;
  }

  /**
   * Tells whether the engine is a client's.
   *
   * @return {@code true} for a client, {@code false} for a server
   */
  public boolean isClient() {
    return engine.getUseClientMode();
  }

  /**
   * Returns the host the engine was made for: for a client, the name its certificate check
   * uses.
   *
   * @return the host, or {@code null} if none was given
   */
  public @Nullable String peerHost() {
    return peerHost;
  }

  /**
   * Returns the port the engine was made for.
   *
   * @return the port, or -1
   */
  public int peerPort() {
    return peerPort;
  }

  /**
   * Tells whether a client checks the server's host name (endpoint identification "HTTPS").
   *
   * @return {@code true} if the code under test verifies host names
   */
  public boolean verifiesHostName() {
    return "HTTPS".equalsIgnoreCase(engine.parameters().getEndpointIdentificationAlgorithm());
  }

  /**
   * Returns the name a client sends as SNI, as configured.
   *
   * @return the name, or {@code null} if it sends none
   */
  public @Nullable String serverName() {
    List<SNIServerName> names = engine.parameters().getServerNames();
    if (names != null) {
      for (SNIServerName name : names) {
        if (name instanceof SNIHostName host) {
          return host.getAsciiName();
        }
      }
    }
    return null;
  }

  /**
   * Returns the ALPN protocols the code under test offers (client) or accepts (server).
   *
   * @return the list, empty if none
   */
  public List<String> applicationProtocols() {
    return List.of(engine.parameters().getApplicationProtocols());
  }

  /**
   * Returns every setting the code under test gave the engine.
   *
   * @return a copy
   */
  public SSLParameters parameters() {
    return engine.parameters();
  }

  @Nullable TlsSession session() {
    return session;
  }

  @Nullable SSLException failure() {
    return failure;
  }

  boolean isClosedByPeer() {
    return closedByPeer;
  }

  @Override
  public String toString() {
    return "FakeHandshake[" + (isClient() ? "client of " : "server for ") + peerHost + ":" + peerPort
        + ", " + (session != null ? "completed" : failure != null ? "failed" : "pending") + "]";
  }
}
