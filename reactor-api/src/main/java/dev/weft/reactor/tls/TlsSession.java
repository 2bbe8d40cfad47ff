package dev.weft.reactor.tls;

import java.security.Principal;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import org.jspecify.annotations.Nullable;

/**
 * What a TLS handshake negotiated, as a value: a snapshot taken when the handshake completed.
 *
 * <p>Tests that do not want crypto build one with {@link #builder()} to complete a fake
 * handshake with a chosen peer identity and ALPN protocol.
 *
 * @param protocol the TLS version, such as {@code "TLSv1.3"}
 * @param cipherSuite the cipher suite, such as {@code "TLS_AES_128_GCM_SHA256"}
 * @param applicationProtocol the ALPN protocol both sides agreed on, or {@code null} if none was
 *     negotiated
 * @param peerCertificates the peer's certificate chain, its own certificate first; empty if the
 *     peer sent none (a client without a certificate)
 * @param localCertificates the chain this side sent; empty if it sent none
 * @param serverName the SNI host name the client asked for, or {@code null} if it sent none (on
 *     a client: the name it sent)
 */
public record TlsSession(
    String protocol,
    String cipherSuite,
    @Nullable String applicationProtocol,
    List<Certificate> peerCertificates,
    List<Certificate> localCertificates,
    @Nullable String serverName) {

  /**
   * Checks and copies the components.
   *
   * @param protocol the TLS version
   * @param cipherSuite the cipher suite
   * @param applicationProtocol the ALPN protocol, or {@code null}
   * @param peerCertificates the peer's chain
   * @param localCertificates this side's chain
   * @param serverName the SNI host name, or {@code null}
   */
  public TlsSession {
    Objects.requireNonNull(protocol, "protocol");
    Objects.requireNonNull(cipherSuite, "cipherSuite");
    peerCertificates = List.copyOf(peerCertificates);
    localCertificates = List.copyOf(localCertificates);
  }

  /**
   * Returns the subject of the peer's own certificate: who the peer proved to be.
   *
   * @return the X.500 subject, or {@code null} if the peer sent no X.509 certificate
   */
  public @Nullable Principal peerPrincipal() {
    if (!peerCertificates.isEmpty() && peerCertificates.get(0) instanceof X509Certificate x509) {
      return x509.getSubjectX500Principal();
    }
    return null;
  }

  /**
   * Takes a snapshot of the session of an engine whose handshake has completed.
   *
   * @param engine the engine
   * @return the session's values
   */
  public static TlsSession of(SSLEngine engine) {
    SSLSession session = engine.getSession();
    String alpn = engine.getApplicationProtocol();
    return new TlsSession(
        session.getProtocol(),
        session.getCipherSuite(),
        alpn == null || alpn.isEmpty() ? null : alpn,
        peerCertificates(session),
        session.getLocalCertificates() == null ? List.of() : List.of(session.getLocalCertificates()),
        serverName(engine, session));
  }

  /**
   * Returns a one-line summary: protocol, cipher suite, ALPN protocol, the peer's subject and the
   * server name. Certificates are not printed whole (a record would print each one in full, some
   * kilobytes of text), so logging a connection stays cheap.
   *
   * @return the summary
   */
  @Override
  public String toString() {
    Principal peer = peerPrincipal();
    return "TlsSession[" + protocol + ", " + cipherSuite
        + (applicationProtocol == null ? "" : ", alpn=" + applicationProtocol)
        + (peer == null ? ", no peer certificate" : ", peer=" + peer)
        + (serverName == null ? "" : ", sni=" + serverName) + "]";
  }

  private static List<Certificate> peerCertificates(SSLSession session) {
    try {
      return List.of(session.getPeerCertificates());
    } catch (SSLPeerUnverifiedException none) {
      return List.of();
    }
  }

  private static @Nullable String serverName(SSLEngine engine, SSLSession session) {
    List<SNIServerName> names = List.of();
    if (engine.getUseClientMode()) {
      List<SNIServerName> sent = engine.getSSLParameters().getServerNames();
      names = sent == null ? List.of() : sent;
    } else if (session instanceof ExtendedSSLSession extended) {
      names = extended.getRequestedServerNames();
    }
    for (SNIServerName name : names) {
      if (name instanceof SNIHostName host) {
        return host.getAsciiName();
      }
    }
    return null;
  }

  /**
   * Starts a builder for a session made up by a test: TLS 1.3 with
   * {@code TLS_AES_128_GCM_SHA256}, no ALPN protocol, no certificates, no server name.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link TlsSession}; not thread-safe. */
  public static final class Builder {
    private String protocol = "TLSv1.3";
    private String cipherSuite = "TLS_AES_128_GCM_SHA256";
    private @Nullable String applicationProtocol;
    private List<Certificate> peerCertificates = List.of();
    private List<Certificate> localCertificates = List.of();
    private @Nullable String serverName;

    private Builder() {}

    /**
     * Sets the TLS version.
     *
     * @param protocol such as {@code "TLSv1.2"}
     * @return this builder
     */
    public Builder protocol(String protocol) {
      this.protocol = Objects.requireNonNull(protocol, "protocol");
      return this;
    }

    /**
     * Sets the cipher suite.
     *
     * @param cipherSuite the suite's standard name
     * @return this builder
     */
    public Builder cipherSuite(String cipherSuite) {
      this.cipherSuite = Objects.requireNonNull(cipherSuite, "cipherSuite");
      return this;
    }

    /**
     * Sets the negotiated ALPN protocol.
     *
     * @param applicationProtocol such as {@code "h2"}, or {@code null} for none
     * @return this builder
     */
    public Builder applicationProtocol(@Nullable String applicationProtocol) {
      this.applicationProtocol = applicationProtocol;
      return this;
    }

    /**
     * Sets the peer's certificate chain, its own certificate first.
     *
     * @param chain the chain; copied
     * @return this builder
     */
    public Builder peerCertificates(List<? extends Certificate> chain) {
      this.peerCertificates = List.copyOf(chain);
      return this;
    }

    /**
     * Sets this side's certificate chain.
     *
     * @param chain the chain; copied
     * @return this builder
     */
    public Builder localCertificates(List<? extends Certificate> chain) {
      this.localCertificates = List.copyOf(chain);
      return this;
    }

    /**
     * Sets the SNI host name.
     *
     * @param serverName the name, or {@code null} for none
     * @return this builder
     */
    public Builder serverName(@Nullable String serverName) {
      this.serverName = serverName;
      return this;
    }

    /**
     * Builds the session.
     *
     * @return the value
     */
    public TlsSession build() {
      return new TlsSession(
          protocol, cipherSuite, applicationProtocol, peerCertificates, localCertificates,
          serverName);
    }
  }
}
