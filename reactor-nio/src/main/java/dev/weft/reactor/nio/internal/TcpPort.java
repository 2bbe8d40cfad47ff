package dev.weft.reactor.nio.internal;

import dev.weft.reactor.CannotListenException;
import dev.weft.reactor.internal.Checks;
import dev.weft.reactor.Deferred;
import dev.weft.reactor.DelayedCall;
import dev.weft.reactor.ListeningPort;
import dev.weft.reactor.Protocol;
import dev.weft.reactor.ProtocolFactory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * A listening TCP socket: accepts in batches, builds a protocol per connection, and backs off
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
  private final InetSocketAddress address;
  private final SelectionKey key;
  private long backoffMillis;
  private @Nullable DelayedCall resumeAccepting;
  private @Nullable Deferred<Void> stopped;

  private TcpPort(
      Tcp tcp, ServerSocketChannel channel, ProtocolFactory factory, SelectionKey key)
      throws IOException {
    this.tcp = tcp;
    this.loop = tcp.loop();
    this.channel = channel;
    this.factory = factory;
    this.key = key;
    this.address = (InetSocketAddress) channel.getLocalAddress();
  }

  /**
   * Binds and registers a port; the arguments were checked.
   *
   * @param bind the address to bind, or {@code null} for all interfaces
   */
  static TcpPort open(
      Tcp tcp, int port, ProtocolFactory factory, int backlog, @Nullable InetAddress bind) {
    ServerSocketChannel channel = null;
    try {
      InetSocketAddress bindTo =
          bind == null ? new InetSocketAddress(port) : new InetSocketAddress(bind, port);
      channel = ServerSocketChannel.open();
      channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
      channel.bind(bindTo, backlog);
      SelectionKey key = tcp.loop().register(channel, SelectionKey.OP_ACCEPT, null);
      TcpPort listening = new TcpPort(tcp, channel, factory, key);
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
      throw Checks.cannotListen(bind, port, e);
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
      accept(accepted);
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

  private void accept(SocketChannel accepted) {
    SocketAddress host;
    SocketAddress peer;
    try {
      accepted.setOption(StandardSocketOptions.TCP_NODELAY, true);
      host = accepted.getLocalAddress();
      peer = accepted.getRemoteAddress();
    } catch (IOException e) {
      // The peer went away between the handshake and accept: nothing to serve.
      closeAccepted(accepted);
      return;
    }
    Protocol protocol;
    try {
      protocol = factory.buildProtocol(peer);
    } catch (Throwable t) {
      loop.report("buildProtocol of " + factory + " threw; closing the connection from " + peer, t);
      closeAccepted(accepted);
      return;
    }
    if (protocol == null) {
      closeAccepted(accepted);
      return;
    }
    TcpConnection connection = new TcpConnection(loop, accepted, host, peer, null);
    SelectionKey connectionKey;
    try {
      connectionKey = loop.register(accepted, 0, connection);
    } catch (IOException e) {
      loop.report("cannot register the connection from " + peer, e);
      closeAccepted(accepted);
      return;
    }
    connection.start(protocol, connectionKey);
  }

  private void closeAccepted(SocketChannel accepted) {
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
    return address;
  }

  @Override
  public String toString() {
    return "ListeningPort[" + address + (stopped != null ? ", stopped" : "") + "]";
  }
}
