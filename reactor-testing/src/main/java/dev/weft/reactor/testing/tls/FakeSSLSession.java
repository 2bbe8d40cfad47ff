package dev.weft.reactor.testing.tls;

import dev.weft.reactor.tls.TlsSession;
import java.security.Principal;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSessionContext;
import org.jspecify.annotations.Nullable;

/** The session of a {@link FakeSSLEngine}: the values of the {@link TlsSession} the test chose. */
final class FakeSSLSession implements SSLSession {
  private static final int RECORD = 16 * 1024;
  private static final TlsSession NONE = TlsSession.builder().build();

  private final TlsSession session;
  private final @Nullable String peerHost;
  private final int peerPort;

  FakeSSLSession(@Nullable TlsSession session, @Nullable String peerHost, int peerPort) {
    this.session = session == null ? NONE : session;
    this.peerHost = peerHost;
    this.peerPort = peerPort;
  }

  @Override
  public String getProtocol() {
    return session.protocol();
  }

  @Override
  public String getCipherSuite() {
    return session.cipherSuite();
  }

  @Override
  public Certificate[] getPeerCertificates() throws SSLPeerUnverifiedException {
    if (session.peerCertificates().isEmpty()) {
      throw new SSLPeerUnverifiedException("the fake handshake's session has no peer certificates");
    }
    return session.peerCertificates().toArray(Certificate[]::new);
  }

  @Override
  public Certificate @Nullable [] getLocalCertificates() {
    return session.localCertificates().isEmpty()
        ? null
        : session.localCertificates().toArray(Certificate[]::new);
  }

  @Override
  public Principal getPeerPrincipal() throws SSLPeerUnverifiedException {
    Principal principal = session.peerPrincipal();
    if (principal == null) {
      throw new SSLPeerUnverifiedException("the fake handshake's session has no peer certificates");
    }
    return principal;
  }

  @Override
  public @Nullable Principal getLocalPrincipal() {
    return !session.localCertificates().isEmpty()
            && session.localCertificates().get(0) instanceof X509Certificate x509
        ? x509.getSubjectX500Principal()
        : null;
  }

  @Override
  public int getPacketBufferSize() {
    return RECORD;
  }

  @Override
  public int getApplicationBufferSize() {
    return RECORD;
  }

  @Override
  public @Nullable String getPeerHost() {
    return peerHost;
  }

  @Override
  public int getPeerPort() {
    return peerPort;
  }

  @Override
  public byte[] getId() {
    return new byte[0];
  }

  @Override
  public @Nullable SSLSessionContext getSessionContext() {
    return null;
  }

  @Override
  public long getCreationTime() {
    return 0;
  }

  @Override
  public long getLastAccessedTime() {
    return 0;
  }

  @Override
  public void invalidate() {}

  @Override
  public boolean isValid() {
    return true;
  }

  @Override
  public void putValue(String name, Object value) {}

  @Override
  public @Nullable Object getValue(String name) {
    return null;
  }

  @Override
  public void removeValue(String name) {}

  @Override
  public String[] getValueNames() {
    return new String[0];
  }

  @Override
  @SuppressWarnings("removal")
  public javax.security.cert.X509Certificate[] getPeerCertificateChain()
      throws SSLPeerUnverifiedException {
    throw new UnsupportedOperationException("the deprecated javax.security.cert API is not faked");
  }
}
