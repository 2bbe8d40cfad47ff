package dev.weft.reactor.testing.tls;

import dev.weft.reactor.BaseProtocol;
import dev.weft.reactor.ConnectionEndedException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import org.jspecify.annotations.Nullable;

/**
 * A TLS peer for tests that drives a bare {@link SSLEngine} with the simplest loop there is, so a
 * test can make it do what the layer under test never would (renegotiate, for one).
 */
final class RawEngineProtocol extends BaseProtocol {
  final SSLEngine engine;
  final ByteArrayOutputStream plaintext = new ByteArrayOutputStream();
  private ByteBuffer in = ByteBuffer.allocate(64 * 1024);
  @Nullable SSLException failure;
  @Nullable ConnectionEndedException lostReason;

  RawEngineProtocol(SSLEngine engine) {
    this.engine = engine;
  }

  @Override
  public void connectionMade() {
    try {
      engine.beginHandshake();
    } catch (SSLException e) {
      failure = e;
    }
    drive();
  }

  @Override
  public void dataReceived(ByteBuffer data) {
    if (in.remaining() < data.remaining()) {
      ByteBuffer bigger = ByteBuffer.allocate(in.capacity() * 2 + data.remaining());
      in.flip();
      bigger.put(in);
      in = bigger;
    }
    in.put(data);
    drive();
  }

  @Override
  public void connectionLost(ConnectionEndedException reason) {
    lostReason = reason;
  }

  /** Starts a new handshake: a renegotiation under TLS 1.2, a key update under TLS 1.3. */
  void renegotiate() throws SSLException {
    engine.beginHandshake();
    drive();
  }

  void send(byte[] data) {
    wrap(ByteBuffer.wrap(data));
  }

  void drive() {
    if (failure != null) {
      return;
    }
    try {
      for (int i = 0; i < 1000; i++) {
        HandshakeStatus hs = engine.getHandshakeStatus();
        if (hs == HandshakeStatus.NEED_TASK) {
          Runnable task;
          while ((task = engine.getDelegatedTask()) != null) {
            task.run();
          }
        } else if (hs == HandshakeStatus.NEED_WRAP) {
          wrap(ByteBuffer.allocate(0));
        } else {
          in.flip();
          ByteBuffer out = ByteBuffer.allocate(engine.getSession().getApplicationBufferSize() + 1024);
          SSLEngineResult r = engine.unwrap(in, out);
          in.compact();
          out.flip();
          byte[] bytes = new byte[out.remaining()];
          out.get(bytes);
          plaintext.writeBytes(bytes);
          if (r.getStatus() != SSLEngineResult.Status.OK || (r.bytesConsumed() == 0 && r.bytesProduced() == 0)) {
            return;
          }
        }
      }
    } catch (SSLException e) {
      failure = e;
    }
  }

  private void wrap(ByteBuffer src) {
    try {
      do {
        ByteBuffer out = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
        engine.wrap(src, out);
        out.flip();
        if (out.hasRemaining() && !transport().isDisconnecting()) {
          transport().write(out);
        }
      } while (src.hasRemaining());
    } catch (SSLException e) {
      failure = e;
    }
  }
}
