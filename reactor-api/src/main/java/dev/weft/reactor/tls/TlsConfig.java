package dev.weft.reactor.tls;

import dev.weft.reactor.internal.Checks;
import dev.weft.reactor.internal.IpLiterals;
import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import org.jspecify.annotations.Nullable;

/**
 * What one side of a TLS connection negotiates and how it checks its peer: the
 * {@link SSLContext} (keys and trust), client authentication, ALPN protocols, the SNI server
 * name, the enabled protocol versions and cipher suites, host name verification and the
 * handshake timeout. Immutable and thread-safe; one config serves any number of connections.
 *
 * <pre>{@code
 * TlsConfig client = TlsConfig.client(trustingContext).applicationProtocols("h2", "http/1.1").build();
 * TlsConfig server = TlsConfig.server(keyContext).clientAuth(ClientAuth.NEED).build();
 * }</pre>
 *
 * <p><b>Clients verify host names by default</b>: the server's certificate must be valid for the
 * host given to {@link ReactorTLS#connectTLS} (or for {@link Builder#serverName(String)}), with
 * the rules HTTPS uses (RFC 2818). Turn it off only for peers identified some other way.
 *
 * <p>Twisted: {@code optionsForClientTLS} and {@code CertificateOptions}; Netty:
 * {@code SslContextBuilder}.
 */
public final class TlsConfig {
  /** The handshake timeout used when none is given: 10 seconds, as in Netty. */
  public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);

  private final TlsRole role;
  private final SSLContext sslContext;
  private final ClientAuth clientAuth;
  private final List<String> applicationProtocols;
  private final @Nullable String serverName;
  private final List<String> protocols;
  private final List<String> cipherSuites;
  private final boolean hostnameVerification;
  private final Duration handshakeTimeout;
  private final DelegatedTasks delegatedTasks;

  private TlsConfig(Builder b) {
    this.role = b.role;
    this.sslContext = b.sslContext;
    this.clientAuth = b.clientAuth;
    this.applicationProtocols = b.applicationProtocols;
    this.serverName = b.serverName;
    this.protocols = b.protocols;
    this.cipherSuites = b.cipherSuites;
    this.hostnameVerification = b.hostnameVerification;
    this.handshakeTimeout = b.handshakeTimeout;
    this.delegatedTasks = b.delegatedTasks;
  }

  /**
   * Starts a client config on {@code sslContext}: its trust managers check the server, its key
   * managers (if any) answer a server that asks for a client certificate. Host name
   * verification is on.
   *
   * @param sslContext an initialized context
   * @return a new builder
   */
  public static Builder client(SSLContext sslContext) {
    return new Builder(TlsRole.CLIENT, sslContext);
  }

  /**
   * Starts a client config on the JDK's default context, which trusts the JDK's certificate
   * authorities: for talking to public servers.
   *
   * @return a new builder
   * @throws IllegalStateException if the JDK has no default TLS context
   */
  public static Builder client() {
    try {
      return client(SSLContext.getDefault());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JDK has no default SSLContext; pass one to client(SSLContext)", e);
    }
  }

  /**
   * Starts a server config on {@code sslContext}: its key managers supply the server's
   * certificate, its trust managers check client certificates when asked for.
   *
   * @param sslContext an initialized context with a key for the server
   * @return a new builder
   */
  public static Builder server(SSLContext sslContext) {
    return new Builder(TlsRole.SERVER, sslContext);
  }

  /**
   * Returns a builder holding this config's values, to derive a variant.
   *
   * @return a new builder
   */
  public Builder toBuilder() {
    Builder b = new Builder(role, sslContext);
    b.clientAuth = clientAuth;
    b.applicationProtocols = applicationProtocols;
    b.serverName = serverName;
    b.protocols = protocols;
    b.cipherSuites = cipherSuites;
    b.hostnameVerification = hostnameVerification;
    b.handshakeTimeout = handshakeTimeout;
    b.delegatedTasks = delegatedTasks;
    return b;
  }

  /**
   * Creates an engine set up as this config says, for one connection.
   *
   * @param peerHost for a client, the host it connects to: the name its certificate must match
   *     and, unless an IP literal, the server name it sends (SNI); replaced by
   *     {@link #serverName()} when that is set. For a server, the client's address, or
   *     {@code null}. Only a hint for session caching otherwise.
   * @param peerPort the peer's port, or -1 if unknown
   * @return a new engine whose handshake has not begun
   * @throws IllegalArgumentException if this is a client config with host name verification on
   *     and there is no host name to verify ({@code peerHost} and {@link #serverName()} both
   *     {@code null})
   */
  public SSLEngine newEngine(@Nullable String peerHost, int peerPort) {
    String host = role == TlsRole.CLIENT && serverName != null ? serverName : peerHost;
    if (role == TlsRole.CLIENT && hostnameVerification && host == null) {
      throw new IllegalArgumentException(
          "a TLS client that verifies host names needs the server's name: set "
              + "TlsConfig.Builder.serverName(String), or hostnameVerification(false) for a peer "
              + "identified some other way");
    }
    SSLEngine engine = host == null ? sslContext.createSSLEngine() : sslContext.createSSLEngine(host, peerPort);
    engine.setUseClientMode(role == TlsRole.CLIENT);
    SSLParameters parameters = engine.getSSLParameters();
    if (!protocols.isEmpty()) {
      parameters.setProtocols(protocols.toArray(String[]::new));
    }
    if (!cipherSuites.isEmpty()) {
      parameters.setCipherSuites(cipherSuites.toArray(String[]::new));
    }
    if (!applicationProtocols.isEmpty()) {
      parameters.setApplicationProtocols(applicationProtocols.toArray(String[]::new));
    }
    if (role == TlsRole.CLIENT) {
      parameters.setEndpointIdentificationAlgorithm(hostnameVerification ? "HTTPS" : null);
      // SNI names the host asked for, whatever the JDK's own rule (which skips names without a
      // dot); never an IP literal (RFC 6066), never a name SNI cannot carry.
      if (host != null && !IpLiterals.isLiteral(host)) {
        try {
          parameters.setServerNames(List.of(new SNIHostName(host)));
        } catch (IllegalArgumentException notAHostName) {
          parameters.setServerNames(List.of());
        }
      }
    } else {
      parameters.setNeedClientAuth(clientAuth == ClientAuth.NEED);
      if (clientAuth == ClientAuth.WANT) {
        parameters.setWantClientAuth(true);
      }
    }
    engine.setSSLParameters(parameters);
    return engine;
  }

  /**
   * Returns which side this config is for.
   *
   * @return the role
   */
  public TlsRole role() {
    return role;
  }

  /**
   * Returns the context that supplies keys and trust.
   *
   * @return the context
   */
  public SSLContext sslContext() {
    return sslContext;
  }

  /**
   * Returns whether a server asks for client certificates.
   *
   * @return {@link ClientAuth#NONE} for every client config
   */
  public ClientAuth clientAuth() {
    return clientAuth;
  }

  /**
   * Returns the ALPN protocols offered (client) or accepted (server), in preference order.
   *
   * @return an unmodifiable list; empty when ALPN is not used
   */
  public List<String> applicationProtocols() {
    return applicationProtocols;
  }

  /**
   * Returns the name a client sends as SNI and checks the certificate against, in place of the
   * host it connects to.
   *
   * @return the name, or {@code null} to use the host given to {@code connectTLS}
   */
  public @Nullable String serverName() {
    return serverName;
  }

  /**
   * Returns the enabled protocol versions.
   *
   * @return an unmodifiable list; empty for the context's defaults
   */
  public List<String> protocols() {
    return protocols;
  }

  /**
   * Returns the enabled cipher suites.
   *
   * @return an unmodifiable list; empty for the context's defaults
   */
  public List<String> cipherSuites() {
    return cipherSuites;
  }

  /**
   * Tells whether a client checks that the server's certificate is valid for the server's name.
   *
   * @return {@code true} by default for clients; always {@code false} for servers
   */
  public boolean hostnameVerification() {
    return hostnameVerification;
  }

  /**
   * Returns how long the handshake may take, on the reactor's clock, before the connection is
   * aborted with {@link TlsHandshakeTimeoutException}.
   *
   * @return a positive duration; {@link #DEFAULT_HANDSHAKE_TIMEOUT} unless set
   */
  public Duration handshakeTimeout() {
    return handshakeTimeout;
  }

  /**
   * Returns where the engine's delegated tasks run.
   *
   * @return {@link DelegatedTasks#INLINE} unless set
   */
  public DelegatedTasks delegatedTasks() {
    return delegatedTasks;
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder("TlsConfig[").append(role);
    if (role == TlsRole.SERVER) {
      s.append(", clientAuth=").append(clientAuth);
    } else {
      s.append(", hostnameVerification=").append(hostnameVerification);
      if (serverName != null) {
        s.append(", serverName=").append(serverName);
      }
    }
    if (!applicationProtocols.isEmpty()) {
      s.append(", alpn=").append(applicationProtocols);
    }
    if (!protocols.isEmpty()) {
      s.append(", protocols=").append(protocols);
    }
    if (!cipherSuites.isEmpty()) {
      s.append(", cipherSuites=").append(cipherSuites.size());
    }
    return s.append(", handshakeTimeout=").append(handshakeTimeout)
        .append(", delegatedTasks=").append(delegatedTasks).append(']').toString();
  }

  /** Configures a {@link TlsConfig}; not thread-safe. */
  public static final class Builder {
    private final TlsRole role;
    private final SSLContext sslContext;
    private ClientAuth clientAuth = ClientAuth.NONE;
    private List<String> applicationProtocols = List.of();
    private @Nullable String serverName;
    private List<String> protocols = List.of();
    private List<String> cipherSuites = List.of();
    private boolean hostnameVerification;
    private Duration handshakeTimeout = DEFAULT_HANDSHAKE_TIMEOUT;
    private DelegatedTasks delegatedTasks = DelegatedTasks.INLINE;

    private Builder(TlsRole role, SSLContext sslContext) {
      this.role = role;
      this.sslContext = Objects.requireNonNull(sslContext, "sslContext");
      this.hostnameVerification = role == TlsRole.CLIENT;
    }

    /**
     * Sets whether a server asks for client certificates. Servers only.
     *
     * @param clientAuth none, want or need
     * @return this builder
     * @throws IllegalStateException on a client builder
     */
    public Builder clientAuth(ClientAuth clientAuth) {
      Objects.requireNonNull(clientAuth, "clientAuth");
      requireRole(TlsRole.SERVER, "clientAuth");
      this.clientAuth = clientAuth;
      return this;
    }

    /**
     * Sets the ALPN protocols, in preference order: a client offers them, a server picks the
     * first of its own list that the client offered and fails the handshake if there is none.
     *
     * @param protocols names such as {@code "h2"}, each 1..255 bytes; none to turn ALPN off
     * @return this builder
     * @throws IllegalArgumentException for an empty or too long name
     */
    public Builder applicationProtocols(String... protocols) {
      return applicationProtocols(Arrays.asList(protocols));
    }

    /**
     * Sets the ALPN protocols; see {@link #applicationProtocols(String...)}.
     *
     * @param protocols the names, in preference order
     * @return this builder
     */
    public Builder applicationProtocols(List<String> protocols) {
      List<String> copy = List.copyOf(protocols);
      for (String name : copy) {
        int length = name.getBytes(StandardCharsets.UTF_8).length;
        if (length < 1 || length > 255) {
          throw new IllegalArgumentException(
              "ALPN protocol names must be 1..255 bytes: '" + name + "'");
        }
      }
      this.applicationProtocols = copy;
      return this;
    }

    /**
     * Sets the server name a client sends as SNI and verifies the certificate against, instead
     * of the host it connects to: for connecting to an address while naming the service, and
     * for STARTTLS, where the layer does not know the name the connection was made with.
     * Clients only.
     *
     * @param name a host name (sent as SNI) or an IP literal (verified, not sent)
     * @return this builder
     * @throws IllegalStateException on a server builder
     * @throws IllegalArgumentException if {@code name} is blank
     */
    public Builder serverName(String name) {
      Objects.requireNonNull(name, "name");
      requireRole(TlsRole.CLIENT, "serverName");
      if (name.isBlank()) {
        throw new IllegalArgumentException("serverName must not be blank: '" + name + "'");
      }
      this.serverName = name;
      return this;
    }

    /**
     * Sets the protocol versions to enable, such as {@code "TLSv1.3"}.
     *
     * @param protocols names the context supports; none for its defaults
     * @return this builder
     * @throws IllegalArgumentException for a name the context does not support
     */
    public Builder protocols(String... protocols) {
      this.protocols = supported(protocols, sslContext.getSupportedSSLParameters().getProtocols(),
          "protocol");
      return this;
    }

    /**
     * Sets the cipher suites to enable.
     *
     * @param cipherSuites standard names the context supports; none for its defaults
     * @return this builder
     * @throws IllegalArgumentException for a name the context does not support
     */
    public Builder cipherSuites(String... cipherSuites) {
      this.cipherSuites = supported(cipherSuites,
          sslContext.getSupportedSSLParameters().getCipherSuites(), "cipher suite");
      return this;
    }

    /**
     * Turns host name verification on or off. On by default. Clients only.
     *
     * @param verify whether the server's certificate must match its name
     * @return this builder
     * @throws IllegalStateException on a server builder
     */
    public Builder hostnameVerification(boolean verify) {
      requireRole(TlsRole.CLIENT, "hostnameVerification");
      this.hostnameVerification = verify;
      return this;
    }

    /**
     * Sets how long the handshake may take on the reactor's clock. Default
     * {@link #DEFAULT_HANDSHAKE_TIMEOUT}.
     *
     * @param timeout positive
     * @return this builder
     */
    public Builder handshakeTimeout(Duration timeout) {
      this.handshakeTimeout = Checks.positive(timeout, "handshakeTimeout");
      return this;
    }

    /**
     * Sets where the engine's delegated tasks run. Default {@link DelegatedTasks#INLINE}.
     *
     * @param where inline or on the blocking pool
     * @return this builder
     */
    public Builder delegatedTasks(DelegatedTasks where) {
      this.delegatedTasks = Objects.requireNonNull(where, "where");
      return this;
    }

    /**
     * Builds the config.
     *
     * @return the immutable config
     */
    public TlsConfig build() {
      return new TlsConfig(this);
    }

    private void requireRole(TlsRole needed, String setting) {
      if (role != needed) {
        throw new IllegalStateException(
            setting + " is a " + needed.name().toLowerCase(Locale.ROOT)
                + " setting and this builder is for a " + role.name().toLowerCase(Locale.ROOT)
                + "; start from TlsConfig." + needed.name().toLowerCase(Locale.ROOT) + "(...)");
      }
    }

    private static List<String> supported(String[] names, String[] supported, String what) {
      Set<String> known = Set.of(supported);
      List<String> copy = List.of(names);
      for (String name : copy) {
        if (!known.contains(name)) {
          throw new IllegalArgumentException(
              "the SSLContext does not support the " + what + ": " + name);
        }
      }
      return copy;
    }
  }
}
