package dev.weft.reactor.testing.tls;

import dev.weft.reactor.tls.TlsConfig;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import org.jspecify.annotations.Nullable;

/**
 * TLS without crypto, for tests of code that speaks TLS but whose subject is not TLS: give the
 * code under test {@link #clientConfig()} or {@link #serverConfig()}, let it connect on a fake
 * reactor, and decide each handshake's outcome with the {@link FakeHandshake} it made. The real
 * TLS layer runs over a fake engine, so the protocol sees what it would see in production (a
 * {@code TlsTransport}, {@code handshakeCompleted} with the session the test chose, a
 * {@code TlsCertificateRejectedException}) while the test reads and writes plaintext.
 *
 * <pre>{@code
 * FakeTls tls = FakeTls.create();
 * Deferred<HttpResponse> page = HttpClient.getPage(reactor, "https://example.com/", tls.clientConfig(), timeout);
 * MemoryConnection connection = reactor.lastClientAttempt().connect();
 * tls.lastHandshake().complete(connection, TlsSession.builder().applicationProtocol("http/1.1").build());
 * assertThat(connection.takeWrittenText()).startsWith("GET / HTTP/1.1");
 * }</pre>
 *
 * <p>For a real handshake in memory, use {@link TestCertificates} and connect the attempt to a
 * port opened with {@code listenTLS}. Not thread-safe: use it on the test thread.
 */
public final class FakeTls {
  private final List<FakeHandshake> handshakes = new ArrayList<>();
  private final SSLContext context;

  private FakeTls() {
    this.context = new FakeContext(new Spi(this));
  }

  /**
   * Creates a fake with no handshakes yet.
   *
   * @return the fake
   */
  public static FakeTls create() {
    return new FakeTls();
  }

  /**
   * Returns the fake context whose engines do no crypto; every engine it makes is recorded.
   *
   * @return the context
   */
  public SSLContext context() {
    return context;
  }

  /**
   * Returns a client config on the fake context, host name verification on (as by default), so
   * {@link FakeHandshake#verifiesHostName()} shows what the code under test would do.
   *
   * @return the config
   */
  public TlsConfig clientConfig() {
    return TlsConfig.client(context).build();
  }

  /**
   * Returns a server config on the fake context.
   *
   * @return the config
   */
  public TlsConfig serverConfig() {
    return TlsConfig.server(context).build();
  }

  /**
   * Returns every handshake begun with this fake, oldest first.
   *
   * @return a snapshot
   */
  public List<FakeHandshake> handshakes() {
    return List.copyOf(handshakes);
  }

  /**
   * Returns the newest handshake.
   *
   * @return the handshake
   * @throws IllegalStateException if no TLS connection used this fake yet
   */
  public FakeHandshake lastHandshake() {
    if (handshakes.isEmpty()) {
      throw new IllegalStateException(
          "no TLS connection used this FakeTls yet: connect the recorded attempt (or accept a "
              + "connection) made with its config first");
    }
    return handshakes.get(handshakes.size() - 1);
  }

  void made(FakeHandshake handshake) {
    handshakes.add(handshake);
  }

  @Override
  public String toString() {
    return "FakeTls[" + handshakes.size() + " handshakes]";
  }

  private static final class FakeContext extends SSLContext {
    FakeContext(SSLContextSpi spi) {
      super(spi, null, "FakeTLS");
    }
  }

  private static final class Spi extends SSLContextSpi {
    private final FakeTls owner;

    Spi(FakeTls owner) {
      this.owner = owner;
    }

    @Override
    protected void engineInit(KeyManager @Nullable [] km, TrustManager @Nullable [] tm,
        @Nullable SecureRandom random) {}

    @Override
    protected SSLSocketFactory engineGetSocketFactory() {
      throw new UnsupportedOperationException("FakeTls makes engines only, for the TLS layer");
    }

    @Override
    protected SSLServerSocketFactory engineGetServerSocketFactory() {
      throw new UnsupportedOperationException("FakeTls makes engines only, for the TLS layer");
    }

    @Override
    protected SSLEngine engineCreateSSLEngine() {
      return new FakeSSLEngine(null, -1, owner);
    }

    @Override
    protected SSLEngine engineCreateSSLEngine(String host, int port) {
      return new FakeSSLEngine(host, port, owner);
    }

    @Override
    protected @Nullable SSLSessionContext engineGetServerSessionContext() {
      return null;
    }

    @Override
    protected @Nullable SSLSessionContext engineGetClientSessionContext() {
      return null;
    }

    @Override
    protected SSLParameters engineGetDefaultSSLParameters() {
      return new SSLParameters(new String[] {"TLS_AES_128_GCM_SHA256"}, new String[] {"TLSv1.3"});
    }

    @Override
    protected SSLParameters engineGetSupportedSSLParameters() {
      return new SSLParameters(new String[] {"TLS_AES_128_GCM_SHA256"},
          new String[] {"TLSv1.3", "TLSv1.2"});
    }
  }
}
