package dev.weft.reactor.tls;

import dev.weft.reactor.ConnectionClosedException;
import dev.weft.reactor.ConnectionEndedException;
import dev.weft.reactor.Deferred;
import dev.weft.reactor.Producer;
import dev.weft.reactor.PullProducer;
import dev.weft.reactor.PushProducer;
import dev.weft.reactor.Transport;
import dev.weft.reactor.internal.FileRegionQueue;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The {@link TlsTransport} the user's protocol writes to: plaintext in, handed to the
 * {@link TlsConnection} for encryption; plaintext kept until the handshake completes; the
 * user's producer paced through the transport underneath. Reactor thread only.
 */
final class TlsFront implements TlsTransport {
  private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

  private final TlsConnection conn;
  private final ArrayDeque<ByteBuffer> pending = new ArrayDeque<>();
  private long pendingBytes;
  private @Nullable Producer producer;
  private boolean streaming;
  private boolean producerPaused;
  boolean readingPaused;
  boolean closeRequested;
  boolean writeCloseRequested;
  private boolean aborted;
  /** The kept plaintext went above the mark before the handshake: owe the protocol a "writable". */
  private boolean owesWritable;
  private final FileRegionQueue files;
  private boolean pumpScheduled;

  TlsFront(TlsConnection conn) {
    this.conn = conn;
    this.files = new FileRegionQueue(
        new EncryptingSink(), conn.reactor.executor(), conn::abortWith);
  }

  // ---------------------------------------------------------------- writing

  @Override
  public void write(ByteBuffer data) {
    Objects.requireNonNull(data, "data");
    if (!conn.isTlsStarted()) {
      conn.lower().write(data);
      return;
    }
    if (!acceptsWrites()) {
      return;
    }
    if (!data.hasRemaining()) {
      return;
    }
    if (files.isActive()) {
      files.hold(data);
      return;
    }
    if (pending.isEmpty() && conn.canWrapNow()) {
      conn.wrapAndSend(data);
    } else {
      keep(data);
    }
  }

  @Override
  public void write(byte[] data) {
    Objects.requireNonNull(data, "data");
    write(ByteBuffer.wrap(data));
  }

  /** Encrypts the buffers together, so small buffers share records. */
  @Override
  public void writeSequence(Iterable<ByteBuffer> data) {
    Objects.requireNonNull(data, "data");
    if (!conn.isTlsStarted()) {
      conn.lower().writeSequence(data);
      return;
    }
    List<ByteBuffer> buffers = new ArrayList<>();
    for (ByteBuffer buffer : data) {
      buffers.add(Objects.requireNonNull(buffer, "data contains null"));
    }
    if (!acceptsWrites()) {
      return;
    }
    if (files.isActive()) {
      buffers.forEach(files::hold);
      return;
    }
    if (pending.isEmpty() && conn.canWrapNow()) {
      conn.wrapAndSend(buffers.toArray(ByteBuffer[]::new));
    } else {
      buffers.forEach(this::keep);
    }
  }

  /**
   * Tells whether a write goes ahead. A write the protocol makes after it closed is dropped, as
   * the production reactor drops it; the empty write passed down lets a fake transport, which
   * rejects late writes loudly, say so. A write made while the layer itself is ending the
   * connection (the protocol has not been told yet) is dropped quietly.
   */
  private boolean acceptsWrites() {
    boolean closedByUser = aborted || writeCloseRequested || (closeRequested && producer == null);
    if (conn.isEnded() || closedByUser) {
      conn.lower().write(EMPTY);
      return false;
    }
    return !conn.isClosingDown();
  }

  private void keep(ByteBuffer data) {
    int n = data.remaining();
    if (n == 0) {
      return;
    }
    ByteBuffer copy = ByteBuffer.allocate(n);
    copy.put(data.duplicate()).flip();
    pending.add(copy);
    pendingBytes += n;
    if (pendingBytes > TlsConnection.PENDING_HIGH_WATER_MARK) {
      owesWritable = true;
      if (streaming) {
        pauseUserProducer();
      }
    }
  }

  /** Encrypts what was written before the engine could take it. */
  void flushPending() {
    if (pending.isEmpty() || !conn.canWrapNow()) {
      return;
    }
    ByteBuffer[] buffers = pending.toArray(ByteBuffer[]::new);
    pending.clear();
    pendingBytes = 0;
    conn.wrapAndSend(buffers);
  }

  void handshakeCompleted() {
    flushPending();
    pumpFilesLater();
    if (owesWritable) {
      // isWritable() said false while the handshake kept the bytes; a writer that stopped then
      // must hear that it may go on (from the transport underneath, if that is now full).
      owesWritable = false;
      conn.tellWritableLater();
    }
    if (producer != null) {
      conn.pacer.registerOnLower(streaming);
      if (producerPaused && !conn.pacer.isPausedByLower()) {
        resumeUserProducer();
      }
    }
    if (readingPaused) {
      pauseLowerReading();
    }
  }

  // ---------------------------------------------------------------- files

  /**
   * Before TLS starts (STARTTLS), the transport underneath sends the region as it is. Under TLS
   * the region is read 64 KiB at a time, encrypted and handed down while the transport
   * underneath is writable; it goes on when that transport tells it is writable again.
   */
  @Override
  public Deferred<Void> sendFile(FileChannel file, long position, long count) {
    FileRegionQueue.checkRegion(file, position, count);
    if (!conn.isTlsStarted()) {
      return conn.lower().sendFile(file, position, count);
    }
    if (!acceptsWrites()) {
      Deferred<Void> late = new Deferred<>(conn.reactor.executor(), null);
      late.isCompletedExceptionally();
      late.completeExceptionally(
          new ConnectionClosedException("sendFile after the connection was closed or closing"));
      return late;
    }
    Deferred<Void> sent = files.add(file, position, count);
    pumpFilesLater();
    return sent;
  }

  /** Feeds queued regions on a later turn, never inside the protocol's own call. */
  void pumpFilesLater() {
    if (pumpScheduled || !files.isActive()) {
      return;
    }
    pumpScheduled = true;
    conn.reactor.callLater(Duration.ZERO, () -> {
      pumpScheduled = false;
      pumpFiles();
    });
  }

  /** Feeds queued regions while the transport underneath is writable. */
  void pumpFiles() {
    if (!files.isActive() || conn.isEnded()) {
      return;
    }
    files.pump();
    if (!files.isActive()) {
      // A close asked for while the regions were going out can go ahead now.
      conn.finishClosing();
    }
  }

  boolean hasQueuedFiles() {
    return files.isActive();
  }

  void failFiles(ConnectionEndedException reason) {
    files.fail(reason);
  }

  /** Reads regions through a bounded buffer and encrypts them as ordinary writes. */
  private final class EncryptingSink implements FileRegionQueue.Sink {
    @Override
    public boolean canTake() {
      return pending.isEmpty() && conn.canWrapNow() && !conn.isEnded() && !conn.isClosingDown()
          && conn.lower().isWritable();
    }

    @Override
    public long transfer(FileChannel file, long position, long max) throws IOException {
      ByteBuffer chunk = FileRegionQueue.readChunk(file, position, max);
      if (chunk == null) {
        return -1;
      }
      int n = chunk.remaining();
      conn.wrapAndSend(chunk);
      return n;
    }

    @Override
    public void write(ByteBuffer data) {
      conn.wrapAndSend(data);
    }
  }

  // ---------------------------------------------------------------- closing

  @Override
  public void loseConnection() {
    if (closeRequested || conn.isEnded()) {
      return;
    }
    closeRequested = true;
    if (!conn.isTlsStarted()) {
      conn.lower().loseConnection();
      return;
    }
    conn.finishClosing();
  }

  @Override
  public void abortConnection() {
    if (aborted || conn.isEnded()) {
      return;
    }
    aborted = true;
    conn.abortLower();
  }

  @Override
  public void loseWriteConnection() {
    if (writeCloseRequested || closeRequested || conn.isEnded()) {
      return;
    }
    writeCloseRequested = true;
    if (!conn.isTlsStarted()) {
      conn.lower().loseWriteConnection();
      return;
    }
    conn.finishClosing();
  }

  @Override
  public boolean isDisconnecting() {
    return closeRequested || aborted || conn.isEnded() || conn.isClosingDown()
        || conn.lower().isDisconnecting();
  }

  // ---------------------------------------------------------------- producers

  @Override
  public void registerProducer(Producer producer, boolean streaming) {
    Objects.requireNonNull(producer, "producer");
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
    if (!conn.isTlsStarted()) {
      conn.lower().registerProducer(producer, streaming);
      this.producer = producer;
      this.streaming = streaming;
      return;
    }
    if (conn.isEnded()) {
      producer.stopProducing();
      return;
    }
    this.producer = producer;
    this.streaming = streaming;
    this.producerPaused = false;
    if (conn.canWrapNow()) {
      conn.pacer.registerOnLower(streaming);
    } else if (streaming && pendingBytes > TlsConnection.PENDING_HIGH_WATER_MARK) {
      pauseUserProducer();
    }
    // A pull producer is asked for its first chunk once the handshake is done and the layer
    // registers with the transport underneath.
  }

  @Override
  public void unregisterProducer() {
    if (!conn.isTlsStarted()) {
      producer = null;
      conn.lower().unregisterProducer();
      return;
    }
    producer = null;
    producerPaused = false;
    conn.pacer.unregisterFromLower();
    conn.finishClosing();
  }

  boolean hasProducer() {
    return producer != null;
  }

  /** A pull producer holds a clean close until it unregisters; a push producer does not. */
  boolean hasPullProducer() {
    return producer != null && !streaming;
  }

  void pauseUserProducer() {
    if (producer instanceof PushProducer push && streaming && !producerPaused) {
      producerPaused = true;
      push.pauseProducing();
    }
  }

  void resumeUserProducer() {
    Producer p = producer;
    if (p == null) {
      return;
    }
    if (!streaming) {
      p.resumeProducing();
    } else if (producerPaused) {
      producerPaused = false;
      p.resumeProducing();
    }
  }

  /** The connection ended: stops the producer; returns what it threw, for the caller to report. */
  @Nullable Throwable stopUserProducer() {
    Producer p = producer;
    producer = null;
    if (p == null) {
      return null;
    }
    try {
      p.stopProducing();
      return null;
    } catch (RuntimeException | Error t) {
      return t;
    }
  }

  // ---------------------------------------------------------------- pausing reading

  @Override
  public void pauseProducing() {
    if (readingPaused) {
      return;
    }
    readingPaused = true;
    if (!conn.isTlsStarted() || conn.session() != null) {
      pauseLowerReading();
    }
  }

  @Override
  public void resumeProducing() {
    if (!readingPaused) {
      return;
    }
    readingPaused = false;
    resumeLowerReading();
    conn.scheduleDrain();
  }

  @Override
  public void stopProducing() {
    loseConnection();
  }

  private void pauseLowerReading() {
    conn.lower().pauseProducing();
  }

  private void resumeLowerReading() {
    conn.lower().resumeProducing();
  }

  void plaintextReceived(ByteBuffer data) {
    if (readingPaused || conn.holdsInput()) {
      conn.holdPlaintext(data);
      return;
    }
    if (!closeRequested) {
      conn.user.dataReceived(data);
    }
  }

  void deliverHeldPlaintext() {
    ByteBuffer held = conn.takeHeldPlaintext();
    if (held == null || closeRequested || conn.isEnded()) {
      return;
    }
    if (readingPaused) {
      conn.holdPlaintext(held);
      return;
    }
    conn.user.dataReceived(held.asReadOnlyBuffer());
  }

  // ---------------------------------------------------------------- TLS

  @Override
  public @Nullable TlsSession session() {
    return conn.session();
  }

  @Override
  public Deferred<TlsSession> handshake() {
    return conn.handshakeDeferred();
  }

  @Override
  public boolean isTlsStarted() {
    return conn.isTlsStarted();
  }

  @Override
  public Deferred<TlsSession> startTLS(TlsConfig config) {
    Objects.requireNonNull(config, "config");
    if (!conn.startTlsCapable) {
      throw new IllegalStateException(
          "this transport is TLS from the start (listenTLS/connectTLS); startTLS is for "
              + "transports made by TlsLayer.startTlsServer or TlsLayer.startTlsClient");
    }
    if (conn.isTlsStarted()) {
      throw new IllegalStateException("TLS is already started on this transport; startTLS runs once");
    }
    if (closeRequested || writeCloseRequested || aborted || conn.isEnded()) {
      throw new IllegalStateException(
          "the connection is closing or closed; startTLS needs an open connection");
    }
    if (producer != null) {
      throw new IllegalStateException(
          "a producer is registered: " + producer + "; unregister it before startTLS, so no "
              + "plaintext is written after the handshake begins");
    }
    if (config.role() == TlsRole.CLIENT && config.hostnameVerification()
        && config.serverName() == null) {
      throw new IllegalArgumentException(
          "a STARTTLS client that verifies host names needs TlsConfig.Builder.serverName(String):"
              + " the layer does not know the name the connection was made with");
    }
    conn.startTls(config);
    return handshake();
  }

  @Override
  public Transport underlying() {
    return conn.lower();
  }

  // ---------------------------------------------------------------- the rest of Transport

  @Override
  public SocketAddress host() {
    return conn.lower().host();
  }

  @Override
  public SocketAddress peer() {
    return conn.lower().peer();
  }

  @Override
  public long pendingBytes() {
    return pendingBytes + files.queuedBytes() + conn.lower().pendingBytes();
  }

  @Override
  public long unreadBytes() {
    return conn.heldBytes();
  }

  /**
   * {@inheritDoc}
   *
   * <p>Before the handshake completes, also {@code false} while more than 64 KiB written are
   * kept for it; the protocol hears {@code writabilityChanged(true)} once they are sent.
   */
  @Override
  public boolean isWritable() {
    return pendingBytes <= TlsConnection.PENDING_HIGH_WATER_MARK && conn.lower().isWritable();
  }

  @Override
  public String toString() {
    return "TlsTransport[" + conn + " over " + conn.lower() + "]";
  }
}
