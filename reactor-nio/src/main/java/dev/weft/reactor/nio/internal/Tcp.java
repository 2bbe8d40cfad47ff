package dev.weft.reactor.nio.internal;

import dev.weft.reactor.ClientFactory;
import dev.weft.reactor.Connector;
import dev.weft.reactor.Deferred;
import dev.weft.reactor.ListeningPort;
import dev.weft.reactor.ProtocolFactory;
import dev.weft.reactor.internal.Checks;
import dev.weft.reactor.internal.UnixPaths;
import java.net.InetAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The stream facet: {@code listenTCP} and {@code connectTCP}, {@code listenUNIX} and
 * {@code connectUNIX} (a UNIX-domain socket channel is a stream channel served by the same
 * port, connector and connection classes), and the ports and connection attempts
 * in progress, which shutdown must end. Established connections need no list of their own: each
 * is the attachment of a registered key, and the loop knows those. Loop thread only.
 */
public final class Tcp implements Facet {
  private final EventLoop loop;
  private final BlockingPools pools;
  private final Set<TcpPort> ports = Collections.newSetFromMap(new IdentityHashMap<>());
  private final Set<TcpConnector> connectors = Collections.newSetFromMap(new IdentityHashMap<>());

  /**
   * Creates the facet.
   *
   * @param loop the loop its channels register with
   * @param pools where host names are resolved
   */
  public Tcp(EventLoop loop, BlockingPools pools) {
    this.loop = Objects.requireNonNull(loop, "loop");
    this.pools = Objects.requireNonNull(pools, "pools");
  }

  /**
   * Opens a listening port; see {@code ReactorTCP.listenTCP}.
   *
   * @param port the port, 0 for any
   * @param factory builds a protocol per accepted connection
   * @param backlog the listen backlog
   * @param networkInterface an IP literal or {@code ""}
   * @return the port, listening
   */
  public ListeningPort listenTCP(
      int port, ProtocolFactory factory, int backlog, String networkInterface) {
    @Nullable InetAddress bind = Checks.listenTcp(port, factory, backlog, networkInterface);
    loop.checkThread();
    TcpPort listening = TcpPort.open(this, port, factory, backlog, bind, false, null);
    ports.add(listening);
    return listening;
  }

  /**
   * Opens a listening port of a reactor group: with {@code SO_REUSEPORT} so that each reactor of
   * the group has its own socket on the same port, or handing each accepted socket to {@code
   * handoff} instead of serving it here.
   *
   * @param reusePort whether to set {@code SO_REUSEPORT}
   * @param handoff where accepted sockets go, or {@code null} to serve them here
   * @return the port, listening
   */
  public ListeningPort listenTCP(
      int port, ProtocolFactory factory, int backlog, String networkInterface, boolean reusePort,
      @Nullable Consumer<SocketChannel> handoff) {
    @Nullable InetAddress bind = Checks.listenTcp(port, factory, backlog, networkInterface);
    loop.checkThread();
    TcpPort listening = TcpPort.open(this, port, factory, backlog, bind, reusePort, handoff);
    ports.add(listening);
    return listening;
  }

  /**
   * Serves a socket another reactor of the group accepted: builds its protocol with {@code
   * factory} and registers it with this loop, for the rest of its life.
   *
   * @param accepted the accepted socket, not registered anywhere
   * @param factory builds the protocol
   */
  public void adopt(SocketChannel accepted, ProtocolFactory factory) {
    loop.checkThread();
    TcpPort.serve(loop, factory, accepted);
  }

  /**
   * Starts connecting; see {@code ReactorTCP.connectTCP}.
   *
   * @param host host name or IP literal
   * @param port the port
   * @param factory the client factory
   * @param timeout covers resolution and the handshakes
   * @param bindAddress local address to bind, or {@code null}
   * @return the connector, connecting
   */
  public Connector connectTCP(
      String host,
      int port,
      ClientFactory factory,
      Duration timeout,
      @Nullable SocketAddress bindAddress) {
    Checks.connectTcp(host, port, factory, timeout);
    loop.checkThread();
    TcpConnector connector = new TcpConnector(this, host, port, factory, timeout, bindAddress);
    connector.connect();
    return connector;
  }

  /**
   * Opens a UNIX-domain listening port; see {@code ReactorUNIX.listenUNIX}.
   *
   * @param path the socket path
   * @param factory builds a protocol per accepted connection
   * @param backlog the listen backlog
   * @return the port, listening
   */
  public ListeningPort listenUNIX(Path path, ProtocolFactory factory, int backlog) {
    UnixDomainSocketAddress address = Checks.listenUnix(path, factory, backlog);
    loop.checkThread();
    for (TcpPort other : ports) {
      if (other.address().equals(address)) {
        // Known in use without probing it: the probe would be a spurious connection to our own
        // port, which the fakes (that know their ports too) never show.
        throw UnixPaths.inUse(path);
      }
    }
    TcpPort listening = TcpPort.openUnix(this, address, factory, backlog);
    ports.add(listening);
    return listening;
  }

  /**
   * Starts connecting to a UNIX-domain server; see {@code ReactorUNIX.connectUNIX}.
   *
   * @param path the socket path
   * @param factory the client factory
   * @param timeout the connect timeout
   * @return the connector, connecting
   */
  public Connector connectUNIX(Path path, ClientFactory factory, Duration timeout) {
    UnixDomainSocketAddress address = Checks.connectUnix(path, factory, timeout);
    loop.checkThread();
    TcpConnector connector = new TcpConnector(this, address, factory, timeout);
    connector.connect();
    return connector;
  }

  EventLoop loop() {
    return loop;
  }

  Deferred<List<InetAddress>> resolve(String host) {
    return pools.resolve(host);
  }

  void added(TcpConnector connector) {
    connectors.add(connector);
  }

  void removed(TcpConnector connector) {
    connectors.remove(connector);
  }

  void removed(TcpPort port) {
    ports.remove(port);
  }

  /** Attempts fail with {@code ConnectCancelledException}, ports close, connections are lost. */
  @Override
  public void shutDown() {
    for (TcpConnector connector : new ArrayList<>(connectors)) {
      loop.runGuarded(connector::cancelForShutdown, "cancelling " + connector);
    }
    for (TcpPort port : new ArrayList<>(ports)) {
      loop.runGuarded(port::stopListening, "stopping " + port);
    }
    for (Selectable registered : loop.registered()) {
      if (registered instanceof TcpConnection connection) {
        loop.runGuarded(connection::closeForShutdown, "closing " + connection);
      }
    }
  }

  @Override
  public void release() {
    ports.clear();
    connectors.clear();
  }

  @Override
  public String toString() {
    return "Tcp[" + ports.size() + " ports, " + connectors.size() + " attempts]";
  }
}
