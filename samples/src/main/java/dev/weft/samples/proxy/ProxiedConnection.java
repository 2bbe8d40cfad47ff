package dev.weft.samples.proxy;

import dev.weft.reactor.BaseProtocol;
import dev.weft.reactor.ClientFactory;
import dev.weft.reactor.ConnectFailedException;
import dev.weft.reactor.ConnectionEndedException;
import dev.weft.reactor.Connector;
import dev.weft.reactor.DelayedCall;
import dev.weft.reactor.HalfCloseableProtocol;
import dev.weft.reactor.Protocol;
import dev.weft.reactor.PushProducer;
import dev.weft.reactor.Reactor;
import dev.weft.reactor.Transport;
import dev.weft.reactor.tls.TlsTransport;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * One client of a {@link TlsTerminatingProxy} and its backend connection: the two legs, what
 * the proxy buffers between them, and how often each leg was paused for the other. Not
 * thread-safe; read it on the reactor thread.
 */
public final class ProxiedConnection {
  private final Reactor reactor;
  private final String backendHost;
  private final int backendPort;
  private final Duration idleTimeout;
  private final Consumer<ProxiedConnection> whenEnded;
  private @Nullable DelayedCall idle;
  private boolean timedOut;
  private final Frontend frontendProtocol = new Frontend();
  private @Nullable TlsTransport frontend;
  private @Nullable Transport backend;
  private @Nullable Connector connector;
  private @Nullable Valve frontendValve;
  private @Nullable Valve backendValve;
  private long peakBufferedBytes;
  private long bytesToBackend;
  private long bytesToFrontend;
  private @Nullable ConnectionEndedException frontendEnd;
  private @Nullable ConnectionEndedException backendEnd;
  private @Nullable ConnectFailedException backendFailure;
  private boolean clientDoneSending;

  ProxiedConnection(Reactor reactor, String backendHost, int backendPort, Duration idleTimeout,
      Consumer<ProxiedConnection> whenEnded) {
    this.reactor = reactor;
    this.backendHost = backendHost;
    this.backendPort = backendPort;
    this.idleTimeout = idleTimeout;
    this.whenEnded = whenEnded;
  }

  Protocol frontendProtocol() {
    return frontendProtocol;
  }

  /**
   * Returns the client's TLS transport.
   *
   * @return the transport, or {@code null} before the client connected
   */
  public @Nullable TlsTransport frontend() {
    return frontend;
  }

  /**
   * Returns the plain TCP transport to the backend.
   *
   * @return the transport, or {@code null} until the backend connection is up
   */
  public @Nullable Transport backend() {
    return backend;
  }

  /**
   * Returns what the proxy buffers for this connection now: plaintext waiting to go to the
   * backend, ciphertext waiting to go to the client, and bytes read from the client that the TLS
   * layer has not delivered yet. Each is the transport's own counter.
   *
   * @return the sum, in bytes
   */
  public long bufferedBytes() {
    long sum = 0;
    TlsTransport f = frontend;
    if (f != null) {
      sum += f.pendingBytes() + f.unreadBytes();
    }
    Transport b = backend;
    if (b != null) {
      sum += b.pendingBytes();
    }
    return sum;
  }

  /**
   * Returns the most {@link #bufferedBytes()} ever was, sampled after every forwarded read and
   * every pause.
   *
   * @return the peak, in bytes
   */
  public long peakBufferedBytes() {
    return peakBufferedBytes;
  }

  /**
   * Returns how many times the client's transport was paused because the backend fell behind.
   *
   * @return the count
   */
  public int frontendPauses() {
    Valve v = frontendValve;
    return v == null ? 0 : v.pauses;
  }

  /**
   * Tells whether the client's transport is paused now because the backend fell behind.
   *
   * @return {@code true} while the backend's buffered bytes hold the client back
   */
  public boolean isFrontendPaused() {
    Valve v = frontendValve;
    return v != null && v.paused;
  }

  /**
   * Returns how many times the backend's transport was paused because the client fell behind.
   *
   * @return the count
   */
  public int backendPauses() {
    Valve v = backendValve;
    return v == null ? 0 : v.pauses;
  }

  /**
   * Tells whether the backend's transport is paused now because the client fell behind.
   *
   * @return {@code true} while the client's buffered bytes hold the backend back
   */
  public boolean isBackendPaused() {
    Valve v = backendValve;
    return v != null && v.paused;
  }

  /**
   * Returns how many plaintext bytes went from the client to the backend.
   *
   * @return the count
   */
  public long bytesToBackend() {
    return bytesToBackend;
  }

  /**
   * Returns how many bytes went from the backend to the client.
   *
   * @return the count
   */
  public long bytesToFrontend() {
    return bytesToFrontend;
  }

  /**
   * Tells whether both legs have ended (or the backend could not be reached and the client's
   * leg ended).
   *
   * @return {@code true} once nothing is left open
   */
  public boolean isEnded() {
    return frontendEnd != null && (backendEnd != null || backend == null);
  }

  /**
   * Returns why the client's leg ended.
   *
   * @return the reason, or {@code null} while it is open
   */
  public @Nullable ConnectionEndedException frontendEnd() {
    return frontendEnd;
  }

  /**
   * Returns why the backend's leg ended.
   *
   * @return the reason, or {@code null} while it is open or was never made
   */
  public @Nullable ConnectionEndedException backendEnd() {
    return backendEnd;
  }

  /**
   * Returns why the backend could not be reached.
   *
   * @return the reason, or {@code null} if it was reached or the attempt is still going
   */
  public @Nullable ConnectFailedException backendFailure() {
    return backendFailure;
  }

  /**
   * Tells whether the idle timeout closed this connection: nothing was read from either side for
   * {@link TlsTerminatingProxy}'s idle timeout.
   *
   * @return {@code true} once the timeout fired
   */
  public boolean isTimedOut() {
    return timedOut;
  }

  /** Bytes or a half-close came from one side: the connection is not idle. */
  private void touch() {
    DelayedCall timer = idle;
    if (!timedOut && timer != null && timer.isActive()) {
      timer.reset(idleTimeout);
    }
  }

  /**
   * Nothing was read from either side for the idle timeout: each leg is closed cleanly if nothing
   * waits to be sent on it, aborted otherwise (its peer stopped reading, so a clean close would
   * wait for it for ever). A leg still open one more timeout later is aborted.
   */
  private void idleTimedOut() {
    if (timedOut) {
      abort(frontend);
      abort(backend);
      return;
    }
    timedOut = true;
    close(frontend);
    close(backend);
    if (!isEnded()) {
      idle = reactor.callLater(idleTimeout, this::idleTimedOut);
    }
  }

  private static void close(@Nullable Transport leg) {
    if (leg != null && leg.pendingBytes() > 0) {
      leg.abortConnection();
    } else if (leg != null) {
      leg.loseConnection();
    }
  }

  private static void abort(@Nullable Transport leg) {
    if (leg != null) {
      leg.abortConnection();
    }
  }

  /** A leg ended: once both have, the timer has nothing left to watch and the proxy forgets it. */
  private void legEnded() {
    if (!isEnded()) {
      return;
    }
    DelayedCall timer = idle;
    if (timer != null && timer.isActive()) {
      timer.cancel();
    }
    whenEnded.accept(this);
  }

  private void sample() {
    peakBufferedBytes = Math.max(peakBufferedBytes, bufferedBytes());
  }

  /** Both legs are up: each transport paces the other; then the client's data may flow. */
  private void link(TlsTransport front, Transport back) {
    Valve toFront = new Valve(front);
    Valve toBack = new Valve(back);
    frontendValve = toFront;
    backendValve = toBack;
    back.registerProducer(toFront, true);
    front.registerProducer(toBack, true);
    front.resumeProducing();
  }

  /**
   * Stands in for a leg's transport as the producer of the other leg, so the proxy can count
   * the pauses; passes every call on unchanged.
   */
  private final class Valve implements PushProducer {
    private final Transport leg;
    private int pauses;
    private boolean paused;

    Valve(Transport leg) {
      this.leg = leg;
    }

    @Override
    public void pauseProducing() {
      if (!paused) {
        paused = true;
        pauses++;
      }
      leg.pauseProducing();
      sample();
    }

    @Override
    public void resumeProducing() {
      paused = false;
      leg.resumeProducing();
    }

    @Override
    public void stopProducing() {
      leg.stopProducing();
    }
  }

  /** The client's side: TLS, built by the listening port. */
  private final class Frontend extends BaseProtocol implements HalfCloseableProtocol {
    @Override
    public void connectionMade() {
      TlsTransport front = (TlsTransport) transport();
      frontend = front;
      // Nothing to forward to yet: what the client sends waits in the network, not here.
      front.pauseProducing();
      idle = reactor.callLater(idleTimeout, ProxiedConnection.this::idleTimedOut);
      connector = reactor.connectTCP(backendHost, backendPort, new BackendFactory());
    }

    @Override
    public void dataReceived(ByteBuffer data) {
      Transport back = backend;
      if (back == null) {
        return;
      }
      touch();
      bytesToBackend += data.remaining();
      back.write(data);
      sample();
    }

    /** The client will send nothing more: so will the proxy to the backend, after what waits. */
    @Override
    public void readConnectionLost() {
      touch();
      clientDoneSending = true;
      Transport back = backend;
      if (back != null) {
        back.loseWriteConnection();
      }
    }

    @Override
    public void writeConnectionLost() {
      // The backend's half-close reached the client; the client may still send.
    }

    @Override
    public void connectionLost(ConnectionEndedException reason) {
      frontendEnd = reason;
      Transport back = backend;
      if (back != null) {
        back.loseConnection();
      } else if (connector != null) {
        // Cancels an attempt still going; stopConnecting would throw after a failed one.
        connector.disconnect();
      }
      legEnded();
    }
  }

  /** Makes the one backend connection and reports a failed attempt. */
  private final class BackendFactory implements ClientFactory {
    @Override
    public Protocol buildProtocol(SocketAddress peer) {
      return new Backend();
    }

    @Override
    public void clientConnectionFailed(Connector c, ConnectFailedException reason) {
      backendFailure = reason;
      TlsTransport front = frontend;
      if (front != null) {
        front.loseConnection();
      }
    }
  }

  /** The backend's side: plain TCP. */
  private final class Backend extends BaseProtocol implements HalfCloseableProtocol {
    @Override
    public void connectionMade() {
      TlsTransport front = frontend;
      if (front == null || frontendEnd != null) {
        transport().loseConnection();
        return;
      }
      backend = transport();
      link(front, transport());
      if (clientDoneSending) {
        transport().loseWriteConnection();
      }
    }

    @Override
    public void dataReceived(ByteBuffer data) {
      TlsTransport front = frontend;
      if (front == null) {
        return;
      }
      touch();
      bytesToFrontend += data.remaining();
      front.write(data);
      sample();
    }

    /** The backend will send nothing more: so will the proxy to the client, after what waits. */
    @Override
    public void readConnectionLost() {
      touch();
      TlsTransport front = frontend;
      if (front != null) {
        front.loseWriteConnection();
      }
    }

    @Override
    public void writeConnectionLost() {
      // The client's half-close reached the backend; the backend may still send.
    }

    @Override
    public void connectionLost(ConnectionEndedException reason) {
      backendEnd = reason;
      TlsTransport front = frontend;
      if (front != null) {
        front.loseConnection();
      }
      legEnded();
    }
  }

  @Override
  public String toString() {
    return "ProxiedConnection[" + frontend + " <-> " + backend + ", buffered " + bufferedBytes()
        + " (peak " + peakBufferedBytes + ")]";
  }
}
