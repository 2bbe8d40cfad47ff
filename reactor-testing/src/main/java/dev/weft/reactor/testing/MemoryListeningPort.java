package dev.weft.reactor.testing;

import dev.weft.reactor.Deferred;
import dev.weft.reactor.ListeningPort;
import dev.weft.reactor.Protocol;
import dev.weft.reactor.ProtocolFactory;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The fake {@link ListeningPort} a {@link MemoryReactor} returns from {@code listenTCP} or
 * {@code listenUNIX}: it records the call, holds the assigned port (or the socket path), and
 * lets the test {@link #accept} inbound
 * connections or connect a recorded client attempt to it ({@link ClientAttempt#connectTo}).
 *
 * <p>The factory's {@code doStart} ran in {@code listenTCP}; {@link #stopListening()} runs its
 * {@code doStop} once and completes at once. Connections already accepted stay open. Not
 * thread-safe: use it on the test thread.
 */
public final class MemoryListeningPort implements ListeningPort {
  private final MemoryReactor reactor;
  private final @Nullable ListenTcpCall call;
  private final @Nullable ListenUnixCall unixCall;
  private final SocketAddress address;
  private final @Nullable Throwable creationSite;
  private final List<MemoryConnection> connections = new ArrayList<>();
  private @Nullable Deferred<Void> stopped;

  MemoryListeningPort(
      MemoryReactor reactor, ListenTcpCall call, InetSocketAddress host, @Nullable Throwable site) {
    this.reactor = reactor;
    this.call = call;
    this.unixCall = null;
    this.address = host;
    this.creationSite = site;
  }

  MemoryListeningPort(MemoryReactor reactor, ListenUnixCall unixCall, @Nullable Throwable site) {
    this.reactor = reactor;
    this.call = null;
    this.unixCall = unixCall;
    this.address = UnixDomainSocketAddress.of(unixCall.path());
    this.creationSite = site;
  }

  /**
   * Returns the recorded {@code listenTCP} arguments.
   *
   * @return the call
   * @throws IllegalStateException for a {@code listenUNIX} port; see {@link #unixCall()}
   */
  public ListenTcpCall call() {
    ListenTcpCall tcp = call;
    if (tcp == null) {
      throw new IllegalStateException(
          this + " was made by listenUNIX and has no listenTCP arguments; call unixCall()");
    }
    return tcp;
  }

  /**
   * Returns the recorded {@code listenUNIX} arguments.
   *
   * @return the call
   * @throws IllegalStateException for a {@code listenTCP} port; see {@link #call()}
   */
  public ListenUnixCall unixCall() {
    ListenUnixCall unix = unixCall;
    if (unix == null) {
      throw new IllegalStateException(
          this + " was made by listenTCP and has no listenUNIX arguments; call call()");
    }
    return unix;
  }

  /**
   * Tells whether this port was made by {@code listenUNIX}.
   *
   * @return {@code true} for a UNIX-domain port
   */
  public boolean isUnix() {
    return unixCall != null;
  }

  /**
   * Returns the socket path of a {@code listenUNIX} port.
   *
   * @return the path
   * @throws IllegalStateException for a {@code listenTCP} port
   */
  public Path path() {
    return unixCall().path();
  }

  /**
   * Returns the address listened on, with the fake port assigned when port 0 was asked for.
   *
   * @return the local address
   * @throws UnsupportedOperationException for a {@code listenUNIX} port, as in production; see
   *     {@link #address()}
   */
  @Override
  public InetSocketAddress host() {
    if (address instanceof InetSocketAddress inet) {
      return inet;
    }
    throw new UnsupportedOperationException(
        this + " is a UNIX-domain port and has no IP address; call address()");
  }

  /**
   * Returns the address listened on: {@link #host()}, or the socket path's address.
   *
   * @return the local address
   */
  @Override
  public SocketAddress address() {
    return address;
  }

  /**
   * Returns the port number, assigned if 0 was asked for.
   *
   * @return the port
   * @throws UnsupportedOperationException for a {@code listenUNIX} port
   */
  public int port() {
    return host().getPort();
  }

  private ProtocolFactory factory() {
    return unixCall != null ? unixCall.factory() : call().factory();
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
      reactor.guard("doStop of " + factory() + " for " + this, factory()::doStop);
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
    RecordingTransport transport = reactor.writeBufferSettings().handPlayedTransportBuilder()
        .host(localAddress()).peer(peer).build();
    MemoryConnection connection =
        reactor.newConnection(() -> acceptedName(peer), protocol, transport);
    connections.add(connection);
    connection.start();
    return connection;
  }

  /**
   * Accepts an inbound connection from a client on the same machine: from the address the
   * connection reports as its own ({@code 127.0.0.1} on a lone reactor, the host's address on a
   * {@link dev.weft.reactor.testing.net.Network} host, the bound address of a port bound to one)
   * on a fake ephemeral port, or on a {@code listenUNIX} port from an unnamed client socket (an
   * empty path, as the production reactor reports it); see {@link #accept(SocketAddress)}.
   *
   * @return the connection, or {@code null} if the factory refused it
   */
  public @Nullable MemoryConnection accept() {
    return accept(isUnix()
        ? UnixDomainSocketAddress.of("")
        : new InetSocketAddress(((InetSocketAddress) localAddress()).getAddress(),
            reactor.ephemeralPort()));
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
    reactor.guardLazily(() -> "buildProtocol of " + factory() + " on " + this,
        () -> built[0] = factory().buildProtocol(peer));
    return built[0];
  }

  /**
   * The address connections on this port see as theirs, as a real accepted socket reports the
   * address the client connected to: the reactor's host address when listening on all (its
   * network address on a {@link dev.weft.reactor.testing.net.Network} host, loopback on a lone
   * reactor), the bound address otherwise, the socket path for a UNIX port.
   */
  SocketAddress localAddress() {
    if (!(address instanceof InetSocketAddress host)) {
      return address;
    }
    return host.getAddress().isAnyLocalAddress()
        ? new InetSocketAddress(reactor.hostAddress(), port())
        : host;
  }

  /** Names a connection accepted from {@code peer}, for messages. */
  String acceptedName(SocketAddress peer) {
    return isUnix()
        ? "connection accepted on " + path() + (peer.toString().isEmpty() ? "" : " from " + peer)
        : "connection accepted on port " + port() + " from " + peer;
  }

  MemoryReactor reactor() {
    return reactor;
  }

  void accepted(MemoryConnection connection) {
    connections.add(connection);
  }

  @Override
  public String toString() {
    String where = address instanceof InetSocketAddress host
        ? "listening port " + host.getPort() + " on " + host.getHostString()
        : "UNIX listening port on " + address;
    return where + (isListening() ? "" : " (stopped)");
  }
}
