package dev.weft.reactor.nio.internal;

import dev.weft.reactor.ConnectionAbortedException;
import dev.weft.reactor.ConnectionClosedException;
import dev.weft.reactor.ConnectionEndedException;
import dev.weft.reactor.ConnectionLostException;
import dev.weft.reactor.HalfCloseableProtocol;
import dev.weft.reactor.Producer;
import dev.weft.reactor.Protocol;
import dev.weft.reactor.PullProducer;
import dev.weft.reactor.PushProducer;
import dev.weft.reactor.TcpTransport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One established TCP connection: the {@link TcpTransport} its protocol writes to, and the
 * {@link Selectable} the loop hands readiness to. Loop thread only (every public method checks).
 */
final class TcpConnection implements TcpTransport, Selectable {
  private static final int MAX_READS_PER_EVENT = 16;

  private final EventLoop loop;
  private final SocketChannel channel;
  private final SocketAddress host;
  private final SocketAddress peer;
  private final @Nullable TcpConnector connector;
  private final WriteQueue queue = new WriteQueue();
  private @Nullable SelectionKey key;
  private @Nullable Protocol protocol;
  private int interest;
  private @Nullable Producer producer;
  private boolean streaming;
  private boolean producerPaused;
  private boolean disconnecting;
  private boolean closed;
  private boolean readClosed;
  private boolean writeShutdownRequested;
  private boolean writeClosed;

  TcpConnection(
      EventLoop loop, SocketChannel channel, SocketAddress host, SocketAddress peer,
      @Nullable TcpConnector connector) {
    this.loop = loop;
    this.channel = channel;
    this.host = host;
    this.peer = peer;
    this.connector = connector;
  }

  /** Registers for reads and connects {@code protocol}; a throwing callback aborts. */
  void start(Protocol protocol, SelectionKey key) {
    this.protocol = protocol;
    this.key = key;
    this.interest = SelectionKey.OP_READ;
    key.attach(this);
    key.interestOps(interest);
    loop.added(this);
    try {
      protocol.makeConnection(this);
    } catch (Throwable t) {
      callbackFailed("makeConnection/connectionMade", t);
    }
  }

  // ---------------------------------------------------------------- readiness

  @Override
  public void ready(int readyOps) {
    if ((readyOps & SelectionKey.OP_WRITE) != 0) {
      flush();
    }
    if ((readyOps & SelectionKey.OP_READ) != 0 && !closed && !readClosed) {
      read();
    }
  }

  private void read() {
    ByteBuffer buffer = loop.readBuffer;
    ByteBuffer view = loop.readView;
    Protocol p = Objects.requireNonNull(protocol);
    for (int i = 0; i < MAX_READS_PER_EVENT && !closed && !readClosed; i++) {
      buffer.clear();
      int n;
      try {
        n = channel.read(buffer);
      } catch (IOException e) {
        close(new ConnectionLostException("connection lost while reading: " + e.getMessage(), e), false, false);
        return;
      }
      if (n > 0) {
        view.limit(n).position(0);
        try {
          p.dataReceived(view);
        } catch (Throwable t) {
          callbackFailed("dataReceived", t);
          return;
        }
        if (n < buffer.capacity()) {
          return;
        }
      } else {
        if (n < 0) {
          endOfStream(p);
        }
        return;
      }
    }
  }

  private void endOfStream(Protocol p) {
    readClosed = true;
    setInterest(interest & ~SelectionKey.OP_READ);
    if (p instanceof HalfCloseableProtocol half) {
      try {
        half.readConnectionLost();
      } catch (Throwable t) {
        callbackFailed("readConnectionLost", t);
        return;
      }
      if (!writeClosed) {
        return;
      }
    }
    close(new ConnectionClosedException("the peer closed the connection"), false, false);
  }

  private void flush() {
    try {
      queue.flushTo(channel);
    } catch (IOException e) {
      close(new ConnectionLostException("connection lost while writing: " + e.getMessage(), e), false, false);
      return;
    }
    afterFlush(false);
  }

  /** Reacts to the queue having shrunk: interest, producers, pending closes. */
  private void afterFlush(boolean deferCallbacks) {
    if (closed) {
      return;
    }
    Producer prod = producer;
    if (!queue.isEmpty()) {
      if (prod != null && streaming && producerPaused && queue.bytes() <= loop.settings.lowWaterMark()) {
        resumeProducer(prod);
      }
      return;
    }
    setInterest(interest & ~SelectionKey.OP_WRITE);
    if (writeShutdownRequested && !writeClosed) {
      shutdownOutput(deferCallbacks);
    } else if (disconnecting && prod == null) {
      close(new ConnectionClosedException("closed by this side"), false, deferCallbacks);
    } else if (prod != null && (!streaming || producerPaused)) {
      resumeProducer(prod);
    }
  }

  private void resumeProducer(Producer prod) {
    producerPaused = false;
    try {
      prod.resumeProducing();
    } catch (Throwable t) {
      callbackFailed("resumeProducing", t);
    }
  }

  private void setInterest(int ops) {
    if (ops != interest && !closed) {
      interest = ops;
      Objects.requireNonNull(key).interestOps(ops);
    }
  }

  // ---------------------------------------------------------------- Transport

  @Override
  public void write(ByteBuffer data) {
    Objects.requireNonNull(data, "data");
    loop.checkThread();
    if (disconnecting || writeShutdownRequested || closed) {
      return;
    }
    int remaining = data.remaining();
    if (remaining == 0) {
      return;
    }
    int start = data.position();
    if (queue.isEmpty()) {
      // Nothing is queued, so the bytes can go straight to the socket in order.
      try {
        channel.write(data);
      } catch (IOException e) {
        data.position(start);
        close(new ConnectionLostException("connection lost while writing: " + e.getMessage(), e), false, true);
        return;
      }
      if (!data.hasRemaining()) {
        data.position(start);
        if (producer != null && !streaming) {
          // A pull producer is asked for more on the next writable event, not inside write().
          setInterest(interest | SelectionKey.OP_WRITE);
        }
        return;
      }
    }
    ByteBuffer copy = ByteBuffer.allocate(data.remaining());
    copy.put(data).flip();
    data.position(start);
    queue.add(copy);
    setInterest(interest | SelectionKey.OP_WRITE);
    Producer prod = producer;
    if (prod != null && streaming && !producerPaused && queue.bytes() > loop.settings.highWaterMark()) {
      producerPaused = true;
      try {
        ((PushProducer) prod).pauseProducing();
      } catch (Throwable t) {
        callbackFailed("pauseProducing", t);
      }
    }
  }

  @Override
  public void write(byte[] data) {
    Objects.requireNonNull(data, "data");
    write(ByteBuffer.wrap(data));
  }

  @Override
  public void loseConnection() {
    loop.checkThread();
    if (disconnecting || closed) {
      return;
    }
    disconnecting = true;
    if (queue.isEmpty() && producer == null) {
      close(new ConnectionClosedException("closed by this side"), false, true);
    }
  }

  @Override
  public void abortConnection() {
    loop.checkThread();
    if (closed) {
      return;
    }
    close(new ConnectionAbortedException("aborted by this side"), true, true);
  }

  @Override
  public void loseWriteConnection() {
    loop.checkThread();
    if (disconnecting || closed || writeShutdownRequested) {
      return;
    }
    writeShutdownRequested = true;
    if (queue.isEmpty()) {
      shutdownOutput(true);
    }
  }

  private void shutdownOutput(boolean deferCallbacks) {
    try {
      channel.shutdownOutput();
    } catch (IOException e) {
      close(new ConnectionLostException("cannot shut down output: " + e.getMessage(), e), false, deferCallbacks);
      return;
    }
    writeClosed = true;
    Runnable tell =
        () -> {
          if (closed) {
            return;
          }
          if (protocol instanceof HalfCloseableProtocol half) {
            try {
              half.writeConnectionLost();
            } catch (Throwable t) {
              callbackFailed("writeConnectionLost", t);
              return;
            }
          }
          if (readClosed) {
            close(new ConnectionClosedException("both directions closed"), false, false);
          }
        };
    if (deferCallbacks) {
      loop.runLater(tell);
    } else {
      tell.run();
    }
  }

  @Override
  public SocketAddress host() {
    return host;
  }

  @Override
  public SocketAddress peer() {
    return peer;
  }

  @Override
  public boolean isDisconnecting() {
    return disconnecting || closed;
  }

  @Override
  public long pendingBytes() {
    return queue.bytes();
  }

  @Override
  public void registerProducer(Producer producer, boolean streaming) {
    Objects.requireNonNull(producer, "producer");
    loop.checkThread();
    if (streaming && !(producer instanceof PushProducer)) {
      throw new IllegalArgumentException(
          "streaming is true but the producer is not a PushProducer: " + producer);
    }
    if (!streaming && !(producer instanceof PullProducer)) {
      throw new IllegalArgumentException(
          "streaming is false but the producer is not a PullProducer: " + producer);
    }
    if (this.producer != null) {
      throw new IllegalStateException(
          "a producer is already registered: " + this.producer + "; unregister it first");
    }
    if (closed) {
      producer.stopProducing();
      return;
    }
    this.producer = producer;
    this.streaming = streaming;
    this.producerPaused = false;
    if (streaming) {
      if (queue.bytes() > loop.settings.highWaterMark()) {
        producerPaused = true;
        ((PushProducer) producer).pauseProducing();
      }
    } else {
      producer.resumeProducing();
    }
  }

  @Override
  public void unregisterProducer() {
    loop.checkThread();
    producer = null;
    producerPaused = false;
    if (disconnecting && !closed && queue.isEmpty()) {
      close(new ConnectionClosedException("closed by this side"), false, true);
    }
  }

  @Override
  public void setTcpNoDelay(boolean enabled) {
    loop.checkThread();
    setOption(StandardSocketOptions.TCP_NODELAY, enabled);
  }

  @Override
  public boolean isTcpNoDelay() {
    loop.checkThread();
    return getOption(StandardSocketOptions.TCP_NODELAY);
  }

  @Override
  public void setTcpKeepAlive(boolean enabled) {
    loop.checkThread();
    setOption(StandardSocketOptions.SO_KEEPALIVE, enabled);
  }

  @Override
  public boolean isTcpKeepAlive() {
    loop.checkThread();
    return getOption(StandardSocketOptions.SO_KEEPALIVE);
  }

  private void setOption(java.net.SocketOption<Boolean> option, boolean value) {
    try {
      channel.setOption(option, value);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot set " + option + " on " + this, e);
    }
  }

  private boolean getOption(java.net.SocketOption<Boolean> option) {
    try {
      return channel.getOption(option);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + option + " of " + this, e);
    }
  }

  // ---------------------------------------------------------------- ending

  void callbackFailed(String callback, Throwable t) {
    EventLoop.rethrowFatal(t);
    loop.report(
        "protocol " + protocol + " threw in " + callback + "; aborting its connection " + this, t);
    if (!closed) {
      close(new ConnectionAbortedException(callback + " threw: " + t, t), true, false);
    }
  }

  void closeForShutdown() {
    close(new ConnectionLostException("the reactor stopped"), false, false);
  }

  /**
   * Closes the socket now and tells the protocol: at once from loop events, or on the next turn
   * when called from protocol code (so a protocol never re-enters itself).
   */
  private void close(ConnectionEndedException reason, boolean reset, boolean deferCallbacks) {
    if (closed) {
      return;
    }
    closed = true;
    disconnecting = true;
    closeChannel(reset);
    queue.clear();
    loop.removed(this);
    if (deferCallbacks) {
      loop.runLater(() -> tellLost(reason));
    } else {
      tellLost(reason);
    }
  }

  private void closeChannel(boolean reset) {
    SelectionKey k = key;
    if (k != null) {
      k.cancel();
    }
    try {
      if (reset) {
        // Linger zero makes close() send RST and drop unsent bytes.
        channel.setOption(StandardSocketOptions.SO_LINGER, 0);
      }
    } catch (IOException e) {
      // The socket is already broken; closing it is all that is left to do.
    }
    try {
      channel.close();
    } catch (IOException e) {
      loop.report("closing " + this + " failed", e);
    }
  }

  private void tellLost(ConnectionEndedException reason) {
    Producer prod = producer;
    producer = null;
    if (prod != null) {
      loop.runGuarded(prod::stopProducing, "stopProducing of " + prod);
    }
    Protocol p = protocol;
    if (p != null) {
      loop.runGuarded(() -> p.connectionLost(reason), "connectionLost of " + p);
    }
    if (connector != null) {
      connector.connectionLost(reason);
    }
  }

  @Override
  public void closeQuietly() {
    closed = true;
    closeChannel(false);
  }

  @Override
  public String toString() {
    return "TcpConnection[" + host + " -> " + peer + (closed ? ", closed" : "") + "]";
  }
}
