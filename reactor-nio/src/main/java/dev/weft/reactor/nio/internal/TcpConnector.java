package dev.weft.reactor.nio.internal;

import dev.weft.reactor.ClientFactory;
import dev.weft.reactor.ConnectCancelledException;
import dev.weft.reactor.ConnectFailedException;
import dev.weft.reactor.ConnectTimeoutException;
import dev.weft.reactor.ConnectionEndedException;
import dev.weft.reactor.ConnectionRefusedException;
import dev.weft.reactor.Connector;
import dev.weft.reactor.DelayedCall;
import dev.weft.reactor.DnsLookupException;
import dev.weft.reactor.Protocol;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * A client connection and its attempts: resolve off the loop, connect without blocking, enforce
 * the timeout on the timer heap, and report to the {@link ClientFactory} in Twisted's order.
 * A UNIX-domain connector is the same with a path for destination: nothing to resolve, and the
 * system's errors typed by {@link UnixSockets}. Loop thread only.
 */
final class TcpConnector implements Connector, Selectable {
  private final Tcp tcp;
  private final EventLoop loop;
  private final String host;
  private final int port;
  private final ClientFactory factory;
  private final Duration timeout;
  private final @Nullable SocketAddress bindAddress;
  private final @Nullable UnixDomainSocketAddress unixPath;
  private State state = State.DISCONNECTED;
  private boolean factoryStarted;
  // Bumped whenever an attempt ends, so callbacks of an earlier attempt find themselves stale.
  private int generation;
  private @Nullable SocketChannel channel;
  private @Nullable SelectionKey key;
  private @Nullable DelayedCall timer;
  private @Nullable TcpConnection connection;
  private List<InetAddress> candidates = List.of();
  private int candidate;

  TcpConnector(
      Tcp tcp, String host, int port, ClientFactory factory, Duration timeout,
      @Nullable SocketAddress bindAddress) {
    this.tcp = tcp;
    this.loop = tcp.loop();
    this.host = host;
    this.port = port;
    this.factory = factory;
    this.timeout = timeout;
    this.bindAddress = bindAddress;
    this.unixPath = null;
  }

  /** A UNIX-domain connector to {@code path}. */
  TcpConnector(Tcp tcp, UnixDomainSocketAddress path, ClientFactory factory, Duration timeout) {
    this.tcp = tcp;
    this.loop = tcp.loop();
    this.host = path.getPath().toString();
    this.port = 0;
    this.factory = factory;
    this.timeout = timeout;
    this.bindAddress = null;
    this.unixPath = path;
  }

  /** Where the attempt goes, for messages: host and port, or the socket path. */
  private String where() {
    return unixPath != null ? host : host + ":" + port;
  }

  @Override
  public void connect() {
    loop.checkThread();
    if (state != State.DISCONNECTED) {
      throw new IllegalStateException(
          "connector is " + state + "; connect() starts a new attempt only when disconnected");
    }
    if (!factoryStarted) {
      factory.doStart();
      factoryStarted = true;
    }
    state = State.CONNECTING;
    int attempt = ++generation;
    tcp.added(this);
    // startedConnecting runs on a later turn, never inside connectTCP; it is scheduled before the
    // timeout so that even a zero timeout reports the start first.
    loop.callLater(Duration.ZERO, () -> begin(attempt));
    timer =
        loop.callLater(
            timeout,
            () -> {
              if (attempt == generation) {
                fail(new ConnectTimeoutException(
                    "connecting to " + where() + " timed out after " + timeout));
              }
            });
  }

  private void begin(int attempt) {
    if (attempt != generation) {
      return;
    }
    loop.runGuarded(() -> factory.startedConnecting(this), "startedConnecting of " + factory);
    if (attempt != generation) {
      return;
    }
    if (unixPath != null) {
      connectToCandidate();
      return;
    }
    tcp.resolve(host).whenComplete((addresses, error) -> resolved(attempt, addresses, error));
  }

  private void resolved(int attempt, @Nullable List<InetAddress> addresses, @Nullable Throwable error) {
    if (attempt != generation) {
      return;
    }
    if (error != null || addresses == null) {
      fail(error instanceof DnsLookupException dns
          ? dns
          : new DnsLookupException("cannot resolve host '" + host + "'", error));
      return;
    }
    candidates = addresses;
    candidate = 0;
    connectToCandidate();
  }

  private void connectToCandidate() {
    try {
      UnixDomainSocketAddress unix = unixPath;
      SocketChannel ch =
          unix != null ? SocketChannel.open(StandardProtocolFamily.UNIX) : SocketChannel.open();
      channel = ch;
      ch.configureBlocking(false);
      if (unix == null) {
        ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
      }
      if (bindAddress != null) {
        ch.bind(bindAddress);
      }
      boolean connected = ch.connect(
          unix != null ? unix : new InetSocketAddress(candidates.get(candidate), port));
      key = loop.register(ch, connected ? 0 : SelectionKey.OP_CONNECT, this);
      if (connected) {
        connected(ch);
      }
    } catch (IOException | RuntimeException e) {
      nextCandidateOrFail(e);
    }
  }

  /**
   * A name may resolve to several addresses (IPv4 and IPv6, say): try them in order within the
   * same attempt and timeout, and report the last failure.
   */
  private void nextCandidateOrFail(Exception failure) {
    if (candidate + 1 < candidates.size()) {
      closeQuietly();
      candidate++;
      connectToCandidate();
    } else {
      fail(translate(failure));
    }
  }

  @Override
  public void ready(int readyOps) {
    SocketChannel ch = channel;
    if (ch == null || (readyOps & SelectionKey.OP_CONNECT) == 0) {
      return;
    }
    try {
      if (!ch.finishConnect()) {
        return;
      }
    } catch (IOException e) {
      nextCandidateOrFail(e);
      return;
    }
    connected(ch);
  }

  private void connected(SocketChannel ch) {
    SocketAddress local;
    SocketAddress peer;
    try {
      local = ch.getLocalAddress();
      peer = ch.getRemoteAddress();
    } catch (IOException e) {
      fail(translate(e));
      return;
    }
    Protocol protocol;
    try {
      protocol = factory.buildProtocol(peer);
    } catch (Throwable t) {
      loop.report("buildProtocol of " + factory + " threw; closing the connection to " + peer, t);
      fail(new ConnectFailedException("buildProtocol threw: " + t, t));
      return;
    }
    if (protocol == null) {
      fail(new ConnectFailedException("buildProtocol returned null; the connection was closed"));
      return;
    }
    DelayedCall t = timer;
    if (t != null && t.isActive()) {
      t.cancel();
    }
    timer = null;
    SelectionKey k = key;
    channel = null;
    key = null;
    generation++;
    tcp.removed(this);
    state = State.CONNECTED;
    TcpConnection c = new TcpConnection(loop, ch, local, peer, this);
    connection = c;
    c.start(protocol, java.util.Objects.requireNonNull(k));
  }

  private ConnectFailedException translate(Exception e) {
    if (unixPath != null) {
      return UnixSockets.connectFailed(unixPath.getPath(), e);
    }
    String where =
        host + ":" + port + (candidates.size() > 1 ? " (" + candidates.get(candidate) + ")" : "");
    if (e instanceof ConnectException
        && String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT).contains("refused")) {
      return new ConnectionRefusedException("connection to " + where + " refused", e);
    }
    return new ConnectFailedException("cannot connect to " + where + ": " + e, e);
  }

  /** Ends the attempt in progress and tells the factory. */
  private void fail(ConnectFailedException reason) {
    endAttempt();
    state = State.DISCONNECTED;
    tcp.removed(this);
    loop.runGuarded(
        () -> factory.clientConnectionFailed(this, reason), "clientConnectionFailed of " + factory);
    if (state == State.DISCONNECTED) {
      stopFactory();
    }
  }

  private void endAttempt() {
    generation++;
    DelayedCall t = timer;
    timer = null;
    if (t != null && t.isActive()) {
      t.cancel();
    }
    closeQuietly();
  }

  void connectionLost(ConnectionEndedException reason) {
    connection = null;
    state = State.DISCONNECTED;
    loop.runGuarded(
        () -> factory.clientConnectionLost(this, reason), "clientConnectionLost of " + factory);
    if (state == State.DISCONNECTED) {
      stopFactory();
    }
  }

  private void stopFactory() {
    if (factoryStarted) {
      factoryStarted = false;
      loop.runGuarded(factory::doStop, "doStop of " + factory);
    }
  }

  void cancelForShutdown() {
    if (state == State.CONNECTING) {
      fail(new ConnectCancelledException("the reactor stopped before the connection was made"));
    }
  }

  @Override
  public void stopConnecting() {
    loop.checkThread();
    if (state != State.CONNECTING) {
      throw new IllegalStateException(
          "connector is " + state + "; stopConnecting() cancels an attempt in progress only");
    }
    fail(new ConnectCancelledException("stopConnecting() cancelled the attempt to " + where()));
  }

  @Override
  public void disconnect() {
    loop.checkThread();
    if (state == State.CONNECTING) {
      stopConnecting();
    } else if (state == State.CONNECTED && connection != null) {
      connection.loseConnection();
    }
  }

  @Override
  public InetSocketAddress destination() {
    if (unixPath != null) {
      throw new UnsupportedOperationException(
          this + " connects to a UNIX-domain path, not an IP address; call destinationAddress()");
    }
    return InetSocketAddress.createUnresolved(host, port);
  }

  @Override
  public SocketAddress destinationAddress() {
    return unixPath != null ? unixPath : destination();
  }

  @Override
  public State state() {
    loop.checkThread();
    return state;
  }

  @Override
  public void closeQuietly() {
    SelectionKey k = key;
    key = null;
    if (k != null) {
      k.cancel();
    }
    SocketChannel ch = channel;
    channel = null;
    if (ch != null) {
      try {
        ch.close();
      } catch (IOException e) {
        loop.report("closing the attempt to " + where() + " failed", e);
      }
    }
  }

  @Override
  public String toString() {
    return "Connector[" + where() + ", " + state + "]";
  }
}
