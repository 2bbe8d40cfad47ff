package dev.weft.reactor;

import java.net.SocketAddress;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * TCP servers and clients. Methods must be called on the reactor thread.
 *
 * <p>Twisted: {@code IReactorTCP}.
 */
public interface ReactorTCP {

  /** The listen backlog used when none is given: 50, as in Twisted. */
  int DEFAULT_BACKLOG = 50;

  /** The connect timeout used when none is given: 30 seconds, as in Twisted. */
  Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(30);

  /** The interface value that means every local address. */
  String ALL_INTERFACES = "";

  /**
   * Listens for TCP connections; each accepted connection gets a protocol from
   * {@code factory} (a {@code null} protocol closes that connection).
   *
   * @param port the port, or 0 for a free one chosen by the system (see
   *     {@link ListeningPort#host()})
   * @param factory builds the protocols; its {@code doStart} runs now
   * @param backlog the accept queue length, not negative
   * @param networkInterface the local IP address to listen on (an IPv4 or IPv6 literal, as
   *     {@link ReactorResolver#resolve(String)} defines them), or {@link #ALL_INTERFACES}
   * @return the listening port
   * @throws CannotListenException if the port cannot be opened (in use, not permitted)
   * @throws IllegalArgumentException if {@code port} is outside 0..65535, {@code backlog} is
   *     negative, or {@code networkInterface} is neither an IP literal nor {@code ""}
   */
  ListeningPort listenTCP(
      int port, ProtocolFactory factory, int backlog, String networkInterface);

  /**
   * Listens on all interfaces with the default backlog; see
   * {@link #listenTCP(int, ProtocolFactory, int, String)}.
   *
   * @param port the port, or 0 for a free one
   * @param factory builds the protocols
   * @return the listening port
   */
  default ListeningPort listenTCP(int port, ProtocolFactory factory) {
    return listenTCP(port, factory, DEFAULT_BACKLOG, ALL_INTERFACES);
  }

  /**
   * Connects to a TCP server. Returns at once; the outcome is reported to {@code factory}: see
   * {@link ClientFactory} for the order of callbacks.
   *
   * @param host a host name or IP literal; names are resolved with the reactor's resolver
   * @param port the port, 1..65535 in practice (0 is accepted and fails as the system fails it)
   * @param factory builds the protocol and hears how the attempt goes
   * @param timeout how long the attempt may take before it fails with
   *     {@link ConnectTimeoutException}, not negative
   * @param bindAddress the local address to connect from, or {@code null} for any
   * @return the connector for this attempt
   * @throws IllegalArgumentException if {@code port} is outside 0..65535 or {@code timeout} is
   *     negative
   */
  Connector connectTCP(
      String host,
      int port,
      ClientFactory factory,
      Duration timeout,
      @Nullable SocketAddress bindAddress);

  /**
   * Connects with the default timeout from any local address; see
   * {@link #connectTCP(String, int, ClientFactory, Duration, SocketAddress)}.
   *
   * @param host a host name or IP literal
   * @param port the port
   * @param factory builds the protocol and hears how the attempt goes
   * @return the connector
   */
  default Connector connectTCP(String host, int port, ClientFactory factory) {
    return connectTCP(host, port, factory, DEFAULT_CONNECT_TIMEOUT, null);
  }

  /**
   * Connects from any local address; see
   * {@link #connectTCP(String, int, ClientFactory, Duration, SocketAddress)}.
   *
   * @param host a host name or IP literal
   * @param port the port
   * @param factory builds the protocol and hears how the attempt goes
   * @param timeout how long the attempt may take
   * @return the connector
   */
  default Connector connectTCP(String host, int port, ClientFactory factory, Duration timeout) {
    return connectTCP(host, port, factory, timeout, null);
  }
}
