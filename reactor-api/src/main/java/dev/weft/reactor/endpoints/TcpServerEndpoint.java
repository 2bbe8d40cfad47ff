package dev.weft.reactor.endpoints;

import dev.weft.reactor.CannotListenException;
import dev.weft.reactor.Deferred;
import dev.weft.reactor.ListeningPort;
import dev.weft.reactor.ProtocolFactory;
import dev.weft.reactor.ReactorTCP;
import dev.weft.reactor.internal.Checks;
import java.util.Objects;

/**
 * Listens with one {@link ReactorTCP#listenTCP} call. Immutable; {@link #listen} must be called
 * on the reactor thread.
 *
 * <p>Twisted: {@code TCP4ServerEndpoint}.
 */
public final class TcpServerEndpoint implements ServerEndpoint {
  private final ReactorTCP tcp;
  private final int port;
  private final int backlog;
  private final String networkInterface;

  /**
   * Creates an endpoint on every interface with the default backlog.
   *
   * @param tcp the reactor to listen with
   * @param port the port, or 0 for a free one
   * @throws IllegalArgumentException if {@code port} is outside 0..65535
   */
  public TcpServerEndpoint(ReactorTCP tcp, int port) {
    this(tcp, port, ReactorTCP.DEFAULT_BACKLOG, ReactorTCP.ALL_INTERFACES);
  }

  /**
   * Creates an endpoint.
   *
   * @param tcp the reactor to listen with
   * @param port the port, or 0 for a free one
   * @param backlog the accept queue length, not negative
   * @param networkInterface the local IP literal to listen on, or
   *     {@link ReactorTCP#ALL_INTERFACES}
   * @throws IllegalArgumentException if {@code port} is outside 0..65535 or {@code backlog} is
   *     negative
   */
  public TcpServerEndpoint(ReactorTCP tcp, int port, int backlog, String networkInterface) {
    this.tcp = Objects.requireNonNull(tcp, "tcp");
    this.port = Checks.port(port);
    this.backlog = Checks.backlog(backlog);
    this.networkInterface = Objects.requireNonNull(networkInterface, "networkInterface");
  }

  /**
   * {@inheritDoc}
   *
   * <p>The reactor opens the port at once, so the Deferred is already complete when this method
   * returns.
   */
  @Override
  public Deferred<ListeningPort> listen(ProtocolFactory factory) {
    Objects.requireNonNull(factory, "factory");
    try {
      return Deferred.succeeded(tcp.listenTCP(port, factory, backlog, networkInterface));
    } catch (CannotListenException e) {
      return Deferred.failed(e);
    }
  }

  /**
   * Returns the port asked for.
   *
   * @return the port, 0 meaning a free one
   */
  public int port() {
    return port;
  }

  /**
   * Returns the accept queue length.
   *
   * @return the backlog
   */
  public int backlog() {
    return backlog;
  }

  /**
   * Returns the interface listened on.
   *
   * @return an IP literal, or {@link ReactorTCP#ALL_INTERFACES}
   */
  public String networkInterface() {
    return networkInterface;
  }

  @Override
  public String toString() {
    return "TcpServerEndpoint[port=" + port + ", backlog=" + backlog
        + (networkInterface.isEmpty() ? "" : ", interface=" + networkInterface) + "]";
  }
}
