package dev.weft.reactor.testing;

import dev.weft.reactor.Deferred;
import dev.weft.reactor.ListeningPort;
import dev.weft.reactor.Protocol;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The fake {@link ListeningPort} a {@link MemoryReactor} returns from {@code listenTCP}: it
 * records the call, holds the assigned port, and lets the test {@link #accept} inbound
 * connections or connect a recorded client attempt to it ({@link ClientAttempt#connectTo}).
 *
 * <p>The factory's {@code doStart} ran in {@code listenTCP}; {@link #stopListening()} runs its
 * {@code doStop} once and completes at once. Connections already accepted stay open. Not
 * thread-safe: use it on the test thread.
 */
public final class MemoryListeningPort implements ListeningPort {
  private final MemoryReactor reactor;
  private final ListenTcpCall call;
  private final InetSocketAddress host;
  private final @Nullable Throwable creationSite;
  private final List<MemoryConnection> connections = new ArrayList<>();
  private @Nullable Deferred<Void> stopped;

  MemoryListeningPort(
      MemoryReactor reactor, ListenTcpCall call, InetSocketAddress host, @Nullable Throwable site) {
    this.reactor = reactor;
    this.call = call;
    this.host = host;
    this.creationSite = site;
  }

  /**
   * Returns the recorded {@code listenTCP} arguments.
   *
   * @return the call
   */
  public ListenTcpCall call() {
    return call;
  }

  /**
   * Returns the address listened on, with the fake port assigned when port 0 was asked for.
   *
   * @return the local address
   */
  @Override
  public InetSocketAddress host() {
    return host;
  }

  /**
   * Returns the port number, assigned if 0 was asked for.
   *
   * @return the port
   */
  public int port() {
    return host.getPort();
  }

  /**
   * Tells whether the port still listens.
   *
   * @return {@code false} once {@link #stopListening()} was called
   */
  public boolean isListening() {
    return stopped == null;
  }

  /**
   * Stops listening: the factory's {@code doStop} runs (once; if it throws, the error is
   * recorded with the reactor) and the result completes at once. Calling it again returns the
   * same Deferred.
   *
   * @return an already succeeded Deferred
   */
  @Override
  public Deferred<Void> stopListening() {
    Deferred<Void> result = stopped;
    if (result != null) {
      return result;
    }
    result = new Deferred<>();
    stopped = result;
    Deferred<Void> done = result;
    // On the next turn, as on the production reactor.
    reactor.postTurn(() -> {
      reactor.guard("doStop of " + call.factory() + " for " + this, call.factory()::doStop);
      done.complete(null);
    });
    return result;
  }

  /**
   * Accepts an inbound connection from {@code peer}: the factory builds a protocol, a
   * {@link RecordingTransport} is attached and {@code connectionMade} runs.
   *
   * @param peer the remote address of the new connection
   * @return the connection, or {@code null} if the factory refused it (returned {@code null}, or
   *     threw, which is recorded with the reactor)
   * @throws IllegalStateException if the port stopped listening
   */
  public @Nullable MemoryConnection accept(SocketAddress peer) {
    Objects.requireNonNull(peer, "peer");
    requireListening("accept a connection");
    Protocol protocol = buildProtocol(peer);
    if (protocol == null) {
      return null;
    }
    RecordingTransport transport =
        reactor.writeBufferSettings().transportBuilder().host(localAddress()).peer(peer).build();
    MemoryConnection connection = reactor.newConnection(
        "connection accepted on port " + port() + " from " + peer, protocol, transport);
    connections.add(connection);
    connection.start();
    return connection;
  }

  /**
   * Accepts an inbound connection from {@code 127.0.0.1} on a fake ephemeral port; see
   * {@link #accept(SocketAddress)}.
   *
   * @return the connection, or {@code null} if the factory refused it
   */
  public @Nullable MemoryConnection accept() {
    return accept(new InetSocketAddress(InetAddress.getLoopbackAddress(), reactor.ephemeralPort()));
  }

  /**
   * Returns the connections accepted on this port, open or ended, in order.
   *
   * @return a snapshot
   */
  public List<MemoryConnection> connections() {
    return List.copyOf(connections);
  }

  /**
   * Returns where {@code listenTCP} was called, if the reactor captured creation sites.
   *
   * @return the creation stack, or {@code null}
   */
  public @Nullable Throwable creationSite() {
    return creationSite;
  }

  void requireListening(String action) {
    if (!isListening()) {
      throw new IllegalStateException(
          "cannot " + action + ": " + this + " stopped listening; a stopped port accepts nothing");
    }
  }

  /** Builds the server protocol for {@code peer}, guarded; null if refused. */
  @Nullable Protocol buildProtocol(SocketAddress peer) {
    Protocol[] built = new Protocol[1];
    reactor.guard("buildProtocol of " + call.factory() + " on " + this,
        () -> built[0] = call.factory().buildProtocol(peer));
    return built[0];
  }

  /** The address connections on this port see as theirs: loopback when listening on all. */
  InetSocketAddress localAddress() {
    return host.getAddress().isAnyLocalAddress()
        ? new InetSocketAddress(InetAddress.getLoopbackAddress(), port())
        : host;
  }

  MemoryReactor reactor() {
    return reactor;
  }

  void accepted(MemoryConnection connection) {
    connections.add(connection);
  }

  @Override
  public String toString() {
    return "listening port " + host.getPort() + " on " + host.getHostString()
        + (isListening() ? "" : " (stopped)");
  }
}
