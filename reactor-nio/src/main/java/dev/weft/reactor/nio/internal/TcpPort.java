package dev.weft.reactor.nio.internal;

import dev.weft.reactor.CannotListenException;
import dev.weft.reactor.Deferred;
import dev.weft.reactor.DelayedCall;
import dev.weft.reactor.ListeningPort;
import dev.weft.reactor.Protocol;
import dev.weft.reactor.ProtocolFactory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * A listening TCP or UNIX-domain socket (the two differ only in how they bind, the TCP options
 * of accepted sockets, and the socket file a UNIX port removes when it stops): accepts in batches, builds a protocol per connection, and backs off
 * when accepting fails (for example with too many open files) instead of spinning. Loop thread
 * only.
 */
final class TcpPort implements ListeningPort, Selectable {
  private static final int ACCEPTS_PER_EVENT = 64;
  private static final long MIN_BACKOFF_MILLIS = 10;
  private static final long MAX_BACKOFF_MILLIS = 1_000;

  private final Tcp tcp;
  private final EventLoop loop;
  private final ServerSocketChannel channel;
  private final ProtocolFactory factory;
  private final SocketAddress address;
  // The socket file this port created (UNIX only), removed when it stops listening.
  private @Nullable Object socketFile;
  private final SelectionKey key;
  private final @Nullable Consumer<SocketChannel> handoff;
  private long backoffMillis;
  private @Nullable DelayedCall resumeAccepting;
  private @Nullable Deferred<Void> stopped;

  private TcpPort(
      Tcp tcp, ServerSocketChannel channel, ProtocolFactory factory, SelectionKey key,
      @Nullable Consumer<SocketChannel> handoff)
      throws IOException {
    this.handoff = handoff;
    this.tcp = tcp;
    this.loop = tcp.loop();
    this.channel = channel;
    this.factory = factory;
    this.key = key;
    this.address = channel.getLocalAddress();
  }

  /**
   * Binds and registers a port; the arguments were checked.
   *
   * @param bind the address to bind, or {@code null} for all interfaces
   * @param reusePort whether to set {@code SO_REUSEPORT}, so that the sockets of a reactor group
   *     share the port
   * @param handoff where accepted sockets go instead of being served here, or {@code null}
   */
  static TcpPort open(
      Tcp tcp, int port, ProtocolFactory factory, int backlog, @Nullable InetAddress bind,
      boolean reusePort, @Nullable Consumer<SocketChannel> handoff) {
    InetSocketAddress bindTo =
        bind == null ? new InetSocketAddress(port) : new InetSocketAddress(bind, port);
    return open(tcp, bindTo, factory, backlog, reusePort, handoff);
  }

  /**
   * Binds and registers a UNIX-domain port; the arguments were checked. A stale socket file at
   * the path is removed first (see {@link UnixSockets#clearStale}).
   */
  static TcpPort openUnix(
      Tcp tcp, UnixDomainSocketAddress path, ProtocolFactory factory, int backlog) {
    UnixSockets.clearStale(path);
    TcpPort listening = open(tcp, path, factory, backlog, false, null);
    listening.socketFile = UnixSockets.fileKey(path.getPath());
    return listening;
  }

  private static TcpPort open(
      Tcp tcp, SocketAddress bindTo, ProtocolFactory factory, int backlog, boolean reusePort,
      @Nullable Consumer<SocketChannel> handoff) {
    boolean unix = bindTo instanceof UnixDomainSocketAddress;
    ServerSocketChannel channel = null;
    try {
      if (unix) {
        channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
      } else {
        channel = ServerSocketChannel.open();
        channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
        if (reusePort) {
          channel.setOption(StandardSocketOptions.SO_REUSEPORT, true);
        }
      }
      channel.bind(bindTo, backlog);
      SelectionKey key = tcp.loop().register(channel, SelectionKey.OP_ACCEPT, null);
      TcpPort listening = new TcpPort(tcp, channel, factory, key, handoff);
      key.attach(listening);
      factory.doStart();
      return listening;
    } catch (IOException | RuntimeException e) {
      if (channel != null) {
        try {
          channel.close();
        } catch (IOException suppressed) {
          e.addSuppressed(suppressed);
        }
      }
      if (bindTo instanceof UnixDomainSocketAddress path) {
        throw UnixSockets.listenFailed(path.getPath(), e);
      }
      InetSocketAddress inet = (InetSocketAddress) bindTo;
      throw new CannotListenException(
          "cannot listen on "
              + (inet.getAddress().isAnyLocalAddress() ? "*" : inet.getAddress().getHostAddress())
              + ":" + inet.getPort() + ": " + e.getMessage(),
          e);
    }
  }

  @Override
  public void ready(int readyOps) {
    for (int i = 0; i < ACCEPTS_PER_EVENT && stopped == null; i++) {
      SocketChannel accepted;
      try {
        accepted = channel.accept();
      } catch (IOException e) {
        backOff(e);
        return;
      }
      if (accepted == null) {
        backoffMillis = 0;
        return;
      }
      backoffMillis = 0;
      Consumer<SocketChannel> elsewhere = handoff;
      if (elsewhere == null) {
        serve(loop, factory, accepted);
      } else {
        try {
          elsewhere.accept(accepted);
        } catch (RuntimeException e) {
          loop.report("handing off a connection accepted on " + address + " failed", e);
          closeAccepted(loop, accepted);
        }
      }
    }
  }

  private void backOff(IOException e) {
    backoffMillis = backoffMillis == 0 ? MIN_BACKOFF_MILLIS : Math.min(MAX_BACKOFF_MILLIS, backoffMillis * 2);
    loop.report(
        "accept on " + address + " failed; pausing accepts for " + backoffMillis + " ms", e);
    key.interestOps(0);
    resumeAccepting =
        loop.callLater(
            Duration.ofMillis(backoffMillis),
            () -> {
              resumeAccepting = null;
              if (stopped == null && key.isValid()) {
                key.interestOps(SelectionKey.OP_ACCEPT);
              }
            });
  }

  /** Builds the protocol of an accepted socket and serves it on {@code loop}. Loop thread only. */
  static void serve(EventLoop loop, ProtocolFactory factory, SocketChannel accepted) {
    SocketAddress host;
    SocketAddress peer;
    try {
      host = accepted.getLocalAddress();
      if (!(host instanceof UnixDomainSocketAddress)) {
        accepted.setOption(StandardSocketOptions.TCP_NODELAY, true);
      }
      peer = accepted.getRemoteAddress();
    } catch (IOException e) {
      // The peer went away between the handshake and accept: nothing to serve.
      closeAccepted(loop, accepted);
      return;
    }
    Protocol protocol;
    try {
      protocol = factory.buildProtocol(peer);
    } catch (Throwable t) {
      loop.report("buildProtocol of " + factory + " threw; closing the connection from " + peer, t);
      closeAccepted(loop, accepted);
      return;
    }
    if (protocol == null) {
      closeAccepted(loop, accepted);
      return;
    }
    TcpConnection connection = new TcpConnection(loop, accepted, host, peer, null);
    SelectionKey connectionKey;
    try {
      connectionKey = loop.register(accepted, 0, connection);
    } catch (IOException e) {
      loop.report("cannot register the connection from " + peer, e);
      closeAccepted(loop, accepted);
      return;
    }
    connection.start(protocol, connectionKey);
  }

  private static void closeAccepted(EventLoop loop, SocketChannel accepted) {
    try {
      accepted.close();
    } catch (IOException e) {
      loop.report("closing a refused connection failed", e);
    }
  }

  @Override
  public Deferred<Void> stopListening() {
    loop.checkThread();
    Deferred<Void> done = stopped;
    if (done != null) {
      return done;
    }
    Deferred<Void> result = new Deferred<>(loop.executor(), null);
    stopped = result;
    DelayedCall resume = resumeAccepting;
    if (resume != null && resume.isActive()) {
      resume.cancel();
    }
    closeQuietly();
    if (address instanceof UnixDomainSocketAddress unix) {
      IOException notRemoved = UnixSockets.removeSocketFile(unix.getPath(), socketFile);
      if (notRemoved != null) {
        loop.report("cannot remove the socket file of " + this, notRemoved);
      }
    }
    tcp.removed(this);
    loop.runLater(
        () -> {
          loop.runGuarded(factory::doStop, "doStop of " + factory);
          result.complete(null);
        });
    return result;
  }

  @Override
  public void closeQuietly() {
    key.cancel();
    try {
      channel.close();
    } catch (IOException e) {
      loop.report("closing " + this + " failed", e);
    }
  }

  @Override
  public InetSocketAddress host() {
    if (address instanceof InetSocketAddress inet) {
      return inet;
    }
    throw new UnsupportedOperationException(
        this + " is a UNIX-domain port and has no IP address; call address()");
  }

  @Override
  public SocketAddress address() {
    return address;
  }

  @Override
  public String toString() {
    return "ListeningPort[" + address + (stopped != null ? ", stopped" : "") + "]";
  }
}
