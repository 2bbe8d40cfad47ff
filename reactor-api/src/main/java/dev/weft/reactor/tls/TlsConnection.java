package dev.weft.reactor.tls;

import dev.weft.reactor.ConnectionAbortedException;
import dev.weft.reactor.ConnectionClosedException;
import dev.weft.reactor.ConnectionEndedException;
import dev.weft.reactor.ConnectionLostException;
import dev.weft.reactor.Deferred;
import dev.weft.reactor.DelayedCall;
import dev.weft.reactor.HalfCloseableProtocol;
import dev.weft.reactor.Protocol;
import dev.weft.reactor.Reactor;
import dev.weft.reactor.Transport;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLEngineResult.Status;
import javax.net.ssl.SSLException;
import org.jspecify.annotations.Nullable;

/**
 * The TLS layer for one connection: the {@link Protocol} the transport underneath calls, driving
 * an {@link SSLEngine} and handing plaintext to the user's protocol through a {@link TlsFront}.
 * Reactor thread only.
 *
 * <p>Input: ciphertext is copied into a buffer shared by the thread's connections and decrypted
 * there (the JDK's engine decrypts in place); only an incomplete record, or what arrives while
 * the user paused reading, is copied into {@code held}, which is dropped as soon as it is empty. Output buffers are borrowed from {@link TlsScratch}. So an idle
 * connection holds nothing but its engine.
 *
 * <p>Ending: the reason the user's protocol receives is decided here ({@link #endReason}) when the
 * layer ends the connection itself (failed handshake, truncation, timeout, a clean TLS close),
 * otherwise translated from the transport's reason when it arrives.
 */
final class TlsConnection implements HalfCloseableProtocol {
  /** Plaintext kept before the handshake completes, above which a push producer is paused. */
  static final int PENDING_HIGH_WATER_MARK = 64 * 1024;

  private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);
  private static final int TLS_HEADER = 5;

  final Protocol user;
  final Reactor reactor;
  private final @Nullable String peerHost;
  private final int peerPort;
  final TlsFront front;
  final TlsWritePacer pacer;
  /** Made plaintext-first for STARTTLS: {@link TlsTransport#startTLS} may run once. */
  final boolean startTlsCapable;

  private @Nullable Transport lower;
  private @Nullable TlsConfig config;
  private @Nullable SSLEngine engine;
  private @Nullable TlsSession session;
  private @Nullable Deferred<TlsSession> handshakeDeferred;
  private @Nullable DelayedCall handshakeTimer;
  private @Nullable DelayedCall drainCall;
  /** Unprocessed ciphertext, in write mode (bytes 0..position), or null when there is none. */
  private @Nullable ByteBuffer held;
  /** The engine's source array for a one-buffer write, reused: no arrays per write. */
  private final ByteBuffer[] single = new ByteBuffer[1];

  private boolean handshakeDone;
  private boolean tasksRunning;
  private boolean inboundDone;
  private boolean outboundClosed;
  private boolean renegotiationForbidden;
  private boolean running;
  private boolean lowerClosing;
  private boolean lowerWriteClosed;
  private boolean ended;
  private @Nullable ConnectionEndedException endReason;
  private @Nullable ConnectionEndedException told;

  TlsConnection(
      Protocol user, @Nullable TlsConfig config, Reactor reactor, @Nullable String peerHost,
      int peerPort) {
    this.user = Objects.requireNonNull(user, "protocol");
    this.config = config;
    this.reactor = Objects.requireNonNull(reactor, "reactor");
    this.peerHost = peerHost;
    this.peerPort = peerPort;
    this.startTlsCapable = config == null;
    this.front = new TlsFront(this);
    this.pacer = new TlsWritePacer(this);
  }

  // ---------------------------------------------------------------- the transport underneath

  @Override
  public void makeConnection(Transport transport) {
    Objects.requireNonNull(transport, "transport");
    if (lower != null) {
      throw new IllegalStateException(
          "this TLS layer is already connected to " + lower + "; build a new one per connection");
    }
    lower = transport;
    TlsConfig c = config;
    if (c != null) {
      startEngine(c);
    }
    user.makeConnection(front);
    if (engine != null) {
      run(null);
    }
  }

  @Override
  public void dataReceived(ByteBuffer data) {
    if (ended || endReason != null) {
      return;
    }
    if (engine == null) {
      front.plaintextReceived(data);
      return;
    }
    feed(data);
  }

  @Override
  public void readConnectionLost() {
    if (ended) {
      return;
    }
    if (engine == null) {
      if (user instanceof HalfCloseableProtocol half) {
        half.readConnectionLost();
      } else {
        loseLower();
      }
      return;
    }
    // The connection is ending at the TCP level: what was held back for a paused reader is
    // delivered now or never.
    runHeld(true);
    if (ended || endReason != null || inboundDone) {
      return;
    }
    endReason = handshakeDone
        ? new TlsTruncatedException(
            "the peer closed the connection without a TLS close_notify; the data may be truncated")
        : new TlsHandshakeException("the peer closed the connection during the TLS handshake", null);
    failHandshakeDeferred(endReason);
    loseLower();
  }

  /** The transport underneath changed writability: the protocol hears it as its own. */
  @Override
  public void writabilityChanged(boolean writable) {
    if (!ended) {
      if (writable) {
        front.pumpFiles();
      }
      user.writabilityChanged(writable);
    }
  }

  /** Ends the connection with {@code reason}: a file region cannot be sent whole. */
  void abortWith(ConnectionAbortedException reason) {
    if (!ended && endReason == null) {
      endReason = reason;
      abortLower();
    }
  }

  @Override
  public void writeConnectionLost() {
    if (!ended && user instanceof HalfCloseableProtocol half) {
      half.writeConnectionLost();
    }
  }

  @Override
  public void connectionLost(ConnectionEndedException reason) {
    if (ended) {
      return;
    }
    if (engine != null && endReason == null && !(reason instanceof ConnectionAbortedException)) {
      runHeld(true);
    }
    ConnectionEndedException reasonForUser = endReason != null ? endReason : translate(reason);
    told = reasonForUser;
    ended = true;
    cancelTimers();
    held = null;
    SSLEngine e = engine;
    if (e != null) {
      e.closeOutbound();
      try {
        e.closeInbound();
      } catch (SSLException missingCloseNotify) {
        // Already reported as a truncation; the engine only repeats it.
      }
    }
    failHandshakeDeferred(reasonForUser);
    front.failFiles(reasonForUser);
    Throwable producerFailure = front.stopUserProducer();
    user.connectionLost(reasonForUser);
    if (producerFailure != null) {
      TlsConnection.<RuntimeException>sneakyThrow(producerFailure);
    }
  }

  private ConnectionEndedException translate(ConnectionEndedException reason) {
    if (engine == null) {
      return reason;
    }
    if (!handshakeDone) {
      if (reason instanceof ConnectionAbortedException) {
        return reason;
      }
      return new TlsHandshakeException(
          "the connection ended during the TLS handshake: " + reason.getMessage(), reason);
    }
    if (reason instanceof ConnectionClosedException && !inboundDone && !outboundClosed) {
      return new TlsTruncatedException(
          "the connection closed without a TLS close_notify; the data may be truncated");
    }
    return reason;
  }

  // ---------------------------------------------------------------- starting

  void startTls(TlsConfig c) {
    config = c;
    startEngine(c);
    run(null);
    // Bytes held while the user had paused plaintext reading belong to the handshake now.
    runHeld(false);
  }

  private void startEngine(TlsConfig c) {
    String host = peerHost;
    int port = peerPort;
    if (c.role() == TlsRole.SERVER || host == null) {
      if (lower().peer() instanceof InetSocketAddress peer) {
        host = c.role() == TlsRole.SERVER ? peer.getHostString() : host;
        port = peer.getPort();
      }
    }
    SSLEngine e = c.newEngine(host, port);
    try {
      e.beginHandshake();
    } catch (SSLException failed) {
      engine = e;
      fail(failed);
      return;
    }
    engine = e;
    handshakeTimer = reactor.callLater(c.handshakeTimeout(), this::handshakeTimedOut);
  }

  private void handshakeTimedOut() {
    handshakeTimer = null;
    if (handshakeDone || ended || endReason != null) {
      return;
    }
    endReason = new TlsHandshakeTimeoutException(Objects.requireNonNull(config).handshakeTimeout());
    failHandshakeDeferred(endReason);
    abortLower();
  }

  // ---------------------------------------------------------------- input

  /** Decrypts {@code fresh} as far as possible; keeps what cannot be processed yet in held. */
  private void feed(ByteBuffer fresh) {
    while (fresh.hasRemaining() && !stopped()) {
      ByteBuffer h = held;
      if (h != null && h.position() > 0) {
        if (mustHold()) {
          hold(fresh, fresh.remaining());
          return;
        }
        int missing = recordBytesMissing(h);
        hold(fresh, missing == 0 ? fresh.remaining() : Math.min(missing, fresh.remaining()));
        if (recordBytesMissing(Objects.requireNonNull(held)) > 0) {
          // Only the header was missing, or the record is still incomplete: go round again
          // with what is left of fresh, if anything.
          continue;
        }
        runHeld(false);
        continue;
      }
      if (mustHold()) {
        hold(fresh, fresh.remaining());
        return;
      }
      TlsScratch scratch = TlsScratch.get();
      ByteBuffer copy = scratch.borrowInCopyOf(fresh);
      try {
        run(copy);
        if (copy.hasRemaining() && !stopped()) {
          hold(copy, copy.remaining());
        }
      } finally {
        scratch.giveBackIn(copy);
      }
    }
  }

  /** Runs the engine over the held bytes; {@code force} ignores a paused reader. */
  void runHeld(boolean force) {
    ByteBuffer h = held;
    if (h == null || h.position() == 0 || engine == null) {
      return;
    }
    boolean wasPaused = front.readingPaused;
    if (force) {
      front.readingPaused = false;
    }
    try {
      h.flip();
      run(h);
    } finally {
      if (force && wasPaused) {
        front.readingPaused = true;
      }
      if (held == h) {
        h.compact();
        if (h.position() == 0) {
          held = null;
        }
      }
    }
  }

  private boolean mustHold() {
    return tasksRunning || (handshakeDone && front.readingPaused);
  }

  private void hold(ByteBuffer from, int count) {
    ByteBuffer h = held;
    int have = h == null ? 0 : h.position();
    if (h == null || h.remaining() < count) {
      SSLEngine e = Objects.requireNonNull(engine);
      int capacity = Math.max(e.getSession().getPacketBufferSize(), Integer.highestOneBit(have + count) << 1);
      ByteBuffer bigger = ByteBuffer.allocate(capacity);
      if (h != null) {
        bigger.put(h.flip());
      }
      held = h = bigger;
    }
    ByteBuffer slice = from.duplicate();
    slice.limit(slice.position() + count);
    h.put(slice);
    from.position(from.position() + count);
  }

  /** How many more bytes the held record needs, from its header; 0 if complete or unknown. */
  private static int recordBytesMissing(ByteBuffer h) {
    int have = h.position();
    if (have < TLS_HEADER) {
      return TLS_HEADER - have;
    }
    int length = ((h.get(3) & 0xff) << 8) | (h.get(4) & 0xff);
    return Math.max(0, TLS_HEADER + length - have);
  }

  // ---------------------------------------------------------------- the engine loop

  /**
   * Runs the engine until it needs input it does not have: delegated tasks, handshake flights,
   * decryption of {@code src} (if given) with delivery to the user.
   */
  private void run(@Nullable ByteBuffer src) {
    if (running) {
      // Re-entered from a user callback; the outer loop goes on where it is.
      return;
    }
    running = true;
    try {
      loop(src);
    } finally {
      running = false;
    }
  }

  private void loop(@Nullable ByteBuffer src) {
    SSLEngine e = Objects.requireNonNull(engine);
    int idle = 0;
    while (!stopped() && !tasksRunning && idle < 3) {
      HandshakeStatus status = e.getHandshakeStatus();
      boolean progressed;
      switch (status) {
        case NEED_TASK -> progressed = runTasks(e);
        case NEED_WRAP -> progressed = wrapHandshake(e);
        case FINISHED, NOT_HANDSHAKING -> {
          if (!handshakeDone) {
            handshakeCompleted(e);
            progressed = true;
          } else if (front.readingPaused || front.closeRequested) {
            return;
          } else {
            progressed = unwrap(e, src);
          }
        }
        default -> progressed = unwrap(e, src);
      }
      if (!progressed) {
        if (e.getHandshakeStatus() == status) {
          return;
        }
        idle++;
      } else {
        idle = 0;
      }
    }
  }

  private boolean unwrap(SSLEngine e, @Nullable ByteBuffer src) {
    if (src == null || !src.hasRemaining() || inboundDone) {
      return false;
    }
    TlsScratch scratch = TlsScratch.get();
    ByteBuffer dst = scratch.borrowApp(e.getSession().getApplicationBufferSize());
    try {
      SSLEngineResult result;
      try {
        result = e.unwrap(src, dst);
      } catch (SSLException failed) {
        fail(failed);
        return false;
      }
      Status status = result.getStatus();
      if (status == Status.BUFFER_UNDERFLOW) {
        return false;
      }
      for (int grow = 0; status == Status.BUFFER_OVERFLOW && grow < 3; grow++) {
        // The session's sizes grew (a larger fragment length): retry with a bigger buffer.
        scratch.giveBackApp(dst);
        dst = scratch.borrowApp(Math.max(dst.capacity() * 2, e.getSession().getApplicationBufferSize()));
        try {
          result = e.unwrap(src, dst);
        } catch (SSLException failed) {
          fail(failed);
          return false;
        }
        status = result.getStatus();
      }
      if (status == Status.BUFFER_OVERFLOW) {
        fail(new SSLException("the engine needs a buffer larger than " + dst.capacity()
            + " bytes for one record: " + result));
        return false;
      }
      HandshakeStatus after = result.getHandshakeStatus();
      if (handshakeDone && renegotiationForbidden && status == Status.OK
          && (after == HandshakeStatus.NEED_TASK || after == HandshakeStatus.NEED_WRAP
              || after == HandshakeStatus.NEED_UNWRAP)) {
        refuseRenegotiation();
        return false;
      }
      if (after == HandshakeStatus.FINISHED && !handshakeDone) {
        handshakeCompleted(e);
      }
      if (dst.position() > 0) {
        deliver(scratch, dst);
      }
      if (status == Status.CLOSED) {
        closeNotifyReceived();
        return true;
      }
      return result.bytesConsumed() > 0 || result.bytesProduced() > 0;
    } finally {
      scratch.giveBackApp(dst);
    }
  }

  private void deliver(TlsScratch scratch, ByteBuffer dst) {
    dst.flip();
    if (ended || endReason != null || front.closeRequested) {
      // As with TCP: a closing connection delivers no more data.
      return;
    }
    user.dataReceived(scratch.viewOf(dst));
  }

  private boolean wrapHandshake(SSLEngine e) {
    TlsScratch scratch = TlsScratch.get();
    ByteBuffer out = scratch.borrowNet(e.getSession().getPacketBufferSize());
    try {
      SSLEngineResult result;
      try {
        result = e.wrap(EMPTY, out);
      } catch (SSLException failed) {
        fail(failed);
        return false;
      }
      if (result.getStatus() == Status.BUFFER_OVERFLOW) {
        scratch.giveBackNet(out);
        out = scratch.borrowNet(out.capacity() * 2);
        return true;
      }
      sendToLower(out);
      if (result.getStatus() == Status.CLOSED) {
        outboundClosed = true;
      }
      if (result.getHandshakeStatus() == HandshakeStatus.FINISHED && !handshakeDone) {
        handshakeCompleted(e);
      }
      return result.bytesProduced() > 0;
    } finally {
      scratch.giveBackNet(out);
    }
  }

  private boolean runTasks(SSLEngine e) {
    TlsConfig c = Objects.requireNonNull(config);
    if (c.delegatedTasks() == DelegatedTasks.INLINE) {
      Runnable task;
      while ((task = e.getDelegatedTask()) != null) {
        task.run();
      }
      return true;
    }
    List<Runnable> tasks = new ArrayList<>();
    Runnable task;
    while ((task = e.getDelegatedTask()) != null) {
      tasks.add(task);
    }
    tasksRunning = true;
    reactor.deferToThread(() -> {
      tasks.forEach(Runnable::run);
      return null;
    }).whenComplete((ignored, failure) -> {
      tasksRunning = false;
      if (ended || endReason != null) {
        return;
      }
      if (failure != null) {
        endReason = new TlsHandshakeException("a TLS handshake task failed: " + failure, failure);
        failHandshakeDeferred(endReason);
        loseLower();
        return;
      }
      guardUser("the TLS handshake", () -> {
        run(null);
        runHeld(false);
        front.flushPending();
        finishClosing();
      });
    });
    return false;
  }

  private void handshakeCompleted(SSLEngine e) {
    handshakeDone = true;
    DelayedCall timer = handshakeTimer;
    handshakeTimer = null;
    if (timer != null && timer.isActive()) {
      timer.cancel();
    }
    TlsSession s = TlsSession.of(e);
    session = s;
    renegotiationForbidden = !s.protocol().startsWith("TLSv1.3");
    front.handshakeCompleted();
    if (user instanceof TlsHandshakeListener listener) {
      listener.handshakeCompleted(s);
    }
    Deferred<TlsSession> d = handshakeDeferred;
    if (d != null && !d.isDone()) {
      d.complete(s);
    }
    finishClosing();
  }

  private void refuseRenegotiation() {
    if (endReason != null) {
      return;
    }
    endReason = new TlsException(
        "the peer started a TLS renegotiation, which this layer refuses (TLS 1.3 has none; "
            + "TLS 1.2 renegotiation has a history of attacks)", null);
    closeWithNotify();
  }

  private void closeNotifyReceived() {
    inboundDone = true;
    if (!handshakeDone) {
      endReason = new TlsHandshakeException("the peer closed TLS during the handshake", null);
      failHandshakeDeferred(endReason);
      loseLower();
      return;
    }
    // TLS 1.3 closes each direction on its own, so a half-closeable protocol may keep writing;
    // under TLS 1.2 the engine answers close_notify by closing its side too.
    if (user instanceof HalfCloseableProtocol half && (!renegotiationForbidden || outboundClosed)) {
      half.readConnectionLost();
      if (outboundClosed && !ended && !lowerClosing) {
        loseLower();
      }
      return;
    }
    if (endReason == null) {
      endReason = new ConnectionClosedException("the peer closed the TLS connection (close_notify)");
    }
    closeWithNotify();
  }

  // ---------------------------------------------------------------- output

  /** Encrypts and sends {@code sources} (their positions are left as they were). */
  void wrapAndSend(ByteBuffer[] sources) {
    ByteBuffer[] srcs = new ByteBuffer[sources.length];
    for (int i = 0; i < sources.length; i++) {
      srcs[i] = sources[i].duplicate();
    }
    wrapAndSendOwned(srcs);
  }

  /**
   * Encrypts and sends one buffer (its position is left as it was), the echo's and most writes'
   * case, in the reused one-slot array; a write re-entered from the transport underneath (a
   * producer callback) while the slot is in use gets an array of its own.
   */
  void wrapAndSend(ByteBuffer source) {
    if (single[0] != null) {
      wrapAndSendOwned(new ByteBuffer[] {source.duplicate()});
      return;
    }
    single[0] = source.duplicate();
    try {
      wrapAndSendOwned(single);
    } finally {
      single[0] = null;
    }
  }

  /** Encrypts and sends {@code srcs}, which are the layer's own to consume. */
  private void wrapAndSendOwned(ByteBuffer[] srcs) {
    SSLEngine e = Objects.requireNonNull(engine);
    int packet = e.getSession().getPacketBufferSize();
    TlsScratch scratch = TlsScratch.get();
    ByteBuffer out = scratch.borrowNet(packet * TlsScratch.RECORDS_PER_WRITE);
    try {
      int index = 0;
      while (index < srcs.length && !stopped()) {
        if (!srcs[index].hasRemaining()) {
          index++;
          continue;
        }
        SSLEngineResult result;
        try {
          result = e.wrap(srcs, index, srcs.length - index, out);
        } catch (SSLException failed) {
          sendToLower(out);
          fail(failed);
          return;
        }
        if (result.getStatus() == Status.CLOSED) {
          break;
        }
        if (result.getStatus() == Status.BUFFER_OVERFLOW) {
          if (out.position() == 0) {
            scratch.giveBackNet(out);
            out = scratch.borrowNet(out.capacity() * 2);
          } else {
            sendToLower(out);
          }
          continue;
        }
        if (out.remaining() < packet) {
          sendToLower(out);
        }
      }
      sendToLower(out);
    } finally {
      scratch.giveBackNet(out);
    }
  }

  /** Hands the encrypted bytes in {@code out} to the transport and clears it. */
  private void sendToLower(ByteBuffer out) {
    if (out.position() == 0) {
      return;
    }
    out.flip();
    if (!lowerClosing && !lowerWriteClosed && !ended) {
      lower().write(out);
    }
    out.clear();
  }

  /** Sends close_notify once: what the engine still has to say, then its closure alert. */
  private void sendCloseNotify() {
    if (outboundClosed) {
      return;
    }
    outboundClosed = true;
    SSLEngine e = Objects.requireNonNull(engine);
    e.closeOutbound();
    TlsScratch scratch = TlsScratch.get();
    ByteBuffer out = scratch.borrowNet(e.getSession().getPacketBufferSize());
    try {
      for (int i = 0; i < 4 && !e.isOutboundDone(); i++) {
        SSLEngineResult result = e.wrap(EMPTY, out);
        sendToLower(out);
        if (result.bytesProduced() == 0) {
          break;
        }
      }
    } catch (SSLException alreadyBroken) {
      // Nothing more can be sent; closing the transport is all that is left.
    } finally {
      scratch.giveBackNet(out);
    }
  }

  /** Closes TLS cleanly and then the transport underneath, which flushes first. */
  private void closeWithNotify() {
    sendCloseNotify();
    loseLower();
  }

  /**
   * Ends a connection the user asked to close or half-close, once nothing holds it open: the
   * handshake done, no tasks out, the user's producer (for a full close) unregistered.
   */
  void finishClosing() {
    if (ended || lowerClosing || engine == null || !handshakeDone || tasksRunning) {
      return;
    }
    if (front.hasQueuedFiles()) {
      // The regions go out first; pumpFiles finishes the close once they have.
      return;
    }
    if (front.closeRequested && !front.hasPullProducer()) {
      front.flushPending();
      closeWithNotify();
    } else if (front.writeCloseRequested && !lowerWriteClosed) {
      front.flushPending();
      sendCloseNotify();
      if (inboundDone) {
        // The peer closed its side already: both directions are done.
        loseLower();
      } else {
        lowerWriteClosed = true;
        lower().loseWriteConnection();
      }
    }
  }

  void abortLower() {
    lowerClosing = true;
    pacer.unregisterFromLower();
    lower().abortConnection();
  }

  void loseLower() {
    if (lowerClosing) {
      return;
    }
    lowerClosing = true;
    pacer.unregisterFromLower();
    lower().loseConnection();
  }

  private void fail(SSLException failure) {
    if (endReason != null || ended) {
      return;
    }
    TlsException reason = TlsFailures.classify(failure, handshakeDone);
    endReason = reason;
    failHandshakeDeferred(reason);
    DelayedCall timer = handshakeTimer;
    handshakeTimer = null;
    if (timer != null && timer.isActive()) {
      timer.cancel();
    }
    // The engine has queued the fatal alert that tells the peer why: send it, then close.
    SSLEngine e = engine;
    if (e != null && !outboundClosed) {
      sendCloseNotify();
    }
    loseLower();
  }

  // ---------------------------------------------------------------- plumbing for the front

  Transport lower() {
    Transport t = lower;
    if (t == null) {
      throw new IllegalStateException("the TLS layer is not connected to a transport yet");
    }
    return t;
  }

  boolean hasLower() {
    return lower != null;
  }

  boolean isTlsStarted() {
    return engine != null;
  }

  boolean canWrapNow() {
    return engine != null && handshakeDone && !tasksRunning && !outboundClosed && !stopped();
  }

  /** The reason the user's protocol was given, once it was. */
  @Nullable ConnectionEndedException reasonTold() {
    return told;
  }

  boolean isEnded() {
    return ended;
  }

  boolean isClosingDown() {
    return ended || lowerClosing || endReason != null;
  }

  @Nullable TlsSession session() {
    return session;
  }

  Deferred<TlsSession> handshakeDeferred() {
    Deferred<TlsSession> d = handshakeDeferred;
    if (d == null) {
      d = new Deferred<>(reactor.executor(), null);
      handshakeDeferred = d;
      TlsSession s = session;
      if (s != null) {
        d.complete(s);
      } else if (endReason != null) {
        d.completeExceptionally(endReason);
      }
    }
    return d;
  }

  /**
   * Schedules delivery of held bytes after the user resumed reading: on a later turn, as a
   * socket whose reading resumes delivers on a later turn, never inside the resume call.
   */
  void scheduleDrain() {
    if (!holdsInput() || drainCall != null || ended) {
      return;
    }
    drainCall = reactor.callLater(Duration.ZERO, () -> {
      drainCall = null;
      guardUser("dataReceived", () -> {
        if (engine == null) {
          front.deliverHeldPlaintext();
        } else {
          runHeld(false);
        }
      });
    });
  }

  /** Held plaintext-mode bytes (STARTTLS transport, paused): kept for whoever reads next. */
  void holdPlaintext(ByteBuffer data) {
    ByteBuffer h = held;
    int count = data.remaining();
    if (h == null || h.remaining() < count) {
      int have = h == null ? 0 : h.position();
      ByteBuffer bigger = ByteBuffer.allocate(Math.max(1024, Integer.highestOneBit(have + count) << 1));
      if (h != null) {
        bigger.put(h.flip());
      }
      held = h = bigger;
    }
    h.put(data.duplicate());
  }

  /** Takes the held plaintext-mode bytes, flipped for reading, or null. */
  @Nullable ByteBuffer takeHeldPlaintext() {
    ByteBuffer h = held;
    held = null;
    return h == null || h.position() == 0 ? null : h.flip();
  }

  /** Tells the protocol, on a later turn, that it may write again, if by then it may. */
  void tellWritableLater() {
    reactor.callLater(Duration.ZERO, () -> {
      if (!ended && front.isWritable()) {
        guardUser("writabilityChanged", () -> user.writabilityChanged(true));
      }
    });
  }

  long heldBytes() {
    ByteBuffer h = held;
    return h == null ? 0 : h.position();
  }

  boolean holdsInput() {
    ByteBuffer h = held;
    return h != null && h.position() > 0;
  }

  private boolean stopped() {
    return ended || endReason != null;
  }

  private void failHandshakeDeferred(ConnectionEndedException reason) {
    Deferred<TlsSession> d = handshakeDeferred;
    if (d != null && !d.isDone()) {
      d.completeExceptionally(reason);
    }
  }

  private void cancelTimers() {
    DelayedCall timer = handshakeTimer;
    handshakeTimer = null;
    if (timer != null && timer.isActive()) {
      timer.cancel();
    }
    DelayedCall drain = drainCall;
    drainCall = null;
    if (drain != null && drain.isActive()) {
      drain.cancel();
    }
  }

  /**
   * Runs user code outside a transport callback (a timer, a finished task): if it throws, the
   * connection is aborted with the error as the cause, as the reactor does for its own
   * callbacks, and the error goes on to the reactor, which reports it.
   */
  private void guardUser(String what, Runnable work) {
    try {
      work.run();
    } catch (RuntimeException | Error t) {
      if (!ended && endReason == null) {
        endReason = new ConnectionAbortedException(what + " threw: " + t, t);
        abortLower();
      }
      throw t;
    }
  }

  @SuppressWarnings("unchecked")
  private static <T extends Throwable> void sneakyThrow(Throwable t) throws T {
    throw (T) t;
  }

  @Override
  public String toString() {
    return "TlsLayer[" + user + (engine == null ? ", plaintext" : handshakeDone ? ", " + session
        : ", handshaking") + (ended ? ", ended" : "") + "]";
  }
}
