package dev.weft.reactor.testing;

import dev.weft.reactor.BaseProtocol;
import dev.weft.reactor.ConnectCancelledException;
import dev.weft.reactor.ConnectFailedException;
import dev.weft.reactor.ConnectTimeoutException;
import dev.weft.reactor.ConnectionRefusedException;
import dev.weft.reactor.DelayedCall;
import dev.weft.reactor.Protocol;
import dev.weft.reactor.ProtocolFactory;
import dev.weft.reactor.testing.internal.Actions;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * One recorded client connection attempt ({@code connectTCP} or {@code connectUNIX}, or a retry
 * with
 * {@link MemoryConnector#connect()}), which the test completes exactly once: {@link #connect()},
 * {@link #refuse()}, {@link #timeOut()}, {@link #fail(ConnectFailedException)}, or
 * {@link #connectTo(MemoryListeningPort)} a listening port through a {@link Pump}.
 *
 * <p>The client factory hears what it would hear from the production reactor, in the same
 * order: {@code startedConnecting} on the reactor's next turn after the attempt began (or, if the
 * test completes the attempt first, just before the outcome), then {@code buildProtocol} and the
 * protocol's {@code connectionMade}, or {@code clientConnectionFailed}. When the reactor's Clock
 * reaches the recorded timeout, a pending attempt times out by itself, as in production.
 *
 * <p>Completing an attempt twice fails with {@link IllegalStateException}. Not thread-safe: use
 * it on the test thread.
 */
public final class ClientAttempt {
  /** How an attempt ended, or that it has not. */
  public enum Outcome {
    /** Not completed yet. */
    PENDING,
    /** Connected; see {@link #connection()}. */
    CONNECTED,
    /** Failed with {@link ConnectionRefusedException}. */
    REFUSED,
    /** Failed with {@link ConnectTimeoutException}. */
    TIMED_OUT,
    /** Cancelled with {@link ConnectCancelledException}. */
    CANCELLED,
    /** Failed with another {@link ConnectFailedException}. */
    FAILED
  }

  private final MemoryReactor reactor;
  private final MemoryConnector connector;
  private final int number;
  private final @Nullable Throwable creationSite;
  private final DelayedCall timeoutCall;
  private Outcome outcome = Outcome.PENDING;
  private boolean startedConnecting;
  private @Nullable ConnectFailedException failure;
  private @Nullable MemoryConnection connection;
  private final List<Consumer<ClientAttempt>> completionListeners = new ArrayList<>(1);

  ClientAttempt(
      MemoryReactor reactor,
      MemoryConnector connector,
      int number,
      @Nullable Throwable site,
      @Nullable StackTraceElement callSite) {
    this.reactor = reactor;
    this.connector = connector;
    this.number = number;
    this.creationSite = site;
    this.timeoutCall =
        reactor.callLater(
            connector.timeout(),
            Actions.named(() -> "connect timeout of " + this, this::timeoutReached),
            callSite);
    reactor.postTurn(this::fireStartedConnecting);
  }

  /**
   * Returns the recorded {@code connectTCP} arguments.
   *
   * @return the call
   * @throws IllegalStateException for a {@code connectUNIX} attempt; see {@link #unixCall()}
   */
  public ConnectTcpCall call() {
    return connector.call();
  }

  /**
   * Returns the recorded {@code connectUNIX} arguments.
   *
   * @return the call
   * @throws IllegalStateException for a {@code connectTCP} attempt; see {@link #call()}
   */
  public ConnectUnixCall unixCall() {
    return connector.unixCall();
  }

  /**
   * Tells whether this is a {@code connectUNIX} attempt.
   *
   * @return {@code true} for a UNIX-domain attempt
   */
  public boolean isUnix() {
    return connector.isUnix();
  }

  /**
   * Returns the connector making this attempt.
   *
   * @return the connector
   */
  public MemoryConnector connector() {
    return connector;
  }

  /**
   * Returns this attempt's number within its connector: 1 for the first, 2 for the first retry.
   *
   * @return the attempt number
   */
  public int number() {
    return number;
  }

  /**
   * Returns how the attempt ended.
   *
   * @return the outcome, {@link Outcome#PENDING} until completed
   */
  public Outcome outcome() {
    return outcome;
  }

  /**
   * Tells whether the attempt still waits for the test.
   *
   * @return {@code true} until completed
   */
  public boolean isPending() {
    return outcome == Outcome.PENDING;
  }

  /**
   * Tells whether the factory was told {@code startedConnecting}.
   *
   * @return {@code true} once it was
   */
  public boolean hasStartedConnecting() {
    return startedConnecting;
  }

  /**
   * Returns the reason the attempt failed.
   *
   * @return what {@code clientConnectionFailed} received, or {@code null}
   */
  public @Nullable ConnectFailedException failure() {
    return failure;
  }

  /**
   * Returns the connection this attempt made.
   *
   * @return the connection (open or since ended), or {@code null} if it did not connect
   */
  public @Nullable MemoryConnection connection() {
    return connection;
  }

  /**
   * Returns where {@code connectTCP} or the retry was called, if the reactor captured creation
   * sites.
   *
   * @return the creation stack, or {@code null}
   */
  public @Nullable Throwable creationSite() {
    return creationSite;
  }

  /**
   * Connects the attempt to the test, which plays the server: see
   * {@link #connect(SocketAddress)}; the peer is the destination, resolved with the reactor's
   * {@link MemoryResolver} table when it has an entry (the socket path's address for a
   * {@code connectUNIX} attempt).
   *
   * @return the connection
   */
  public MemoryConnection connect() {
    return connect(defaultPeer());
  }

  /**
   * Connects the attempt to the test, which plays the server at {@code peer}: the factory builds
   * the protocol, a {@link RecordingTransport} is attached and {@code connectionMade} runs.
   *
   * @param peer the server address the protocol's transport reports
   * @return the connection
   * @throws IllegalStateException if the attempt was already completed, or the factory built no
   *     protocol (then the attempt has failed, and a thrown exception is recorded)
   */
  public MemoryConnection connect(SocketAddress peer) {
    Objects.requireNonNull(peer, "peer");
    begin("connect");
    Protocol protocol = buildClientProtocol(peer);
    RecordingTransport transport = reactor.writeBufferSettings().handPlayedTransportBuilder()
        .host(localAddress()).peer(peer).build();
    MemoryConnection made = reactor.newConnection(this::name, protocol, transport);
    connected(made);
    made.start();
    return made;
  }

  /**
   * Connects the attempt to {@code port} (of this or another {@link MemoryReactor}) with
   * whole-write delivery; see {@link #connectTo(MemoryListeningPort, Pump.Builder)}.
   *
   * @param port a listening port
   * @return the pump between the two connections
   */
  public Pump connectTo(MemoryListeningPort port) {
    return connectTo(port, Pump.builder());
  }

  /**
   * Connects the attempt to {@code port} in memory: the port's factory builds the server
   * protocol, this attempt's factory the client protocol, and the returned {@link Pump} moves
   * bytes between them. Both connections are registered with their reactors (open connections,
   * callback errors) and the client factory hears the outcome as usual. The builder's policy and
   * clock are used; its addresses are replaced by the port's and a fake client address, and its
   * write buffer settings by each side's reactor's.
   *
   * <p>If the port's factory builds no protocol (returns {@code null}, or throws, which is
   * recorded with the port's reactor), the client connects anyway and at once reads the end of
   * the stream, as when a real server closes a connection it accepted: its protocol ends with
   * {@link dev.weft.reactor.ConnectionClosedException} and the factory hears
   * {@code clientConnectionLost}. The port then has no new connection.
   *
   * @param port a listening port
   * @param pump the pump configuration
   * @return the pump; the server's {@code connectionMade} has run, then the client's
   * @throws IllegalStateException if the attempt was already completed, the port stopped
   *     listening, or the client factory built no protocol (then the attempt has failed)
   */
  public Pump connectTo(MemoryListeningPort port, Pump.Builder pump) {
    Objects.requireNonNull(port, "port");
    Objects.requireNonNull(pump, "pump");
    requirePending("connectTo");
    if (port.isUnix() != isUnix()) {
      throw new IllegalArgumentException(
          "cannot connect " + this + " to " + port + ": a " + (isUnix() ? "UNIX" : "TCP")
              + " attempt connects only to a port made by " + (isUnix() ? "listenUNIX" : "listenTCP"));
    }
    port.requireListening("connect to it");
    begin("connectTo");
    SocketAddress serverAddress = port.localAddress();
    SocketAddress clientAddress = localAddress();
    // The server side first, as the accept completes before the client hears of the
    // connection. A real server accepts the TCP connection before its factory is asked: when
    // the factory refuses, the client has connected and then sees the server close at once.
    Protocol built = port.buildProtocol(clientAddress);
    Pump linked = link(built, port.reactor(), serverAddress, clientAddress, pump,
        port.acceptedName(clientAddress));
    if (built != null) {
      port.accepted(linked.server());
    }
    linked.start();
    return linked;
  }

  /**
   * Connects the attempt in memory to a server that no port listens for: {@code server} builds
   * the server protocol (given the client's address), played on this attempt's reactor at the
   * attempt's destination (resolved as by {@link #connect()}), and the returned {@link Pump} moves bytes as for
   * {@link #connectTo(MemoryListeningPort, Pump.Builder)}, whose rules (outcome, registration,
   * a factory that builds no protocol) apply. This is how a test answers one attempt with a
   * protocol of its own, such as a {@link dev.weft.reactor.testing.net.ScriptedPeer}, without
   * listening.
   *
   * @param server builds the server side's protocol
   * @param pump the pump configuration
   * @return the pump; the server's {@code connectionMade} has run, then the client's
   * @throws IllegalStateException if the attempt was already completed, or the client factory
   *     built no protocol (then the attempt has failed)
   */
  public Pump connectTo(ProtocolFactory server, Pump.Builder pump) {
    Objects.requireNonNull(server, "server");
    Objects.requireNonNull(pump, "pump");
    begin("connectTo");
    SocketAddress serverAddress = defaultPeer();
    SocketAddress clientAddress = localAddress();
    Protocol[] built = new Protocol[1];
    reactor.guardLazily(() -> "buildProtocol of " + server,
        () -> built[0] = server.buildProtocol(clientAddress));
    Pump linked = link(built[0], reactor, serverAddress, clientAddress, pump,
        "connection from " + clientAddress + " answered by " + server);
    linked.start();
    return linked;
  }

  private Pump link(@Nullable Protocol built, MemoryReactor serverReactor,
      SocketAddress serverAddress, SocketAddress clientAddress, Pump.Builder pump,
      String serverName) {
    Protocol server = built != null ? built : new ClosingAtOnce();
    Protocol client = buildClientProtocol(serverAddress);
    Pump linked = pump.serverAddress(serverAddress).clientAddress(clientAddress).link(server,
        client, new Pump.Sides(serverName, serverReactor.owner(),
            serverReactor.site("accepted connection"), serverReactor.writeBufferSettings(),
            name(), reactor.owner(), reactor.site("client connection"),
            reactor.writeBufferSettings()));
    if (built != null) {
      serverReactor.register(linked.server());
    }
    reactor.register(linked.client());
    serverReactor.register(linked);
    reactor.register(linked);
    connected(linked.client());
    return linked;
  }

  /**
   * Connects the attempt to {@code port} through a simulated link of the network; like
   * {@link #connectTo(MemoryListeningPort, Pump.Builder)} but the link, not a pump, moves bytes.
   */
  NetLink connectLinked(MemoryListeningPort port, dev.weft.reactor.testing.internal.LinkSpec spec) {
    requirePending("connect through the network");
    port.requireListening("connect to it");
    begin("connect through the network");
    SocketAddress serverAddress = port.localAddress();
    SocketAddress clientAddress = localAddress();
    Protocol built = port.buildProtocol(clientAddress);
    Protocol serverProtocol = built != null ? built : new ClosingAtOnce();
    Protocol clientProtocol = buildClientProtocol(serverAddress);
    MemoryReactor serverReactor = port.reactor();
    NetLink link = new NetLink(spec);
    MemoryConnection serverEnd = new MemoryConnection(
        () -> port.acceptedName(clientAddress), serverProtocol,
        serverReactor.writeBufferSettings().transportBuilder().host(serverAddress)
            .peer(clientAddress).build(),
        link.owner(serverReactor.owner()), true, serverReactor.site("accepted connection"));
    MemoryConnection clientEnd = new MemoryConnection(this::name, clientProtocol,
        reactor.writeBufferSettings().transportBuilder().host(clientAddress).peer(serverAddress)
            .build(),
        link.owner(reactor.owner()), true, reactor.site("client connection"));
    link.attach(clientEnd, serverEnd);
    if (built != null) {
      serverReactor.register(serverEnd);
      port.accepted(serverEnd);
    }
    reactor.register(clientEnd);
    connected(clientEnd);
    serverEnd.start();
    clientEnd.start();
    link.kick();
    return link;
  }

  /**
   * Refuses the attempt: the factory's {@code clientConnectionFailed} receives a
   * {@link ConnectionRefusedException}.
   *
   * @throws IllegalStateException if the attempt was already completed
   */
  public void refuse() {
    fail(new ConnectionRefusedException(
        "Connection refused by " + describeDestination() + " (simulated by the test)"));
  }

  /**
   * Times the attempt out now, as the Clock reaching the timeout would: the factory receives a
   * {@link ConnectTimeoutException}.
   *
   * @throws IllegalStateException if the attempt was already completed
   */
  public void timeOut() {
    fail(new ConnectTimeoutException(
        "Connection to " + describeDestination() + " timed out after " + connector.timeout()));
  }

  /**
   * Fails the attempt with {@code reason}, delivered to {@code clientConnectionFailed}.
   *
   * @param reason any connect failure (refused, timed out, DNS, cancelled, unreachable...)
   * @throws IllegalStateException if the attempt was already completed
   */
  public void fail(ConnectFailedException reason) {
    Objects.requireNonNull(reason, "reason");
    begin("fail");
    failWith(reason);
  }

  /** Cancels a pending attempt because the reactor stops, as the production reactor does. */
  void cancelForShutdown() {
    if (isPending()) {
      fail(new ConnectCancelledException("the reactor stopped before the connection was made"));
    }
  }

  private void timeoutReached() {
    if (isPending()) {
      timeOut();
    }
  }

  private void begin(String action) {
    requirePending(action);
    fireStartedConnecting();
    if (timeoutCall.isActive()) {
      timeoutCall.cancel();
    }
  }

  private void requirePending(String action) {
    if (!isPending()) {
      throw new IllegalStateException(
          "cannot " + action + " " + this + ": it already completed (" + outcome
              + "); each recorded attempt completes once. Retry with connector().connect() for a"
              + " new attempt");
    }
  }

  private void fireStartedConnecting() {
    if (!startedConnecting) {
      startedConnecting = true;
      reactor.guardLazily(() -> "startedConnecting of " + connector.factory(),
          () -> connector.factory().startedConnecting(connector));
    }
  }

  private Protocol buildClientProtocol(SocketAddress peer) {
    Protocol[] built = new Protocol[1];
    Throwable[] thrown = new Throwable[1];
    reactor.guardLazily(() -> "buildProtocol of " + connector.factory(), () -> {
      try {
        built[0] = connector.factory().buildProtocol(peer);
      } catch (RuntimeException | Error e) {
        thrown[0] = e;
        throw e;
      }
    });
    if (built[0] == null) {
      // As nio: what the factory threw is the cause, so the test sees why.
      failWith(thrown[0] == null
          ? new ConnectFailedException("the client factory built no protocol (returned null)")
          : new ConnectFailedException("buildProtocol threw: " + thrown[0], thrown[0]));
      throw new IllegalStateException(
          "the client factory of " + this + " built no protocol; the attempt failed");
    }
    return built[0];
  }

  private void failWith(ConnectFailedException reason) {
    outcome = reason instanceof ConnectionRefusedException ? Outcome.REFUSED
        : reason instanceof ConnectTimeoutException ? Outcome.TIMED_OUT
        : reason instanceof ConnectCancelledException ? Outcome.CANCELLED
        : Outcome.FAILED;
    failure = reason;
    connector.failed();
    completed();
    reactor.guardLazily(() -> "clientConnectionFailed of " + connector.factory(),
        () -> connector.factory().clientConnectionFailed(connector, reason));
    connector.stopFactoryIfIdle();
  }

  private void connected(MemoryConnection made) {
    outcome = Outcome.CONNECTED;
    connection = made;
    connector.connected(made);
    made.onEnded(connector::connectionEnded);
    completed();
  }

  /** Tells {@code listener} the outcome once the attempt completes; for the network's trace. */
  void whenCompleted(Consumer<ClientAttempt> listener) {
    completionListeners.add(listener);
  }

  private void completed() {
    for (Consumer<ClientAttempt> listener : completionListeners) {
      listener.accept(this);
    }
  }

  private SocketAddress defaultPeer() {
    if (isUnix()) {
      return UnixDomainSocketAddress.of(unixCall().path());
    }
    List<InetAddress> known = reactor.resolver().lookup(call().host());
    return known != null
        ? new InetSocketAddress(known.get(0), call().port())
        : InetSocketAddress.createUnresolved(call().host(), call().port());
  }

  private SocketAddress localAddress() {
    if (isUnix()) {
      return UnixDomainSocketAddress.of(""); // a client socket is unnamed, as in production
    }
    return call().bindAddress() instanceof InetSocketAddress bound && bound.getPort() != 0
        ? bound
        : new InetSocketAddress(reactor.hostAddress(), reactor.ephemeralPort());
  }

  private String describeDestination() {
    return connector.describeDestination();
  }

  private String name() {
    return "client connection to " + describeDestination() + " (attempt " + number + ")";
  }

  /** Stands in for a server protocol the factory refused: closes the accepted connection. */
  private static final class ClosingAtOnce extends BaseProtocol {
    @Override
    public void connectionMade() {
      transport().loseConnection();
    }

    @Override
    public void dataReceived(ByteBuffer data) {
      // Closing already: what the client sent is never read, as by a closed socket.
    }
  }

  @Override
  public String toString() {
    return "connection attempt " + number + " to " + describeDestination() + " ("
        + outcome.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + ")";
  }
}
