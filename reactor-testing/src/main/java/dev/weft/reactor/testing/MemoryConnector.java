package dev.weft.reactor.testing;

import dev.weft.reactor.ClientFactory;
import dev.weft.reactor.ConnectCancelledException;
import dev.weft.reactor.ConnectionEndedException;
import dev.weft.reactor.Connector;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The fake {@link Connector} a {@link MemoryReactor} returns from {@code connectTCP} and
 * {@code connectUNIX}. Each
 * attempt, the first and every retry made with {@link #connect()}, is recorded as a
 * {@link ClientAttempt} that the test completes; this connector follows the outcome.
 *
 * <p>As in production: the factory's {@code doStart} runs with the first attempt and its
 * {@code doStop} after the connector ends up disconnected (a failed attempt or a closed
 * connection that the factory did not retry from its callback); {@link #stopConnecting()}
 * reports a {@link ConnectCancelledException} to the factory. Not thread-safe: use it on the
 * test thread.
 *
 * <p>Twisted: {@code IConnector}.
 */
public final class MemoryConnector implements Connector {
  private final MemoryReactor reactor;
  private final @Nullable ConnectTcpCall call;
  private final @Nullable ConnectUnixCall unixCall;
  private final List<ClientAttempt> attempts = new ArrayList<>();
  private State state = State.DISCONNECTED;
  private boolean factoryStarted;
  private @Nullable ClientAttempt current;
  private @Nullable MemoryConnection connection;

  MemoryConnector(MemoryReactor reactor, ConnectTcpCall call) {
    this.reactor = reactor;
    this.call = call;
    this.unixCall = null;
  }

  MemoryConnector(MemoryReactor reactor, ConnectUnixCall unixCall) {
    this.reactor = reactor;
    this.call = null;
    this.unixCall = unixCall;
  }

  /**
   * Starts a new attempt, recorded by the reactor as a new {@link ClientAttempt}.
   *
   * @throws IllegalStateException if an attempt is in progress or the connection is open
   */
  @Override
  public void connect() {
    start(reactor.userCallSite());
  }

  /** {@link #connect()}, with the user's call site found by the public method called. */
  void start(@Nullable StackTraceElement callSite) {
    if (state != State.DISCONNECTED) {
      throw new IllegalStateException(
          "connector is " + state + "; connect() starts a new attempt only when disconnected");
    }
    if (!factoryStarted) {
      // As on the production reactor: a doStart that throws is thrown by connectTCP (or connect),
      // and no attempt is made.
      factory().doStart();
      factoryStarted = true;
    }
    state = State.CONNECTING;
    ClientAttempt attempt = reactor.newAttempt(this, attempts.size() + 1, callSite);
    attempts.add(attempt);
    current = attempt;
  }

  /**
   * Cancels the attempt in progress: the factory's {@code clientConnectionFailed} receives a
   * {@link ConnectCancelledException}.
   *
   * @throws IllegalStateException if no attempt is in progress
   */
  @Override
  public void stopConnecting() {
    ClientAttempt attempt = current;
    if (state != State.CONNECTING || attempt == null) {
      throw new IllegalStateException(
          "connector is " + state + "; stopConnecting() needs an attempt in progress");
    }
    attempt.fail(new ConnectCancelledException(
        "Connection attempt to " + describeDestination() + " cancelled by stopConnecting"));
  }

  /**
   * Cancels a pending attempt, or asks an open connection's transport to {@code loseConnection}
   * (applied on the reactor's next turn); does nothing when disconnected.
   */
  @Override
  public void disconnect() {
    if (state == State.CONNECTING) {
      stopConnecting();
    } else if (state == State.CONNECTED && connection != null) {
      connection.transport().loseConnection();
    }
  }

  /**
   * Returns the destination as given to {@code connectTCP}, unresolved even for an IP literal, as
   * on the production reactor: the address actually connected to is the transport's peer.
   *
   * @return the host and port given to {@code connectTCP}
   * @throws UnsupportedOperationException for a {@code connectUNIX} connector, as in production
   */
  @Override
  public InetSocketAddress destination() {
    if (unixCall != null) {
      throw new UnsupportedOperationException(
          this + " connects to a UNIX-domain path, not an IP address; call destinationAddress()");
    }
    ConnectTcpCall call = call();
    return InetSocketAddress.createUnresolved(call.host(), call.port());
  }

  /**
   * Returns the destination of either kind: {@link #destination()}, or the socket path's address
   * for a {@code connectUNIX} connector.
   *
   * @return the destination
   */
  @Override
  public SocketAddress destinationAddress() {
    ConnectUnixCall unix = unixCall;
    return unix != null ? UnixDomainSocketAddress.of(unix.path()) : destination();
  }

  @Override
  public State state() {
    return state;
  }

  /**
   * Returns the recorded {@code connectTCP} arguments.
   *
   * @return the call
   * @throws IllegalStateException for a {@code connectUNIX} connector; see {@link #unixCall()}
   */
  public ConnectTcpCall call() {
    ConnectTcpCall tcp = call;
    if (tcp == null) {
      throw new IllegalStateException(
          this + " was made by connectUNIX and has no connectTCP arguments; call unixCall()");
    }
    return tcp;
  }

  /**
   * Returns the recorded {@code connectUNIX} arguments.
   *
   * @return the call
   * @throws IllegalStateException for a {@code connectTCP} connector; see {@link #call()}
   */
  public ConnectUnixCall unixCall() {
    ConnectUnixCall unix = unixCall;
    if (unix == null) {
      throw new IllegalStateException(
          this + " was made by connectTCP and has no connectUNIX arguments; call call()");
    }
    return unix;
  }

  /**
   * Tells whether this connector was made by {@code connectUNIX}.
   *
   * @return {@code true} for a UNIX-domain connector
   */
  public boolean isUnix() {
    return unixCall != null;
  }

  ClientFactory factory() {
    return unixCall != null ? unixCall.factory() : call().factory();
  }

  Duration timeout() {
    return unixCall != null ? unixCall.timeout() : call().timeout();
  }

  /** The destination for messages: host and port, or the socket path. */
  String describeDestination() {
    return unixCall != null ? unixCall.path().toString() : call().host() + ":" + call().port();
  }

  /**
   * Returns this connector's attempts, first to latest.
   *
   * @return a snapshot
   */
  public List<ClientAttempt> attempts() {
    return List.copyOf(attempts);
  }

  /**
   * Returns the open connection.
   *
   * @return the connection while {@link #state()} is CONNECTED, otherwise {@code null}
   */
  public @Nullable MemoryConnection connection() {
    return connection;
  }

  void connected(MemoryConnection made) {
    state = State.CONNECTED;
    connection = made;
    current = null;
  }

  void failed() {
    state = State.DISCONNECTED;
    current = null;
  }

  void connectionEnded(ConnectionEndedException reason) {
    state = State.DISCONNECTED;
    connection = null;
    reactor.guardLazily(() -> "clientConnectionLost of " + factory(),
        () -> factory().clientConnectionLost(this, reason));
    stopFactoryIfIdle();
  }

  void stopFactoryIfIdle() {
    if (state == State.DISCONNECTED && factoryStarted) {
      factoryStarted = false;
      reactor.guard("doStop of " + factory(), factory()::doStop);
    }
  }

  @Override
  public String toString() {
    return "MemoryConnector[" + describeDestination() + ", " + state + "]";
  }
}
