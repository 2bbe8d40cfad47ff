package dev.weft.reactor.testing;

import dev.weft.reactor.ConnectionAbortedException;
import dev.weft.reactor.ConnectionClosedException;
import dev.weft.reactor.ConnectionEndedException;
import dev.weft.reactor.ConnectionLostException;
import dev.weft.reactor.HalfCloseableProtocol;
import dev.weft.reactor.Protocol;
import dev.weft.reactor.testing.internal.Delivery;
import dev.weft.reactor.testing.net.Chunking;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * One fake connection: a protocol attached to a {@link RecordingTransport}, with the test (or a
 * {@link Pump}) playing the network and the peer.
 *
 * <p>Returned by {@link ClientAttempt#connect()} and {@link MemoryListeningPort#accept}; the
 * test reads what the protocol wrote, feeds bytes in with {@link #receive(byte[])}, and ends the
 * connection the way a peer or the network would: {@link #close()}, {@link #halfClose()},
 * {@link #lose()}, {@link #abort()}. The protocol's own {@code loseConnection},
 * {@code abortConnection} and {@code loseWriteConnection} take effect on the owning reactor's
 * next turn ({@link MemoryReactor#iterate()}), never inside the transport call. Connections
 * made by a {@link Pump} are driven by the pump; their peer methods fail.
 *
 * <p><b>Paused reading.</b> While the protocol's transport has paused reading
 * ({@link dev.weft.reactor.Transport#pauseProducing()}) or is closing, what the peer sends waits
 * here, in order: bytes given to {@link #receive(byte[])}, and the end of the stream or a reset
 * ({@link #close()}, {@link #halfClose()}, {@link #lose()}), because a paused TCP transport does
 * not read, so it does not see the end of the stream either. {@link #unreadBytes()} counts the
 * waiting bytes. When the transport resumes, what waited is delivered on the reactor's next turn,
 * never inside {@code resumeProducing}. Writability changes of the transport
 * ({@link dev.weft.reactor.Protocol#writabilityChanged(boolean)}) are reported on the next turn
 * too.
 *
 * <p><b>Callback failures.</b> If a protocol callback throws, whatever it throws (a
 * {@link StackOverflowError} or {@link OutOfMemoryError} too), the throwable is recorded with the
 * owner ({@link MemoryReactor#callbackErrors()}) and the connection is aborted at once: the
 * protocol's {@code connectionLost} receives a {@link ConnectionAbortedException} whose cause is
 * the throwable, as the production reactor does. The recorded {@link CallbackError#context()}
 * names the callback, the connection and the {@linkplain #chunking() chunking} as the expression
 * that replays it ({@code dataReceived of ... with Chunking.random(7L)}; on a simulated network,
 * the link with the network's seed). The driving call does not rethrow it. A
 * {@linkplain MemoryReactor#failure() fatal} error also stops the owning reactor.
 *
 * <p>Not thread-safe: use it on the test thread.
 */
public final class MemoryConnection {
  // Built only when a message needs it: formatting two socket addresses per connection cost more
  // than the rest of setting the connection up.
  private final Supplier<String> nameSource;
  private @Nullable String name;
  private final Protocol protocol;
  private final RecordingTransport transport;
  private final ConnectionOwner owner;
  private final boolean pumped;
  private final @Nullable Throwable creationSite;
  private Consumer<ConnectionEndedException> onEnded = reason -> {};
  private boolean readClosed;
  private boolean writeCloseSignalled;
  private @Nullable ConnectionEndedException endReason;
  // What the peer sent and the protocol has not read: Segments, then at most one Arrival.
  private final ArrayDeque<Object> unread = new ArrayDeque<>();
  // Where reads that span several arrivals are gathered; true while one is being delivered, so a
  // read nested in that dataReceived gets a fresh buffer instead of overwriting it.
  private static final int MAX_GATHER_BUFFER = 256 * 1024;
  private static final byte[] NO_BUFFER = {};
  private byte[] gatherBuffer = NO_BUFFER;
  private boolean gathering;
  private long unreadBytes;
  private boolean peerOutputEnded;
  private Chunking chunking = Chunking.coalesced();
  private Chunking.Reads reads = chunking.start();
  // How a failed run replays, named in every callback error of this connection: the chunking,
  // or the link that cuts the reads with its seed and chunking. The words, then replayOf as it
  // prints itself if set: joined only when an error needs it, not for every connection.
  private String replayWords = "with ";
  private @Nullable Object replayOf = chunking;

  /**
   * Arrived bytes: a view of an array nobody changes. {@code owned} arrays belong to this
   * connection alone, so what was read may be overwritten (poisoned) after the read. A {@code
   * source} is the writer's transport that keeps no record: the array goes back to it once its
   * last byte has been read.
   */
  private static final class Segment {
    final byte[] array;
    int offset;
    int length;
    final boolean owned;
    final @Nullable RecordingTransport source;

    Segment(byte[] array, int offset, int length, boolean owned,
        @Nullable RecordingTransport source) {
      this.array = array;
      this.offset = offset;
      this.length = length;
      this.owned = owned;
      this.source = source;
    }

    /** Hands the array back to its writer if the read that just ended took its last byte. */
    void readUpTo(int end) {
      if (source != null && end == array.length) {
        source.recycle(array);
      }
    }
  }

  /** How the peer's stream ended, delivered in order after the bytes before it. */
  private sealed interface Arrival permits EndOfStream, Ended {}

  /** The peer closed its output: a half-close for a half-closeable protocol, else a clean end. */
  private record EndOfStream() implements Arrival {}

  /** The connection ended from the peer's side with this reason (a full close, a reset). */
  private record Ended(ConnectionEndedException reason) implements Arrival {}

  MemoryConnection(
      String name,
      Protocol protocol,
      RecordingTransport transport,
      ConnectionOwner owner,
      boolean pumped,
      @Nullable Throwable creationSite) {
    this(() -> name, protocol, transport, owner, pumped, creationSite);
  }

  MemoryConnection(
      Supplier<String> name,
      Protocol protocol,
      RecordingTransport transport,
      ConnectionOwner owner,
      boolean pumped,
      @Nullable Throwable creationSite) {
    this.nameSource = name;
    this.protocol = protocol;
    this.transport = transport;
    this.owner = owner;
    this.pumped = pumped;
    this.creationSite = creationSite;
    transport.setOwnerHook(() -> owner.transportRequest(this));
    transport.setFailureHook((callback, failure) ->
        owner.callbackFailed(failedIn(callback + " on " + name()), failure));
  }

  void onEnded(Consumer<ConnectionEndedException> hook) {
    this.onEnded = hook;
  }

  /**
   * Sets how arriving bytes become reads; starts a fresh state for this connection. Callback
   * errors name the policy as the expression that replays it ({@code with Chunking.random(7L)}).
   */
  void chunking(Chunking policy) {
    this.chunking = Objects.requireNonNull(policy, "chunking");
    this.replayWords = "with ";
    this.replayOf = policy;
    this.reads = policy.start();
  }

  /**
   * Sets how arriving bytes become reads, and how callback errors tell the run's replay when the
   * policy is one part of it ({@code on link a -> b:80 (Network seed 7L, Chunking.oneByte())}).
   */
  void chunking(Chunking policy, String replay) {
    this.chunking = Objects.requireNonNull(policy, "chunking");
    this.replayWords = Objects.requireNonNull(replay, "replay");
    this.replayOf = null;
    this.reads = policy.start();
  }

  /**
   * The context a callback error is recorded with, on every path into a protocol (bytes fed by
   * hand, a pump, a link): where it threw, then how the run replays.
   */
  private String failedIn(String where) {
    return where + " " + replayWords + (replayOf == null ? "" : replayOf);
  }

  /**
   * Returns how arriving bytes become {@code dataReceived} calls on this connection.
   *
   * @return the policy; {@link Chunking#coalesced()} unless the owner chose another
   */
  public Chunking chunking() {
    return chunking;
  }

  /** Attaches the transport; {@code connectionMade} runs, guarded. */
  void start() {
    guard("makeConnection/connectionMade", () -> protocol.makeConnection(transport));
  }

  /**
   * Returns the connection's protocol.
   *
   * @return the protocol the factory built
   */
  public Protocol protocol() {
    return protocol;
  }

  /**
   * Returns the transport the protocol writes to.
   *
   * @return the recording transport
   */
  public RecordingTransport transport() {
    return transport;
  }

  /**
   * Returns where the connection was created, if the owner captured creation sites.
   *
   * @return the creation stack, or {@code null}
   */
  public @Nullable Throwable creationSite() {
    return creationSite;
  }

  /**
   * Tells whether the connection is open (its protocol has not had {@code connectionLost}).
   *
   * @return {@code true} until the connection ends
   */
  public boolean isOpen() {
    return endReason == null;
  }

  /**
   * Returns why the connection ended.
   *
   * @return the reason given to {@code connectionLost}, or {@code null} while open
   */
  public @Nullable ConnectionEndedException endReason() {
    return endReason;
  }

  /**
   * Returns what the protocol wrote since the last take; see {@link RecordingTransport#written()}.
   *
   * @return a copy of the bytes
   * @throws IllegalStateException if the connection keeps no record of its writes: a network,
   *     pump or reactor set to {@code keepWritten(false)} carries it
   */
  public byte[] written() {
    return transport.written();
  }

  /**
   * Returns what the protocol wrote, decoded as UTF-8.
   *
   * @return the text
   */
  public String writtenText() {
    return transport.writtenText();
  }

  /**
   * Returns what the protocol wrote and forgets it, as if the network sent it; this drains the
   * transport and may resume a paused producer.
   *
   * @return the bytes
   */
  public byte[] takeWritten() {
    return transport.takeWritten();
  }

  /**
   * Returns and forgets what the protocol wrote, decoded as UTF-8.
   *
   * @return the text
   */
  public String takeWrittenText() {
    return new String(transport.takeWritten(), StandardCharsets.UTF_8);
  }

  /**
   * Delivers {@code data} to the protocol as if the peer sent it: in one {@code dataReceived}
   * call with the default {@link Chunking#coalesced()} (together with bytes that waited), cut
   * into several by another {@linkplain #chunking() chunking}; while the transport does not read
   * (see the class comment) the bytes wait instead.
   *
   * @param data the bytes; copied
   * @return this connection
   * @throws IllegalStateException if the connection ended, the peer half-closed, or a pump
   *     drives this connection
   */
  public MemoryConnection receive(byte[] data) {
    Objects.requireNonNull(data, "data");
    requirePeerControl("receive bytes");
    if (peerOutputEnded) {
      throw new IllegalStateException(
          "the peer already half-closed " + name() + "; it cannot send more bytes");
    }
    arrive(data.clone(), 0, data.length, true);
    readArrived();
    return this;
  }

  /**
   * Delivers {@code text} encoded as UTF-8; see {@link #receive(byte[])}.
   *
   * @param text the text to send
   * @return this connection
   */
  public MemoryConnection receive(String text) {
    return receive(Objects.requireNonNull(text, "text").getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The peer closes the connection cleanly: the protocol receives
   * {@link ConnectionClosedException}.
   *
   * @throws IllegalStateException if the connection already ended or a pump drives it
   */
  public void close() {
    requirePeerControl("close");
    arriveEnd(new ConnectionClosedException("Connection was closed cleanly by the peer"));
  }

  /**
   * The peer closes its sending side: a {@link HalfCloseableProtocol} gets
   * {@code readConnectionLost} and may still write; any other protocol sees a clean close.
   *
   * @throws IllegalStateException if the connection already ended, the peer already half-closed,
   *     or a pump drives it
   */
  public void halfClose() {
    requirePeerControl("half-close");
    if (peerOutputEnded) {
      throw new IllegalStateException("the peer already half-closed " + name());
    }
    arriveEndOfStream();
  }

  /**
   * The connection breaks: the protocol receives {@link ConnectionLostException}.
   *
   * @throws IllegalStateException if the connection already ended or a pump drives it
   */
  public void lose() {
    lose(new ConnectionLostException("Connection lost (simulated by the test)"));
  }

  /**
   * The connection breaks with {@code reason} (a reset, an I/O error).
   *
   * @param reason what the protocol receives
   * @throws IllegalStateException if the connection already ended or a pump drives it
   */
  public void lose(ConnectionLostException reason) {
    Objects.requireNonNull(reason, "reason");
    requirePeerControl("lose");
    arriveEnd(reason);
  }

  /**
   * This side aborts the connection, as {@code abortConnection} would: the protocol receives
   * {@link ConnectionAbortedException}, not a clean close.
   *
   * @throws IllegalStateException if the connection already ended or a pump drives it
   */
  public void abort() {
    requirePeerControl("abort");
    end(new ConnectionAbortedException("Connection aborted (simulated by the test)"));
  }

  private void requirePeerControl(String action) {
    if (pumped) {
      throw new IllegalStateException(
          "cannot " + action + " on " + name() + ": a Pump drives this connection; use the pump, "
              + "or the protocol on the other side");
    }
    if (endReason != null) {
      throw new IllegalStateException(
          "cannot " + action + " on " + name() + ": it already ended with " + endReason);
    }
    if (hasPeerEnded()) {
      throw new IllegalStateException(
          "cannot " + action + " on " + name() + ": the peer already ended it; the end waits "
              + "until the protocol reads again");
    }
  }

  /**
   * Returns how many bytes the peer sent that wait for the transport to read again.
   *
   * @return the waiting byte count; 0 while the transport reads
   */
  public long unreadBytes() {
    return unreadBytes;
  }

  /** Whether what the peer sends must wait: the transport does not read, or others wait. */
  boolean isHolding() {
    return !unread.isEmpty() || !transport.isReading();
  }

  /** Whether the peer's end (close, reset) arrived and waits to be delivered. */
  boolean hasPeerEnded() {
    return unread.peekLast() instanceof Ended;
  }

  /** Whether the peer's output ended (half-close, close or reset), delivered or waiting. */
  boolean hasPeerOutputEnded() {
    return peerOutputEnded;
  }

  /**
   * Runs what this connection has waiting for a turn: a writability report, then what the peer
   * sent while the transport did not read.
   *
   * @return whether anything was delivered
   */
  boolean deliverWaiting() {
    boolean moved = reportWritability();
    moved |= deliverUnread();
    return moved;
  }

  /**
   * Bytes from the peer arrive: kept, without a copy, until the protocol reads them with
   * {@link #readArrived()}. {@code owned} says the range belongs to this connection alone.
   */
  void arrive(byte[] array, int offset, int length, boolean owned) {
    arrive(array, offset, length, owned, null);
  }

  /**
   * Bytes from the peer arrive as {@link #arrive(byte[], int, int, boolean)}, views of the
   * pending arrays of {@code source}: if it keeps no record, each array goes back to it once
   * read to its end.
   */
  void arrive(byte[] array, int offset, int length, boolean owned,
      @Nullable RecordingTransport source) {
    if (endReason != null || length == 0) {
      return;
    }
    unreadBytes += length;
    // Bytes that follow the last arrival in the same array (small writes share a slab) join it,
    // so a read that coalesces them is one view rather than a copy gathered from pieces.
    if (unread.peekLast() instanceof Segment last && last.array == array && last.owned == owned
        && last.offset + last.length == offset) {
      last.length += length;
      return;
    }
    unread.add(new Segment(array, offset, length, owned,
        source != null && source.recycles() ? source : null));
  }

  /** The peer's output closed; delivered in order after the bytes that wait. */
  void arriveEndOfStream() {
    if (endReason != null || peerOutputEnded) {
      return;
    }
    peerOutputEnded = true;
    if (isHolding()) {
      unread.add(new EndOfStream());
    } else {
      peerWriteClosed();
    }
  }

  /** The connection ended from the peer's side; delivered in order after what waits. */
  void arriveEnd(ConnectionEndedException reason) {
    if (endReason != null || hasPeerEnded()) {
      return;
    }
    peerOutputEnded = true;
    if (isHolding()) {
      unread.add(new Ended(reason));
    } else {
      end(reason);
    }
  }

  /**
   * Delivers what waited, in order, while the transport reads; stops when it pauses again.
   *
   * @return whether anything was delivered
   */
  boolean deliverUnread() {
    return readArrived();
  }

  /**
   * The protocol reads what has arrived, while its transport reads: the bytes, cut into reads by
   * the chunking, then the end of the stream or the reset behind them.
   *
   * @return whether anything was delivered
   */
  boolean readArrived() {
    boolean moved = false;
    while (endReason == null && !unread.isEmpty() && transport.isReading()) {
      Object next = unread.peek();
      moved = true;
      if (next instanceof Segment) {
        readOnce();
      } else {
        unread.poll();
        if (next instanceof Ended ended) {
          end(ended.reason());
        } else {
          peerWriteClosed();
        }
      }
    }
    return moved;
  }

  /** One {@code dataReceived} of what the chunking cuts from the bytes that arrived. */
  private void readOnce() {
    int available = (int) Math.min(unreadBytes, Integer.MAX_VALUE);
    int size = reads.next(available);
    if (size < 1) {
      throw new IllegalStateException(
          chunking + " cut a read of " + size + " bytes from " + available + " available; a "
              + "read takes at least 1 byte");
    }
    size = Math.min(size, available);
    unreadBytes -= size;
    Segment head = (Segment) unread.peek();
    if (head.length >= size) {
      // One write, or the part of one: the protocol reads a view of it, no copy.
      int offset = head.offset;
      head.offset += size;
      head.length -= size;
      if (head.length == 0) {
        unread.poll();
      }
      deliver(head.array, offset, size, head.owned);
      head.readUpTo(offset + size);
      return;
    }
    // The read spans several writes: gather them, as a socket's receive buffer holds them, into
    // this connection's reused buffer (poisoned after each read, as nio reuses its read buffer).
    byte[] gathered = gathering || gatherBuffer.length < size
        ? new byte[size] : gatherBuffer;
    if (!gathering && gathered != gatherBuffer && size <= MAX_GATHER_BUFFER) {
      gatherBuffer = gathered;
    }
    int at = 0;
    while (at < size) {
      Segment segment = (Segment) unread.peek();
      int take = Math.min(segment.length, size - at);
      System.arraycopy(segment.array, segment.offset, gathered, at, take);
      at += take;
      segment.offset += take;
      segment.length -= take;
      if (segment.length == 0) {
        unread.poll();
      }
      segment.readUpTo(segment.offset);
    }
    boolean outer = !gathering;
    gathering = true;
    try {
      deliver(gathered, 0, size, true);
    } finally {
      gathering = !outer;
    }
  }

  /**
   * Reports a writability change of the transport to the protocol, if one is due.
   *
   * @return whether the protocol was told
   */
  boolean reportWritability() {
    if (endReason != null) {
      return false;
    }
    boolean told = false;
    for (boolean writable : transport.takeWritabilityChanges()) {
      if (endReason != null) {
        break;
      }
      guard("writabilityChanged", () -> protocol.writabilityChanged(writable));
      told = true;
    }
    return told;
  }

  /** Delivers bytes to the protocol; returns false if the connection ended doing so. */
  private boolean deliver(byte[] array, int offset, int length, boolean owned) {
    if (endReason != null) {
      return false;
    }
    return guard("dataReceived",
        () -> Delivery.dataReceived(protocol, array, offset, length, owned));
  }

  /** The peer's output closed: half-close for a half-closeable protocol, else a clean end. */
  private void peerWriteClosed() {
    if (endReason != null || readClosed) {
      return;
    }
    if (protocol instanceof HalfCloseableProtocol half) {
      readClosed = true;
      if (guard("readConnectionLost", half::readConnectionLost) && writeCloseSignalled) {
        end(new ConnectionClosedException());
      }
    } else {
      end(new ConnectionClosedException("Connection was closed cleanly by the peer"));
    }
  }

  /**
   * Tells whether the peer half-closed: a {@link HalfCloseableProtocol} got
   * {@code readConnectionLost} and no more bytes will arrive.
   *
   * @return {@code true} once the peer's output closed while this side stayed open
   */
  public boolean isReadClosed() {
    return readClosed;
  }

  boolean isWriteCloseSignalled() {
    return writeCloseSignalled;
  }

  /**
   * Applies what the protocol asked of its transport (abort, close, half-close), with no peer:
   * the bytes it wrote count as sent. Then reports a writability change and delivers what waited
   * while the transport did not read.
   */
  void applyTransportRequests() {
    if (endReason != null) {
      return;
    }
    // With no network model, the test is the network and takes every byte at once.
    transport.feedFiles(!pumped);
    applyCloseRequests();
    deliverWaiting();
  }

  /** Applies the transport's abort, close or half-close request, with no peer to tell. */
  void applyCloseRequests() {
    if (transport.isAborted()) {
      end(abortReason());
    } else if (transport.isCloseReady()) {
      end(new ConnectionClosedException());
    } else if (transport.isWriteClosed() && !writeCloseSignalled) {
      writeCloseSignalled = true;
      boolean open = true;
      if (protocol instanceof HalfCloseableProtocol half) {
        open = guard("writeConnectionLost", half::writeConnectionLost);
      }
      if (open && readClosed) {
        end(new ConnectionClosedException());
      }
    }
  }

  /** Why the transport was aborted: the protocol's abortConnection or the transport's own. */
  ConnectionAbortedException abortReason() {
    ConnectionAbortedException reason = transport.abortReason();
    return reason != null ? reason
        : new ConnectionAbortedException("Connection aborted with abortConnection");
  }

  /** Ends the connection: the transport stops, {@code connectionLost} runs, the owner hears. */
  void end(ConnectionEndedException reason) {
    if (endReason != null) {
      return;
    }
    endReason = reason;
    unread.clear();
    unreadBytes = 0;
    transport.markEnded(reason);
    try {
      protocol.connectionLost(reason);
    } catch (Throwable failure) {
      owner.callbackFailed(failedIn("connectionLost of " + name()), failure);
    }
    onEnded.accept(reason);
    owner.ended(this);
  }

  /**
   * Runs a protocol callback; if it throws anything (a {@link StackOverflowError} or an
   * {@link OutOfMemoryError} included), records it and aborts. Returns whether still open.
   */
  private boolean guard(String callback, Runnable call) {
    MemoryConnection outer = RUNNING.get();
    RUNNING.set(this);
    try {
      call.run();
    } catch (Throwable failure) {
      owner.callbackFailed(failedIn(callback + " of " + name()), failure);
      end(new ConnectionAbortedException(
          "Connection aborted because " + callback + " threw " + failure, failure));
    } finally {
      RUNNING.set(outer);
    }
    return endReason == null;
  }

  // The connection whose protocol callback runs now on this thread, so that a MemoryReactorGroup
  // can tell which of its fake loops a transport call comes from.
  private static final ThreadLocal<@Nullable MemoryConnection> RUNNING = new ThreadLocal<>();

  /** The connection whose protocol callback is running on this thread, or null. */
  static @Nullable MemoryConnection running() {
    return RUNNING.get();
  }

  private String name() {
    String built = name;
    if (built == null) {
      built = nameSource.get();
      name = built;
    }
    return built;
  }

  @Override
  public String toString() {
    return name() + (endReason == null
        ? " (open)"
        : " (ended: " + endReason.getClass().getSimpleName() + ")");
  }
}
