package dev.weft.reactor.nio.internal;

import dev.weft.reactor.ConnectionAbortedException;
import dev.weft.reactor.ConnectionClosedException;
import dev.weft.reactor.ConnectionEndedException;
import dev.weft.reactor.ConnectionLostException;
import dev.weft.reactor.Deferred;
import dev.weft.reactor.HalfCloseableProtocol;
import dev.weft.reactor.Producer;
import dev.weft.reactor.Protocol;
import dev.weft.reactor.PullProducer;
import dev.weft.reactor.TcpTransport;
import dev.weft.reactor.WriteBufferLimitExceededException;
import dev.weft.reactor.internal.FileRegionQueue;
import dev.weft.reactor.internal.ProducerPacing;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One established TCP connection: the {@link TcpTransport} its protocol writes to, and the
 * {@link Selectable} the loop hands readiness to. Loop thread only (every public method checks).
 *
 * <p>Flow control follows the rules of {@link ProducerPacing}, shared with the fakes. Pausing
 * reading ({@link #pauseProducing()}) drops read interest, so the kernel buffers fill and TCP
 * slows the peer down; the end of the stream is then not seen either until reading resumes.
 */
final class TcpConnection implements TcpTransport, Selectable {
  private static final int MAX_READS_PER_EVENT = 16;
  // Fairness: one ready connection reads at most about this much before the loop moves on.
  private static final int MAX_BYTES_PER_EVENT = 1024 * 1024;

  private final EventLoop loop;
  private final SocketChannel channel;
  private final SocketAddress host;
  private final SocketAddress peer;
  private final @Nullable TcpConnector connector;
  // Made on first use: an idle connection never needs them (issue 14 §3).
  private @Nullable WriteQueue queue;
  private @Nullable SelectionKey key;
  private @Nullable Protocol protocol;
  private @Nullable ProducerPacing pacing;
  private @Nullable FileRegionQueue files;
  private int interest;
  private boolean readPaused;
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

  private WriteQueue queue() {
    WriteQueue q = queue;
    if (q == null) {
      q = new WriteQueue(loop.writeChunks);
      queue = q;
    }
    return q;
  }

  private boolean nothingQueued() {
    return queue == null || queue.isEmpty();
  }

  private long queuedBytes() {
    return queue == null ? 0 : queue.bytes();
  }

  private ProducerPacing pacing() {
    ProducerPacing p = pacing;
    if (p == null) {
      LoopSettings settings = loop.settings;
      p = new ProducerPacing(settings.lowWaterMark(), settings.highWaterMark(),
          settings.writeBufferLimit(), (callback, failure) -> callbackFailed(callback, failure, true));
      pacing = p;
    }
    return p;
  }

  private FileRegionQueue files() {
    FileRegionQueue f = files;
    if (f == null) {
      f = new FileRegionQueue(new KernelSink(), loop.executor(), reason -> close(reason, true, true));
      files = f;
    }
    return f;
  }

  private boolean filesActive() {
    return files != null && files.isActive();
  }

  private long fileQueuedBytes() {
    return files == null ? 0 : files.queuedBytes();
  }

  private long fileHeldBytes() {
    return files == null ? 0 : files.heldBytes();
  }

  /** Registers for reads and connects {@code protocol}; a throwing callback aborts. */
  void start(Protocol protocol, SelectionKey key) {
    this.protocol = protocol;
    this.key = key;
    this.interest = SelectionKey.OP_READ;
    key.attach(this);
    key.interestOps(interest);
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
    if ((readyOps & SelectionKey.OP_READ) != 0 && isReading()) {
      read();
    }
  }

  private boolean isReading() {
    return !disconnecting && !readClosed && !readPaused;
  }

  private void read() {
    ByteBuffer buffer = loop.readBuffer;
    ByteBuffer view = loop.readView;
    Protocol p = Objects.requireNonNull(protocol);
    // The protocol may pause reading or close inside dataReceived: stop reading at once then.
    int budget = MAX_BYTES_PER_EVENT;
    for (int i = 0; i < MAX_READS_PER_EVENT && budget > 0 && isReading(); i++) {
      buffer.clear();
      int n;
      try {
        n = channel.read(buffer);
      } catch (IOException e) {
        close(new ConnectionLostException("connection lost while reading: " + e.getMessage(), e), false, false);
        return;
      }
      if (n > 0) {
        budget -= n;
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
      // If the protocol half-closes its own side inside the callback, the writeConnectionLost
      // that follows ends the connection; only an output closed earlier ends it here.
      boolean outputAlreadyClosed = writeClosed;
      try {
        half.readConnectionLost();
      } catch (Throwable t) {
        callbackFailed("readConnectionLost", t);
        return;
      }
      if (!outputAlreadyClosed || closed) {
        return;
      }
    }
    close(new ConnectionClosedException("the peer closed the connection"), false, false);
  }

  private void flush() {
    try {
      // Writable with nothing queued (a pull producer waiting, a file region to start): the queue
      // need not exist.
      if (queue != null) {
        queue.flushTo(channel);
      }
      while (nothingQueued() && filesActive() && !closed) {
        files().pump();
        if (nothingQueued()) {
          // The socket is full (or a region failed): wait for OP_WRITE.
          break;
        }
        queue().flushTo(channel);
      }
    } catch (IOException e) {
      close(new ConnectionLostException("connection lost while writing: " + e.getMessage(), e), false, false);
      return;
    }
    afterFlush(false);
  }

  /** Reacts to the queue having shrunk: interest, pending closes, producers, writability. */
  private void afterFlush(boolean deferCallbacks) {
    if (closed) {
      return;
    }
    long pending = queuedBytes() + fileQueuedBytes();
    if (pending == 0) {
      setInterest(interest & ~SelectionKey.OP_WRITE);
      if (writeShutdownRequested && !writeClosed) {
        shutdownOutput(deferCallbacks);
        return;
      }
      if (disconnecting && !pacing().holdsClose()) {
        close(new ConnectionClosedException("closed by this side"), false, deferCallbacks);
        return;
      }
    }
    // Without pacing yet, nothing was registered and nothing went unwritable: no rule applies.
    if (pacing != null && pacing.afterDrain(pending)) {
      loop.runLater(this::reportWritability);
    }
  }

  /** Tells the protocol of writability changes, on the turn after the one that caused them. */
  private void reportWritability() {
    for (boolean writable : pacing().takeWritabilityChanges()) {
      if (closed) {
        return;
      }
      try {
        Objects.requireNonNull(protocol).writabilityChanged(writable);
      } catch (Throwable t) {
        callbackFailed("writabilityChanged", t);
        return;
      }
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
    if (!acceptsWrites()) {
      return;
    }
    int remaining = data.remaining();
    if (remaining == 0) {
      return;
    }
    if (filesActive()) {
      files().hold(data);
      queued();
      return;
    }
    int start = data.position();
    if (nothingQueued()) {
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
        askPullProducerLater();
        return;
      }
    }
    queue().copyIn(data);
    data.position(start);
    queued();
  }

  /**
   * Gathers the buffers into one {@code writev} when nothing is queued; whatever the socket does
   * not take is queued in order. The caller's buffers are never touched: the gathering write
   * works on duplicates, because one buffer may appear several times in the sequence and each
   * occurrence must be written whole.
   */
  @Override
  public void writeSequence(Iterable<ByteBuffer> data) {
    Objects.requireNonNull(data, "data");
    loop.checkThread();
    if (!acceptsWrites()) {
      return;
    }
    List<ByteBuffer> buffers = new ArrayList<>();
    for (ByteBuffer buffer : data) {
      buffers.add(Objects.requireNonNull(buffer, "data contains null").duplicate());
    }
    if (filesActive()) {
      buffers.forEach(files()::hold);
      queued();
      return;
    }
    if (!nothingQueued()) {
      buffers.forEach(queue()::copyIn);
      queued();
      return;
    }
    ByteBuffer[] array = buffers.toArray(new ByteBuffer[0]);
    try {
      channel.write(array);
    } catch (IOException e) {
      close(new ConnectionLostException("connection lost while writing: " + e.getMessage(), e),
          false, true);
      return;
    }
    for (ByteBuffer rest : array) {
      if (rest.hasRemaining()) {
        queue().copyIn(rest);
      }
    }
    if (!nothingQueued()) {
      queued();
    } else {
      askPullProducerLater();
    }
  }

  /**
   * After loseConnection a registered producer may still write until the close; any other late
   * write is ignored.
   */
  private boolean acceptsWrites() {
    return !closed && !writeShutdownRequested
        && (!disconnecting || pacing().acceptsWritesWhileClosing());
  }

  /** A pull producer is asked for more on the next writable event, never inside write(). */
  private void askPullProducerLater() {
    if (pacing != null && pacing.producer() instanceof PullProducer) {
      setInterest(interest | SelectionKey.OP_WRITE);
    }
  }

  /** Bytes were queued: wait for the socket, enforce the limit, apply the pacing rules. */
  private void queued() {
    setInterest(interest | SelectionKey.OP_WRITE);
    long inMemory = queuedBytes() + fileHeldBytes();
    long pending = queuedBytes() + fileQueuedBytes();
    WriteBufferLimitExceededException overLimit = pacing().limitExceeded(inMemory);
    if (overLimit != null) {
      // Inside the protocol's own write(): it hears connectionLost on the next turn.
      close(overLimit, true, true);
      return;
    }
    if (pacing().afterWrite(pending)) {
      loop.runLater(this::reportWritability);
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
    if (nothingQueued() && !filesActive() && !pacing().holdsClose()) {
      close(new ConnectionClosedException("closed by this side"), false, true);
    } else {
      // As in Twisted: a closing connection delivers no more data, it only flushes.
      setInterest(interest & ~SelectionKey.OP_READ);
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
    if (nothingQueued() && !filesActive()) {
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
    loop.checkThread();
    return disconnecting || closed;
  }

  @Override
  public long pendingBytes() {
    loop.checkThread();
    return queuedBytes() + fileQueuedBytes();
  }

  @Override
  public boolean isWritable() {
    loop.checkThread();
    return pacing().isWritable();
  }

  @Override
  public void registerProducer(Producer producer, boolean streaming) {
    Objects.requireNonNull(producer, "producer");
    loop.checkThread();
    pacing().register(producer, streaming, closed);
  }

  @Override
  public void unregisterProducer() {
    loop.checkThread();
    pacing().unregister();
    if (disconnecting && !closed && nothingQueued() && !filesActive()) {
      close(new ConnectionClosedException("closed by this side"), false, true);
    }
  }

  /**
   * Queues the region behind the bytes written so far; the socket's next writable event starts
   * it, so nothing is sent, and nothing completes, inside this call.
   */
  @Override
  public Deferred<Void> sendFile(FileChannel file, long position, long count) {
    FileRegionQueue.checkRegion(file, position, count);
    loop.checkThread();
    if (!acceptsWrites()) {
      // Dropped as a late write is; the Deferred says so, observed so that nothing is logged.
      Deferred<Void> late = new Deferred<>(loop.executor(), null);
      late.isCompletedExceptionally();
      late.completeExceptionally(new ConnectionClosedException(
          "sendFile after the connection was closed or closing: " + this));
      return late;
    }
    Deferred<Void> sent = files().add(file, position, count);
    queued();
    return sent;
  }

  /** Regions go from the file to the socket in the kernel, once the written bytes are out. */
  private final class KernelSink implements FileRegionQueue.Sink {
    // Large enough that sendfile fills any socket buffer in one call.
    private static final long MAX_TRANSFER = 1L << 30;

    @Override
    public boolean canTake() {
      return nothingQueued() && !closed;
    }

    @Override
    public long transfer(FileChannel file, long position, long max) throws IOException {
      long n;
      try {
        n = file.transferTo(position, Math.min(max, MAX_TRANSFER), channel);
      } catch (IOException e) {
        if (!file.isOpen()) {
          throw e;
        }
        // transferTo does not say which side failed; with the file open, blame the socket, as a
        // failed write would.
        close(new ConnectionLostException("connection lost while writing: " + e.getMessage(), e),
            false, false);
        return 0;
      }
      if (n == 0 && position >= file.size()) {
        // transferTo reports the end of the file as 0, like a full socket.
        return -1;
      }
      return n;
    }

    @Override
    public void write(ByteBuffer data) {
      queue().copyIn(data);
    }
  }

  // ---------------------------------------------------------------- reading as a producer

  /** Stops reading: drops read interest until {@link #resumeProducing()}. */
  @Override
  public void pauseProducing() {
    loop.checkThread();
    readPaused = true;
    setInterest(interest & ~SelectionKey.OP_READ);
  }

  /** Reads again, from the next turn on, unless the connection is closing. */
  @Override
  public void resumeProducing() {
    loop.checkThread();
    if (!readPaused) {
      return;
    }
    readPaused = false;
    if (isReading()) {
      setInterest(interest | SelectionKey.OP_READ);
    }
  }

  /** Closes as {@link #loseConnection()}: the consumer this transport fed has gone. */
  @Override
  public void stopProducing() {
    loseConnection();
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

  private void callbackFailed(String callback, Throwable t) {
    callbackFailed(callback, t, false);
  }

  private void callbackFailed(String callback, Throwable t, boolean deferCallbacks) {
    loop.report(closed
        ? callback + " threw after connection " + this + " of protocol " + protocol + " ended"
        : "protocol " + protocol + " threw in " + callback + "; aborting its connection " + this,
        t);
    if (!closed) {
      close(new ConnectionAbortedException(callback + " threw: " + t, t), true, deferCallbacks);
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
    if (queue != null) {
      queue.clear();
    }
    if (files != null) {
      files.fail(reason);
    }
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
    if (pacing != null) {
      pacing.stop();
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
