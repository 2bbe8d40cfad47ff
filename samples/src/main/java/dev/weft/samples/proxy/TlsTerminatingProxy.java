package dev.weft.samples.proxy;

import dev.weft.reactor.ListeningPort;
import dev.weft.reactor.Protocol;
import dev.weft.reactor.ProtocolFactory;
import dev.weft.reactor.Reactor;
import dev.weft.reactor.tls.ReactorTLS;
import dev.weft.reactor.tls.TlsConfig;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.Objects;

/**
 * A port forwarder that terminates TLS: each client connects with TLS, the proxy opens a plain TCP
 * connection to one backend and copies bytes both ways. Not thread-safe; the reactor calls it on
 * its thread, and {@link #connections()} is for that thread too.
 *
 * <pre>{@code
 * TlsTerminatingProxy proxy = new TlsTerminatingProxy(reactor, "127.0.0.1", 8080);
 * ListeningPort port = proxy.listen(reactor, 8443, TlsConfig.server(serverContext).build());
 * }</pre>
 *
 * <p><b>Back-pressure through TLS, with no buffer of its own.</b> Each leg's transport is
 * registered as the producer of the other leg's transport. When the backend reads slowly, the
 * plaintext the proxy writes to it rises above that transport's high-water mark, which pauses
 * the client's TLS transport; the TLS layer stops reading the socket underneath, the kernel
 * buffers fill and TCP slows the client down. When the client reads slowly, the ciphertext
 * buffered for it pauses the TLS transport's producer, the backend's transport, which stops
 * reading the backend. Either way the proxy holds at most a high-water mark plus one read per
 * direction ({@link ProxiedConnection#bufferedBytes()}), however much the other side sends.
 *
 * <p>Until the backend connection is up the client's transport does not deliver data (the
 * handshake goes on meanwhile). If the backend cannot be reached, the client's connection is
 * closed; when either leg ends, the other is closed cleanly after what was buffered for it is
 * sent (for the client, with a TLS {@code close_notify}).
 *
 * <p><b>Half-close passes through.</b> When one side shuts its sending direction and keeps
 * reading (a client that sends its request, half-closes and waits for the answer), the proxy
 * shuts the same direction of the other leg once what waits for it is sent, and both legs go on
 * carrying the other direction, with the same back-pressure, until it closes too. From the
 * client this needs TLS 1.3, where {@code close_notify} closes one direction; under TLS 1.2 it
 * closes the connection.
 *
 * <p><b>Idle connections are closed.</b> Once a client is connected, a connection from which
 * nothing was read, from either side, for the idle timeout ({@link #DEFAULT_IDLE_TIMEOUT} unless
 * given) of reactor time is closed on both legs: cleanly where nothing waits to be sent, aborted
 * where the peer left bytes untaken (a clean close would wait for it for ever); a leg still open
 * one more timeout later is aborted. A peer that stops reading stalls the other side through
 * back-pressure, so nothing is read from either: it counts as idle too. The TLS handshake has a
 * timeout of its own ({@link dev.weft.reactor.tls.TlsConfig#handshakeTimeout()}).
 *
 * <p>Twisted: {@code twisted.protocols.portforward}, behind a TLS port.
 */
public final class TlsTerminatingProxy implements ProtocolFactory {
  /** The default idle timeout: 5 minutes of reactor time. */
  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(5);

  private final Reactor backendReactor;
  private final String backendHost;
  private final int backendPort;
  private final Duration idleTimeout;
  private final Set<ProxiedConnection> connections = new LinkedHashSet<>();
  private long accepted;

  /**
   * Creates a proxy to one backend that closes connections idle for
   * {@link #DEFAULT_IDLE_TIMEOUT}.
   *
   * @param backendReactor opens the backend connections and measures the idle timeout
   * @param backendHost the backend's host name or IP literal
   * @param backendPort the backend's port, 1..65535
   * @throws IllegalArgumentException if the port is out of range
   */
  public TlsTerminatingProxy(Reactor backendReactor, String backendHost, int backendPort) {
    this(backendReactor, backendHost, backendPort, DEFAULT_IDLE_TIMEOUT);
  }

  /**
   * Creates a proxy to one backend.
   *
   * @param backendReactor opens the backend connections and measures the idle timeout
   * @param backendHost the backend's host name or IP literal
   * @param backendPort the backend's port, 1..65535
   * @param idleTimeout how long a connection may read nothing from either side before it is
   *     closed; a positive duration of reactor time
   * @throws IllegalArgumentException if the port is out of range or {@code idleTimeout} is zero
   *     or negative
   */
  public TlsTerminatingProxy(Reactor backendReactor, String backendHost, int backendPort,
      Duration idleTimeout) {
    this.backendReactor = Objects.requireNonNull(backendReactor, "backendReactor");
    this.backendHost = Objects.requireNonNull(backendHost, "backendHost");
    Objects.requireNonNull(idleTimeout, "idleTimeout");
    if (backendPort < 1 || backendPort > 65_535) {
      throw new IllegalArgumentException("backendPort must be in 1..65535: " + backendPort);
    }
    if (idleTimeout.isZero() || idleTimeout.isNegative()) {
      throw new IllegalArgumentException("idleTimeout must be positive: " + idleTimeout);
    }
    this.backendPort = backendPort;
    this.idleTimeout = idleTimeout;
  }

  /**
   * Listens for TLS clients on {@code port} of the loopback and every other interface.
   *
   * @param reactor the reactor to listen with
   * @param port the port, or 0 for a free one
   * @param config the server config (certificate, client authentication, protocols)
   * @return the listening port
   */
  public ListeningPort listen(ReactorTLS reactor, int port, TlsConfig config) {
    Objects.requireNonNull(reactor, "reactor");
    return reactor.listenTLS(port, this, config);
  }

  /**
   * Builds the client-side protocol of one proxied connection; used by the listening port.
   *
   * @param peer the client's address
   * @return the protocol, which connects to the backend once it is connected itself
   */
  @Override
  public Protocol buildProtocol(SocketAddress peer) {
    accepted++;
    ProxiedConnection connection = new ProxiedConnection(backendReactor, backendHost, backendPort,
        idleTimeout, connections::remove);
    connections.add(connection);
    return connection.frontendProtocol();
  }

  /**
   * Returns the connections that have not ended, oldest first. A connection leaves the list once
   * both its legs have ended (or its client's leg, if the backend was never reached), so the
   * proxy keeps nothing for the clients that have gone.
   *
   * @return a snapshot
   */
  public List<ProxiedConnection> connections() {
    return List.copyOf(connections);
  }

  /**
   * Returns how many connections this proxy accepted, ended ones included.
   *
   * @return the count
   */
  public long accepted() {
    return accepted;
  }

  @Override
  public String toString() {
    return "TlsTerminatingProxy[to " + backendHost + ":" + backendPort + ", "
        + connections.size() + " open of " + accepted + " accepted]";
  }
}
