package dev.weft.reactor.testing;

import dev.weft.reactor.ConnectFailedException;
import dev.weft.reactor.Deferred;
import dev.weft.reactor.Protocol;
import dev.weft.reactor.ProtocolFactory;
import dev.weft.reactor.ReactorTCP;
import dev.weft.reactor.endpoints.ClientEndpoint;
import dev.weft.reactor.endpoints.TcpClientEndpoint;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A {@link ClientEndpoint} on a {@link MemoryReactor} whose connection attempts the test
 * completes or fails. Each {@link #connect(ProtocolFactory)} records a {@link ClientAttempt}
 * (also listed by the reactor's {@code tcpClients()}); completing it with
 * {@link ClientAttempt#connect()} or {@link ClientAttempt#connectTo} succeeds the returned
 * Deferred with the protocol after its {@code connectionMade}, failing it fails the Deferred with
 * the same {@link ConnectFailedException}, and cancelling the Deferred cancels the attempt
 * ({@link dev.weft.reactor.ConnectCancelledException}).
 *
 * <p>It is a {@link TcpClientEndpoint} on the reactor, so what the test sees is what production
 * code gets from the real endpoint (a factory that throws or builds no protocol fails the
 * Deferred, and its {@code *Async} stages run on the reactor, on its next turn); this class only
 * keeps the attempts at hand. Not thread-safe: use it on the test thread. Twisted: a
 * {@code TCP4ClientEndpoint} on a {@code MemoryReactor}.
 */
public final class MemoryClientEndpoint implements ClientEndpoint {
  private final MemoryReactor reactor;
  private final TcpClientEndpoint endpoint;
  private final List<ClientAttempt> attempts = new ArrayList<>();

  /**
   * Creates an endpoint with the default connect timeout.
   *
   * @param reactor the reactor that records the attempts
   * @param host the destination host name or IP literal
   * @param port the destination port
   * @throws IllegalArgumentException if {@code host} is blank or {@code port} is out of range
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
   * @throws IllegalArgumentException if {@code host} is blank, {@code port} is out of range or
   *     {@code timeout} is negative
   */
  public MemoryClientEndpoint(MemoryReactor reactor, String host, int port, Duration timeout) {
    this.reactor = Objects.requireNonNull(reactor, "reactor");
    this.endpoint = new TcpClientEndpoint(reactor, host, port, timeout, null);
  }

  /**
   * Starts an attempt the test completes; see the class comment.
   *
   * @param factory builds the protocol once connected
   * @return completes with the connected protocol, or fails with the attempt's failure
   */
  @Override
  public Deferred<Protocol> connect(ProtocolFactory factory) {
    Deferred<Protocol> result = endpoint.connect(factory);
    attempts.add(reactor.lastClientAttempt());
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
    return "MemoryClientEndpoint[" + endpoint.host() + ":" + endpoint.port() + "]";
  }
}
