package dev.weft.reactor.testing.tls;

import dev.weft.reactor.tls.TlsConfig;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import org.jspecify.annotations.Nullable;

/**
 * A certificate authority with a server and a client certificate it signed, made in memory, and
 * the {@link SSLContext}s and {@link TlsConfig}s that use them: a TLS test in three lines.
 *
 * <pre>{@code
 * TestCertificates certificates = TestCertificates.create("localhost");
 * reactor.listenTLS(0, serverFactory, certificates.serverConfig());
 * reactor.connectTLS("localhost", port, clientFactory, certificates.clientConfig());
 * }</pre>
 *
 * <p>Keys are EC P-256, signatures ECDSA with SHA-256. The server certificate names the given
 * hosts as subject alternative names (DNS names, or IP addresses for IP literals); the client
 * certificate names {@code CN=client}. Each context trusts this authority only, so a second
 * {@code TestCertificates} is an untrusted stranger: the easy way to test a rejected certificate.
 *
 * <p><b>No clock.</b> Certificates are valid from 2000 to 2999 unless
 * {@link Builder#validity(Instant, Instant)} says otherwise, so nothing here reads the time.
 *
 * <p><b>Dependency.</b> Needs BouncyCastle's {@code org.bouncycastle:bcpkix-jdk18on} on the
 * test class path (the JDK has no public API to make certificates); reactor-testing declares it
 * optional, so add it to your test dependencies. Making a set costs a few milliseconds; share one
 * per test class when you make many connections. Immutable and thread-safe.
 */
public final class TestCertificates {
  /** Where certificates start being valid unless set: 2000-01-01. */
  public static final Instant DEFAULT_NOT_BEFORE = Instant.parse("2000-01-01T00:00:00Z");
  /** Where certificates stop being valid unless set: the end of 2999. */
  public static final Instant DEFAULT_NOT_AFTER = Instant.parse("2999-12-31T23:59:59Z");

  private static final char[] PASSWORD = "weft".toCharArray();
  // Every set has its own authority name, so a stranger's certificate fails with a clear
  // "unable to find a valid certification path" rather than a signature mismatch.
  private static final AtomicInteger AUTHORITIES = new AtomicInteger();

  private final X509Certificate authority;
  private final X509Certificate serverCertificate;
  private final PrivateKey serverKey;
  private final X509Certificate clientCertificate;
  private final PrivateKey clientKey;
  private final List<String> serverNames;

  private TestCertificates(Builder b) {
    requireBouncyCastle();
    KeyPair authorityKeys = newKeys();
    this.authority = CertificateMaker.make(CertificateMaker.Kind.AUTHORITY, b.authorityName,
        List.of(), authorityKeys, null, authorityKeys.getPrivate(), b.notBefore, b.notAfter);
    KeyPair serverKeys = newKeys();
    this.serverCertificate = CertificateMaker.make(CertificateMaker.Kind.SERVER,
        "CN=" + b.serverNames.get(0), b.serverNames, serverKeys, authority,
        authorityKeys.getPrivate(), b.notBefore, b.notAfter);
    this.serverKey = serverKeys.getPrivate();
    KeyPair clientKeys = newKeys();
    this.clientCertificate = CertificateMaker.make(CertificateMaker.Kind.CLIENT,
        "CN=" + b.clientName, List.of(), clientKeys, authority, authorityKeys.getPrivate(),
        b.notBefore, b.notAfter);
    this.clientKey = clientKeys.getPrivate();
    this.serverNames = b.serverNames;
  }

  /**
   * Makes an authority, a server certificate for {@code serverNames} and a client certificate.
   *
   * @param serverNames host names and IP literals the server certificate is valid for; none
   *     means {@code localhost}, {@code 127.0.0.1} and {@code ::1}
   * @return the certificates
   * @throws IllegalStateException if BouncyCastle is not on the class path (the message says
   *     which dependency to add)
   */
  public static TestCertificates create(String... serverNames) {
    Builder b = builder();
    if (serverNames.length > 0) {
      b.serverNames(serverNames);
    }
    return b.build();
  }

  /**
   * Starts a builder: server names {@code localhost}, {@code 127.0.0.1}, {@code ::1}; client
   * {@code CN=client}; valid from {@link #DEFAULT_NOT_BEFORE} to {@link #DEFAULT_NOT_AFTER}.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns the authority's certificate, which every context here trusts.
   *
   * @return the self-signed CA certificate
   */
  public X509Certificate authority() {
    return authority;
  }

  /**
   * Returns the server's certificate.
   *
   * @return the certificate, signed by {@link #authority()}
   */
  public X509Certificate serverCertificate() {
    return serverCertificate;
  }

  /**
   * Returns the server's private key.
   *
   * @return the key of {@link #serverCertificate()}
   */
  public PrivateKey serverKey() {
    return serverKey;
  }

  /**
   * Returns the client's certificate.
   *
   * @return the certificate, signed by {@link #authority()}
   */
  public X509Certificate clientCertificate() {
    return clientCertificate;
  }

  /**
   * Returns the client's private key.
   *
   * @return the key of {@link #clientCertificate()}
   */
  public PrivateKey clientKey() {
    return clientKey;
  }

  /**
   * Returns the names the server certificate is valid for.
   *
   * @return an unmodifiable list
   */
  public List<String> serverNames() {
    return serverNames;
  }

  /**
   * Returns a key store that trusts {@link #authority()} only.
   *
   * @return a new in-memory PKCS#12 store
   */
  public KeyStore trustStore() {
    KeyStore store = emptyStore();
    try {
      store.setCertificateEntry("authority", authority);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot store the test authority: " + e, e);
    }
    return store;
  }

  /**
   * Returns a server context: it presents {@link #serverCertificate()} and trusts client
   * certificates signed by {@link #authority()}.
   *
   * @return a new context
   */
  public SSLContext serverContext() {
    return context(keyManagers(serverKey, serverCertificate));
  }

  /**
   * Returns a client context: it trusts servers signed by {@link #authority()} and presents
   * {@link #clientCertificate()} when a server asks for one.
   *
   * @return a new context
   */
  public SSLContext clientContext() {
    return context(keyManagers(clientKey, clientCertificate));
  }

  /**
   * Returns a client context that trusts {@link #authority()} but has no certificate to present,
   * for testing a server that requires one.
   *
   * @return a new context
   */
  public SSLContext clientContextWithoutCertificate() {
    return context(null);
  }

  /**
   * Returns a server config on {@link #serverContext()} with every other setting at its default.
   *
   * @return the config
   */
  public TlsConfig serverConfig() {
    return TlsConfig.server(serverContext()).build();
  }

  /**
   * Returns a client config on {@link #clientContext()} (host names verified) with every other
   * setting at its default.
   *
   * @return the config
   */
  public TlsConfig clientConfig() {
    return TlsConfig.client(clientContext()).build();
  }

  private SSLContext context(KeyManager @Nullable [] keys) {
    try {
      TrustManagerFactory trust =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(trustStore());
      TrustManager[] trustManagers = trust.getTrustManagers();
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys, trustManagers, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot make a TLS context from the test certificates: " + e, e);
    }
  }

  private KeyManager[] keyManagers(PrivateKey key, X509Certificate certificate) {
    try {
      KeyStore store = emptyStore();
      store.setKeyEntry("key", key, PASSWORD, new X509Certificate[] {certificate, authority});
      KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      factory.init(store, PASSWORD);
      return factory.getKeyManagers();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot make key managers from the test certificates: " + e, e);
    }
  }

  private static KeyStore emptyStore() {
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      return store;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot make an in-memory key store: " + e, e);
    }
  }

  private static KeyPair newKeys() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JDK cannot make EC P-256 keys: " + e, e);
    }
  }

  private static void requireBouncyCastle() {
    try {
      Class.forName("org.bouncycastle.cert.X509v3CertificateBuilder", false,
          TestCertificates.class.getClassLoader());
    } catch (ClassNotFoundException | LinkageError e) {
      throw new IllegalStateException(
          "TestCertificates needs BouncyCastle on the test class path (the JDK has no public API "
              + "to make certificates): add the test dependency org.bouncycastle:bcpkix-jdk18on",
          e);
    }
  }

  @Override
  public String toString() {
    return "TestCertificates[server " + serverNames + ", authority "
        + authority.getSubjectX500Principal().getName() + "]";
  }

  /** Configures {@link TestCertificates}; not thread-safe. */
  public static final class Builder {
    private List<String> serverNames = List.of("localhost", "127.0.0.1", "::1");
    private String clientName = "client";
    private final String authorityName = "CN=Weft Test Authority " + AUTHORITIES.incrementAndGet();
    private Instant notBefore = DEFAULT_NOT_BEFORE;
    private Instant notAfter = DEFAULT_NOT_AFTER;

    private Builder() {}

    /**
     * Sets the names the server certificate is valid for; the first is also its common name.
     *
     * @param names host names and IP literals, at least one, none blank
     * @return this builder
     */
    public Builder serverNames(String... names) {
      List<String> copy = List.copyOf(Arrays.asList(names));
      if (copy.isEmpty()) {
        throw new IllegalArgumentException("serverNames needs at least one name: []");
      }
      for (String name : copy) {
        if (name.isBlank()) {
          throw new IllegalArgumentException("serverNames must not be blank: " + copy);
        }
      }
      this.serverNames = copy;
      return this;
    }

    /**
     * Sets the client certificate's common name.
     *
     * @param commonName such as {@code "alice"}; the subject is {@code CN=<commonName>}
     * @return this builder
     */
    public Builder clientName(String commonName) {
      Objects.requireNonNull(commonName, "commonName");
      if (commonName.isBlank() || commonName.contains(",") || commonName.contains("=")) {
        throw new IllegalArgumentException(
            "clientName must be a plain common name (no ',' or '='): '" + commonName + "'");
      }
      this.clientName = commonName;
      return this;
    }

    /**
     * Sets when every certificate of the set is valid, for example a window in the past to test
     * an expired certificate.
     *
     * @param notBefore the first valid instant
     * @param notAfter the last valid instant, after {@code notBefore}
     * @return this builder
     */
    public Builder validity(Instant notBefore, Instant notAfter) {
      Objects.requireNonNull(notBefore, "notBefore");
      Objects.requireNonNull(notAfter, "notAfter");
      if (!notAfter.isAfter(notBefore)) {
        throw new IllegalArgumentException(
            "validity must end after it starts: " + notBefore + " .. " + notAfter);
      }
      this.notBefore = notBefore;
      this.notAfter = notAfter;
      return this;
    }

    /**
     * Makes the certificates.
     *
     * @return the certificates
     * @throws IllegalStateException if BouncyCastle is not on the class path
     */
    public TestCertificates build() {
      return new TestCertificates(this);
    }
  }
}
