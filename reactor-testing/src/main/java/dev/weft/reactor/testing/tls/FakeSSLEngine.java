package dev.weft.reactor.testing.tls;

import java.nio.ByteBuffer;
import java.util.Objects;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLEngineResult.Status;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import org.jspecify.annotations.Nullable;

/**
 * An engine with no crypto: bytes pass through unchanged, and the handshake ends when the test
 * says so through its {@link FakeHandshake}. The TLS layer drives it exactly as it drives a real
 * engine, so everything above the engine (the protocol's callbacks, the session it sees, the
 * reasons it gets) is the production code path.
 *
 * <p>The test's decisions reach the engine out of band; the one byte {@link FakeHandshake}
 * delivers afterwards only wakes the layer up, and the engine swallows it.
 */
final class FakeSSLEngine extends SSLEngine {
  private final FakeHandshake handshake;
  private SSLParameters parameters = new SSLParameters();
  private boolean clientMode;
  private boolean begun;
  private boolean finishedReported;
  private boolean inboundDone;
  private boolean outboundDone;

  FakeSSLEngine(@Nullable String peerHost, int peerPort, FakeTls owner) {
    super(peerHost, peerPort);
    this.handshake = new FakeHandshake(this, peerHost, peerPort);
    owner.made(handshake);
  }

  FakeHandshake handshake() {
    return handshake;
  }

  // ---------------------------------------------------------------- the handshake

  @Override
  public void beginHandshake() {
    begun = true;
  }

  @Override
  public HandshakeStatus getHandshakeStatus() {
    if (!begun || finishedReported || inboundDone || outboundDone) {
      return HandshakeStatus.NOT_HANDSHAKING;
    }
    if (handshake.failure() != null) {
      return HandshakeStatus.NEED_WRAP;
    }
    return HandshakeStatus.NEED_UNWRAP;
  }

  @Override
  public SSLEngineResult unwrap(ByteBuffer src, ByteBuffer[] dsts, int offset, int length)
      throws SSLException {
    Objects.requireNonNull(src, "src");
    if (inboundDone) {
      return new SSLEngineResult(Status.CLOSED, getHandshakeStatus(), 0, 0);
    }
    if (handshake.isClosedByPeer()) {
      int consumed = src.remaining();
      src.position(src.limit());
      inboundDone = true;
      return new SSLEngineResult(Status.CLOSED, getHandshakeStatus(), consumed, 0);
    }
    if (!finishedReported) {
      SSLException failure = handshake.failure();
      if (failure != null) {
        throw failure;
      }
      if (handshake.session() == null) {
        // Waiting for the test: nothing the peer says matters before it decides.
        return new SSLEngineResult(Status.BUFFER_UNDERFLOW, HandshakeStatus.NEED_UNWRAP, 0, 0);
      }
      int consumed = src.remaining();
      src.position(src.limit());
      finishedReported = true;
      return new SSLEngineResult(Status.OK, HandshakeStatus.FINISHED, consumed, 0);
    }
    int produced = 0;
    for (int i = offset; i < offset + length && src.hasRemaining(); i++) {
      ByteBuffer dst = dsts[i];
      int n = Math.min(dst.remaining(), src.remaining());
      ByteBuffer slice = src.duplicate();
      slice.limit(slice.position() + n);
      dst.put(slice);
      src.position(src.position() + n);
      produced += n;
    }
    if (src.hasRemaining() && produced == 0) {
      return new SSLEngineResult(Status.BUFFER_OVERFLOW, getHandshakeStatus(), 0, 0);
    }
    return new SSLEngineResult(Status.OK, getHandshakeStatus(), produced, produced);
  }

  @Override
  public SSLEngineResult wrap(ByteBuffer[] srcs, int offset, int length, ByteBuffer dst)
      throws SSLException {
    Objects.requireNonNull(dst, "dst");
    if (outboundDone) {
      return new SSLEngineResult(Status.CLOSED, getHandshakeStatus(), 0, 0);
    }
    SSLException failure = handshake.failure();
    if (!finishedReported && failure != null) {
      outboundDone = true;
      throw failure;
    }
    if (!finishedReported) {
      return new SSLEngineResult(Status.OK, getHandshakeStatus(), 0, 0);
    }
    int consumed = 0;
    for (int i = offset; i < offset + length && dst.hasRemaining(); i++) {
      ByteBuffer src = srcs[i];
      int n = Math.min(dst.remaining(), src.remaining());
      ByteBuffer slice = src.duplicate();
      slice.limit(slice.position() + n);
      dst.put(slice);
      src.position(src.position() + n);
      consumed += n;
    }
    return new SSLEngineResult(Status.OK, getHandshakeStatus(), consumed, consumed);
  }

  @Override
  public @Nullable Runnable getDelegatedTask() {
    return null;
  }

  // ---------------------------------------------------------------- closing

  @Override
  public void closeInbound() {
    inboundDone = true;
  }

  @Override
  public boolean isInboundDone() {
    return inboundDone;
  }

  @Override
  public void closeOutbound() {
    outboundDone = true;
  }

  @Override
  public boolean isOutboundDone() {
    return outboundDone;
  }

  // ---------------------------------------------------------------- the session and settings

  @Override
  public SSLSession getSession() {
    return new FakeSSLSession(handshake.session(), getPeerHost(), getPeerPort());
  }

  @Override
  public @Nullable String getApplicationProtocol() {
    var session = handshake.session();
    if (!finishedReported || session == null) {
      return null;
    }
    String alpn = session.applicationProtocol();
    return alpn == null ? "" : alpn;
  }

  @Override
  public SSLParameters getSSLParameters() {
    return copy(parameters);
  }

  @Override
  public void setSSLParameters(SSLParameters params) {
    this.parameters = copy(params);
  }

  SSLParameters parameters() {
    return copy(parameters);
  }

  private static SSLParameters copy(SSLParameters p) {
    SSLParameters c = new SSLParameters(p.getCipherSuites(), p.getProtocols());
    c.setApplicationProtocols(p.getApplicationProtocols());
    c.setEndpointIdentificationAlgorithm(p.getEndpointIdentificationAlgorithm());
    if (p.getServerNames() != null) {
      c.setServerNames(p.getServerNames());
    }
    if (p.getNeedClientAuth()) {
      c.setNeedClientAuth(true);
    } else if (p.getWantClientAuth()) {
      c.setWantClientAuth(true);
    }
    return c;
  }

  @Override
  public void setUseClientMode(boolean mode) {
    this.clientMode = mode;
  }

  @Override
  public boolean getUseClientMode() {
    return clientMode;
  }

  @Override
  public String[] getSupportedCipherSuites() {
    return new String[] {"TLS_AES_128_GCM_SHA256"};
  }

  @Override
  public String[] getEnabledCipherSuites() {
    return parameters.getCipherSuites() == null ? getSupportedCipherSuites() : parameters.getCipherSuites();
  }

  @Override
  public void setEnabledCipherSuites(String[] suites) {
    parameters.setCipherSuites(suites);
  }

  @Override
  public String[] getSupportedProtocols() {
    return new String[] {"TLSv1.3", "TLSv1.2"};
  }

  @Override
  public String[] getEnabledProtocols() {
    return parameters.getProtocols() == null ? getSupportedProtocols() : parameters.getProtocols();
  }

  @Override
  public void setEnabledProtocols(String[] protocols) {
    parameters.setProtocols(protocols);
  }

  @Override
  public void setNeedClientAuth(boolean need) {
    parameters.setNeedClientAuth(need);
  }

  @Override
  public boolean getNeedClientAuth() {
    return parameters.getNeedClientAuth();
  }

  @Override
  public void setWantClientAuth(boolean want) {
    parameters.setWantClientAuth(want);
  }

  @Override
  public boolean getWantClientAuth() {
    return parameters.getWantClientAuth();
  }

  @Override
  public void setEnableSessionCreation(boolean flag) {}

  @Override
  public boolean getEnableSessionCreation() {
    return true;
  }
}
