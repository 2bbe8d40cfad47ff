package dev.weft.reactor.testing;

import dev.weft.reactor.ClientFactory;
import dev.weft.reactor.ConnectFailedException;
import dev.weft.reactor.ConnectionEndedException;
import dev.weft.reactor.Connector;
import dev.weft.reactor.Deferred;
import dev.weft.reactor.Protocol;
import dev.weft.reactor.ProtocolFactory;
import dev.weft.reactor.ReactorTCP;
import dev.weft.reactor.endpoints.ClientEndpoint;
import dev.weft.reactor.internal.Checks;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A {@link ClientEndpoint} on a {@link MemoryReactor} whose connection attempts the test
 * completes or fails. Each {@link #connect(ProtocolFactory)} records a {@link ClientAttempt}
 * (also listed by the reactor's {@code tcpClients()}); completing it with
 * {@link ClientAttempt#connect()} or {@link ClientAttempt#connectTo} succeeds the returned
 * Deferred with the protocol after its {@code connectionMade}, failing it fails the Deferred with
 * the same {@link ConnectFailedException}, and cancelling the Deferred cancels the attempt
 * ({@link dev.weft.reactor.ConnectCancelledException}).
 *
 * <p>Not thread-safe: use it on the test thread. Twisted: a {@code TCP4ClientEndpoint} on a
 * {@code MemoryReactor}.
 */
public final class MemoryClientEndpoint implements ClientEndpoint {
  private final MemoryReactor reactor;
  private final String host;
  private final int port;
  private final Duration timeout;
  private final List<ClientAttempt> attempts = new ArrayList<>();

  /**
   * Creates an endpoint with the default connect timeout.
   *
   * @param reactor the reactor that records the attempts
   * @param host the destination host name or IP literal
   * @param port the destination port
   */
  public MemoryClientEndpoint(MemoryReactor reactor, String host, int port) {
    this(reactor, host, port, ReactorTCP.DEFAULT_CONNECT_TIMEOUT);
  }

  /**
   * Creates an endpoint.
   *
   * @param reactor the reactor that records the attempts
   * @param host the destination host name or IP literal
   * @param port the destination port
   * @param timeout the connect timeout, not negative
   */
  public MemoryClientEndpoint(MemoryReactor reactor, String host, int port, Duration timeout) {
    this.reactor = Objects.requireNonNull(reactor, "reactor");
    this.host = Objects.requireNonNull(host, "host");
    this.port = Checks.port(port);
    this.timeout = Checks.nonNegative(timeout, "timeout");
  }

  /**
   * Starts an attempt the test completes; see the class comment.
   *
   * @param factory builds the protocol once connected
   * @return completes with the connected protocol, or fails with the attempt's failure
   */
  @Override
  public Deferred<Protocol> connect(ProtocolFactory factory) {
    Objects.requireNonNull(factory, "factory");
    Adapter adapter = new Adapter(factory);
    Connector connector = reactor.connectTCP(host, port, adapter, timeout, null);
    MemoryConnector memory = (MemoryConnector) connector;
    Deferred<Protocol> result = new Deferred<>(reactor.executor(), cancelled -> {
      if (memory.state() == Connector.State.CONNECTING) {
        memory.stopConnecting();
      }
    });
    adapter.result = result;
    ClientAttempt attempt = memory.attempts().get(0);
    attempt.whenConnected(made -> {
      if (made.isOpen() && !result.isDone()) {
        result.complete(made.protocol());
      }
    });
    attempts.add(attempt);
    return result;
  }

  /**
   * Returns the attempts made through this endpoint, in order.
   *
   * @return a snapshot
   */
  public List<ClientAttempt> attempts() {
    return List.copyOf(attempts);
  }

  @Override
  public String toString() {
    return "MemoryClientEndpoint[" + host + ":" + port + "]";
  }

  /** Passes the factory through and reports failures to the endpoint's Deferred. */
  private static final class Adapter implements ClientFactory {
    private final ProtocolFactory factory;
    private @Nullable Deferred<Protocol> result;

    Adapter(ProtocolFactory factory) {
      this.factory = factory;
    }

    @Override
    public @Nullable Protocol buildProtocol(SocketAddress peer) {
      return factory.buildProtocol(peer);
    }

    @Override
    public void doStart() {
      factory.doStart();
    }

    @Override
    public void doStop() {
      factory.doStop();
    }

    @Override
    public void clientConnectionFailed(Connector connector, ConnectFailedException reason) {
      fail(reason);
    }

    @Override
    public void clientConnectionLost(Connector connector, ConnectionEndedException reason) {
      fail(reason);
    }

    private void fail(Exception reason) {
      Deferred<Protocol> r = result;
      if (r != null && !r.isDone()) {
        r.completeExceptionally(reason);
      }
    }
  }
}
