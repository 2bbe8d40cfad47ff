package dev.weft.reactor.testing;

import dev.weft.reactor.ConnectionAbortedException;
import dev.weft.reactor.ConnectionClosedException;
import dev.weft.reactor.ConnectionLostException;
import dev.weft.reactor.Protocol;
import dev.weft.reactor.ProtocolFactory;
import dev.weft.reactor.internal.Checks;
import dev.weft.reactor.testing.net.Chunking;
import dev.weft.reactor.testing.net.StreamFault;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * Two protocols connected in memory: each writes to its own {@link RecordingTransport}, and
 * {@link #pump()} moves the written bytes to the other side, where they become reads as the
 * {@link Chunking} says: by default everything a side wrote since the other last read arrives
 * as one {@code dataReceived}, however many writes it took, as TCP coalesces them.
 *
 * <p>Bytes move only in a pump step, never inside {@code write()}, so a protocol never re-enters
 * itself. Each written byte is copied once, by {@code write} (so the writer may reuse its
 * array); the reader gets a read-only view of that copy, or, when a read spans several writes,
 * of one array they are gathered into. A step delivers what each side wrote (client to server
 * first), then applies closes:
 * after a side's pending bytes are delivered, its {@code loseConnection} ends it with
 * {@link ConnectionClosedException} and the peer reads the end of the stream: a
 * {@link dev.weft.reactor.HalfCloseableProtocol} hears {@code readConnectionLost} and ends with
 * {@link ConnectionClosedException} once its own output is closed too (until then it stays open,
 * as a real socket does; if it writes, the closed side answers with a reset and it ends with
 * {@link ConnectionLostException} in that step, where a real socket notices on a later write),
 * any other protocol ends with
 * {@link ConnectionClosedException} at once; {@code loseWriteConnection} half-closes (the peer's
 * {@code readConnectionLost}, or a clean close if it is not half-closeable); an
 * {@code abortConnection} discards pending bytes, ends that side with
 * {@link ConnectionAbortedException} and the peer with {@link ConnectionLostException} (a
 * reset). {@link #flush()} pumps until a step moves nothing.
 *
 * <p><b>Back-pressure.</b> While a side does not read (its transport paused reading with
 * {@code pauseProducing()}, or is closing), what the other side writes fills that side's receive
 * buffer ({@link MemoryConnection#unreadBytes()}, at most
 * {@link Builder#receiveBufferSize(long)}, as a socket's buffers would) and then stays pending on
 * the writer's transport, whose pending bytes grow and whose own producer is paused, as a real
 * writer's would be once the kernel buffers are full; its clean close waits for those bytes too.
 * The end of the stream or a reset waits behind the bytes: a paused side sees them, in order,
 * from the first step after it resumes.
 * Each step starts by delivering what waited and the writability changes of the last step
 * ({@link Protocol#writabilityChanged(boolean)}).
 *
 * <p><b>Callback failures.</b> A protocol callback that throws is caught and its connection
 * aborted, as in {@link MemoryConnection}. A pump made by {@link #connect} has nobody else to
 * report to, so {@link #pump()} and {@link #flush()} then throw an {@link IllegalStateException}
 * naming the step and the chunking with its seed, after the step is complete. A pump made
 * by {@link ClientAttempt#connectTo} reports to its reactors instead
 * ({@link MemoryReactor#callbackErrors()}) and does not throw.
 *
 * <p><b>Faults.</b> {@link #inject(StreamFault)} puts a stream fault on the pumped connection
 * (reset, close, half-close or stall after a byte count, a byte string, a predicate or an
 * instant), decided by the same rules as on a network link.
 *
 * <p>Not thread-safe: use it on the test thread. Twisted: {@code twisted.test.iosim}.
 */
public final class Pump {
  /** How many steps {@link #flush()} takes, by default, before it gives up. */
  public static final int DEFAULT_MAX_FLUSH_STEPS = 10_000;

  /** How many bytes, by default, may wait for a side that does not read: 64 KiB. */
  public static final long DEFAULT_RECEIVE_BUFFER_SIZE = 64 * 1024;

  private final Chunking chunking;
  private final @Nullable Clock clock;
  private final Duration clockStep;
  private final int maxFlushSteps;
  private final long receiveBufferSize;
  private final List<CallbackError> unreported = new ArrayList<>();
  private final MemoryConnection server;
  private final MemoryConnection client;
  private final PumpFaults faults;
  private int steps;
  private boolean started;

  Pump(Builder b, Protocol serverProtocolAsBuilt, Protocol clientProtocolAsBuilt, Sides sides) {
    Protocol serverProtocol = Objects.requireNonNull(b.serverInterceptor.apply(serverProtocolAsBuilt),
        "the server interceptor returned null");
    Protocol clientProtocol = Objects.requireNonNull(b.clientInterceptor.apply(clientProtocolAsBuilt),
        "the client interceptor returned null");
    this.chunking = b.chunking;
    this.clock = b.clock;
    this.clockStep = b.clockStep;
    this.maxFlushSteps = b.maxFlushSteps;
    this.receiveBufferSize = b.receiveBufferSize;
    RecordingTransport serverTransport = sides.serverSettings().transportBuilder()
        .host(b.serverAddress).peer(b.clientAddress).build();
    RecordingTransport clientTransport = sides.clientSettings().transportBuilder()
        .host(b.clientAddress).peer(b.serverAddress).build();
    this.server = new MemoryConnection(sides.serverName, serverProtocol, serverTransport,
        new SideOwner(sides.serverOwner), true, sides.serverSite);
    this.client = new MemoryConnection(sides.clientName, clientProtocol, clientTransport,
        new SideOwner(sides.clientOwner), true, sides.clientSite);
    server.chunking(chunking);
    client.chunking(chunking);
    this.faults = new PumpFaults(client, clock, "pump of " + sides.clientName + " (" + chunking
        + ")");
  }

  /** Who hears about each side, and its transport's settings, for pumps made by a reactor. */
  record Sides(
      String serverName,
      @Nullable ConnectionOwner serverOwner,
      @Nullable Throwable serverSite,
      WriteBufferSettings serverSettings,
      String clientName,
      @Nullable ConnectionOwner clientOwner,
      @Nullable Throwable clientSite,
      WriteBufferSettings clientSettings) {
    static Sides standalone(WriteBufferSettings settings) {
      return new Sides("pumped server connection", null, null, settings,
          "pumped client connection", null, null, settings);
    }
  }

  /**
   * Connects two protocols with coalesced reads; the server's {@code connectionMade} runs
   * first, then the client's.
   *
   * @param server the server side's protocol
   * @param client the client side's protocol
   * @return the pump; nothing has been delivered yet
   */
  public static Pump connect(Protocol server, Protocol client) {
    return builder().connect(server, client);
  }

  /**
   * Connects protocols built by two factories; see {@link #connect(Protocol, Protocol)}.
   *
   * @param server builds the server side's protocol, given the client address
   * @param client builds the client side's protocol, given the server address
   * @return the pump
   */
  public static Pump connect(ProtocolFactory server, ProtocolFactory client) {
    return builder().connect(server, client);
  }

  /**
   * Starts a builder: coalesced reads, no clock, server {@code 127.0.0.1:10000}, client
   * {@code 127.0.0.1:40000}.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /** Attaches both transports: server first, as a real accept completes before the connect. */
  Pump start() {
    if (started) {
      throw new IllegalStateException("pump already started");
    }
    started = true;
    server.start();
    client.start();
    settleAll();
    reportUnreported();
    return this;
  }

  /**
   * Runs one step: advances the clock (if any), delivers what each side wrote, then applies
   * closes.
   *
   * @return whether anything was delivered or closed
   * @throws IllegalStateException if a callback threw in a standalone pump (see class comment)
   */
  public boolean pump() {
    steps++;
    if (clock != null) {
      clock.advance(clockStep);
    }
    boolean moved = client.deliverWaiting();
    moved |= server.deliverWaiting();
    moved |= transfer(client, server);
    moved |= transfer(server, client);
    moved |= settleAll();
    if (!isOpen()) {
      faults.ended();
    }
    reportUnreported();
    return moved;
  }

  /**
   * Pumps until a step moves nothing.
   *
   * @return how many steps ran, including the quiet last one
   * @throws IllegalStateException if still moving after the maximum number of steps (protocols
   *     that write to each other forever), or as {@link #pump()}
   */
  public int flush() {
    for (int n = 1; n <= maxFlushSteps; n++) {
      if (!pump()) {
        return n;
      }
    }
    throw new IllegalStateException(
        "pump still moving bytes after " + maxFlushSteps + " steps with " + chunking
            + "; the protocols may write to each other forever. Use pump() to step, or raise "
            + "Pump.builder().maxFlushSteps(int)");
  }

  private boolean transfer(MemoryConnection from, MemoryConnection to) {
    if (!from.isOpen() || faults.stopped(from)) {
      return false;
    }
    if (faults.fireDue(from, to)) {
      return true;
    }
    if (!to.isOpen()) {
      if (from.transport().pendingBytes() == 0) {
        return false;
      }
      // Only a half-closeable side whose peer closed fully is left open. The closed socket
      // answers with a reset; a real one reports it on a later write, the fake at once, so the
      // test sees it deterministically.
      from.transport().drainPending(Long.MAX_VALUE, (array, offset, length) -> {});
      from.end(new ConnectionLostException("Connection reset by peer"));
      return true;
    }
    if (to.isReadClosed()) {
      return false;
    }
    // Only what was pending when the step began moves, so a writer that refills the moment it is
    // drained cannot keep one step going forever. A reader that does not read takes only what
    // its receive buffer holds; the rest stays with the writer, which is what pushes back.
    RecordingTransport writer = from.transport();
    writer.feedFiles(false);
    long budget = writer.pendingBytes();
    if (to.isHolding()) {
      budget = Math.min(budget, receiveBufferSize - to.unreadBytes());
    } else if (receiveBufferSize > 0) {
      // A socket reads at most what its receive buffer holds; the rest follows in later steps.
      budget = Math.min(budget, receiveBufferSize);
    }
    if (budget <= 0) {
      return false;
    }
    if (faults.watches(from)) {
      faults.move(from, to, budget);
      return true;
    }
    faults.moved(from, budget);
    writer.drainPending(budget,
        (array, offset, length) -> to.arrive(array, offset, length, false, writer));
    // The reader runs once: everything that arrived is one read, or the chunking's cuts of it.
    to.readArrived();
    return true;
  }

  private boolean settleAll() {
    boolean changed = settle(client, server);
    changed |= settle(server, client);
    return changed;
  }

  private boolean settle(MemoryConnection side, MemoryConnection peer) {
    if (!side.isOpen()) {
      if (!peer.isOpen() || peer.hasPeerEnded()) {
        return false;
      }
      if (side.endReason() instanceof ConnectionAbortedException) {
        peer.arriveEnd(new ConnectionLostException("Connection reset by peer"));
        return true;
      }
      if (peer.hasPeerOutputEnded()) {
        // A half-closeable peer that saw (or will see) the end of the stream stays open until it
        // closes its own side, as with a real socket.
        return false;
      }
      peer.arriveEnd(new ConnectionClosedException("Connection was closed cleanly by the peer"));
      return true;
    }
    RecordingTransport t = side.transport();
    if (t.isAborted()) {
      side.end(side.abortReason());
      peer.arriveEnd(new ConnectionLostException("Connection reset by peer"));
      return true;
    }
    if (t.pendingBytes() > 0 || faults.holdsClose(side)) {
      return false; // A close travels behind the bytes, stalled ones included.
    }
    if (t.isCloseReady()) {
      side.end(new ConnectionClosedException());
      // The peer reads the end of the stream: a half-closeable protocol hears
      // readConnectionLost and ends only once its own output is closed too; any other ends now.
      peer.arriveEndOfStream();
      return true;
    }
    if (t.isWriteClosed() && !side.isWriteCloseSignalled()) {
      side.applyCloseRequests();
      peer.arriveEndOfStream();
      return true;
    }
    return false;
  }

  private void reportUnreported() {
    if (unreported.isEmpty()) {
      return;
    }
    List<CallbackError> errors = List.copyOf(unreported);
    unreported.clear();
    IllegalStateException failure = new IllegalStateException(
        "a protocol callback threw during pump step " + steps + " with " + chunking
            + "; its connection was aborted. Replay with the same policy. Errors: " + errors,
        errors.get(0).error());
    for (CallbackError more : errors.subList(1, errors.size())) {
      failure.addSuppressed(more.error());
    }
    throw failure;
  }

  /**
   * Injects a fault on this connection's bytes, as {@code Link.inject} does on a network link,
   * with the same triggers and actions (see {@link StreamFault}): for example
   * {@code pump.inject(Fault.resetAfter(17).onResponse())} resets the server's connection after
   * its 17th byte, the client reading those 17 bytes and then the reset. The fault acts in the
   * pump's steps. A pump has no latency, so {@link StreamFault.Action#DELAY} is refused, and a
   * fault at an instant needs the pump's clock ({@link Builder#advancing(Clock, Duration)}).
   *
   * @param fault the fault, never {@code null}
   * @return this pump
   * @throws IllegalArgumentException for a delay, or an instant without a clock
   */
  public Pump inject(StreamFault fault) {
    faults.add(fault);
    return this;
  }

  /**
   * Releases a stall: a direction stopped by a {@link StreamFault.Action#STALL} fault moves again
   * at once, what it held first, then what the writer wrote since in the next steps. Does
   * nothing if no direction is stalled.
   *
   * @return this pump
   */
  public Pump releaseStall() {
    faults.releaseStall(server);
    return this;
  }

  /**
   * Returns the server side's connection.
   *
   * @return the server connection
   */
  public MemoryConnection server() {
    return server;
  }

  /**
   * Returns the client side's connection.
   *
   * @return the client connection
   */
  public MemoryConnection client() {
    return client;
  }

  /**
   * Returns how arriving bytes become reads on both sides.
   *
   * @return the chunking, whose {@code toString} replays it
   */
  public Chunking chunking() {
    return chunking;
  }

  /**
   * Tells whether either side is still open.
   *
   * @return {@code false} once both connections ended
   */
  public boolean isOpen() {
    return server.isOpen() || client.isOpen();
  }

  /**
   * Returns how many steps have run.
   *
   * @return the step count
   */
  public int steps() {
    return steps;
  }

  @Override
  public String toString() {
    return "Pump[" + server + " <-> " + client + ", " + chunking + ", " + steps + " steps]";
  }

  /** Forwards a side's reports to its reactor, or keeps them for the standalone pump to throw. */
  private final class SideOwner implements ConnectionOwner {
    private final @Nullable ConnectionOwner outer;

    SideOwner(@Nullable ConnectionOwner outer) {
      this.outer = outer;
    }

    @Override
    public void callbackFailed(String context, Throwable error) {
      // The connection's context names the chunking already.
      String where = context + " during pump step " + steps;
      if (outer != null) {
        outer.callbackFailed(where, error);
      } else {
        unreported.add(new CallbackError(where, error));
      }
    }

    @Override
    public void transportRequest(MemoryConnection connection) {
      // Applied by the next pump step, never by a reactor turn: the pump is the network here.
    }

    @Override
    public void ended(MemoryConnection connection) {
      if (outer != null) {
        outer.ended(connection);
      }
    }
  }

  /** Configures a {@link Pump}; not thread-safe. */
  public static final class Builder {
    private Chunking chunking = Chunking.coalesced();
    private @Nullable Clock clock;
    private Duration clockStep = Duration.ZERO;
    private static final SocketAddress DEFAULT_SERVER =
        new InetSocketAddress(InetAddress.getLoopbackAddress(), 10000);
    private static final SocketAddress DEFAULT_CLIENT =
        new InetSocketAddress(InetAddress.getLoopbackAddress(), 40000);

    private SocketAddress serverAddress = DEFAULT_SERVER;
    private SocketAddress clientAddress = DEFAULT_CLIENT;
    private int maxFlushSteps = DEFAULT_MAX_FLUSH_STEPS;
    private WriteBufferSettings writeBuffers = WriteBufferSettings.DEFAULTS;
    private long receiveBufferSize = DEFAULT_RECEIVE_BUFFER_SIZE;
    private UnaryOperator<Protocol> serverInterceptor = UnaryOperator.identity();
    private UnaryOperator<Protocol> clientInterceptor = UnaryOperator.identity();

    Builder() {}

    /**
     * Sets how arriving bytes become {@code dataReceived} calls on both sides. Default
     * {@link Chunking#coalesced()}.
     *
     * @param chunking the policy
     * @return this builder
     */
    public Builder chunking(Chunking chunking) {
      this.chunking = Objects.requireNonNull(chunking, "chunking");
      return this;
    }

    /**
     * Advances {@code clock} by {@code step} at the start of every pump step.
     *
     * @param clock the clock to advance
     * @param step how far per step, not negative
     * @return this builder
     */
    public Builder advancing(Clock clock, Duration step) {
      this.clock = Objects.requireNonNull(clock, "clock");
      this.clockStep = Checks.nonNegative(step, "step");
      return this;
    }

    /**
     * Sets the server side's address (the client's peer).
     *
     * @param address the address
     * @return this builder
     */
    public Builder serverAddress(SocketAddress address) {
      this.serverAddress = Objects.requireNonNull(address, "address");
      return this;
    }

    /**
     * Sets the client side's address (the server's peer).
     *
     * @param address the address
     * @return this builder
     */
    public Builder clientAddress(SocketAddress address) {
      this.clientAddress = Objects.requireNonNull(address, "address");
      return this;
    }

    /**
     * Sets how many steps {@link Pump#flush()} may take.
     *
     * @param steps at least 1
     * @return this builder
     */
    public Builder maxFlushSteps(int steps) {
      if (steps < 1) {
        throw new IllegalArgumentException("maxFlushSteps must be at least 1: " + steps);
      }
      this.maxFlushSteps = steps;
      return this;
    }

    /**
     * Sets both transports' water marks, as {@code NioReactor.Builder.writeBufferWaterMarks}
     * does. Default 32 KiB and 64 KiB. A pump made by {@link ClientAttempt#connectTo} takes its
     * reactors' settings instead.
     *
     * @param low pending bytes at or below which a transport is writable again, not negative
     * @param high pending bytes above which it is not writable, at least {@code low}
     * @return this builder
     * @throws IllegalArgumentException if a mark is negative or {@code low} exceeds {@code high}
     */
    public Builder writeBufferWaterMarks(long low, long high) {
      this.writeBuffers = writeBuffers.withWaterMarks(low, high);
      return this;
    }

    /**
     * Caps both transports' pending bytes, as {@code NioReactor.Builder.writeBufferLimit} does:
     * a write above it aborts that side with
     * {@link dev.weft.reactor.WriteBufferLimitExceededException}. Default: no limit. A pump made
     * by {@link ClientAttempt#connectTo} takes its reactors' settings instead.
     *
     * @param bytes not negative; {@link Long#MAX_VALUE} for no limit
     * @return this builder
     * @throws IllegalArgumentException if negative
     */
    public Builder writeBufferLimit(long bytes) {
      this.writeBuffers = writeBuffers.withLimit(bytes);
      return this;
    }

    /**
     * Chooses whether both transports keep a record of what their protocols write (the default)
     * or only what the pump has not carried yet; see {@link
     * RecordingTransport.Builder#keepWritten(boolean)}. Without a record a long transfer holds
     * bounded memory and reuses the arrays its writes were copied into once the other side has
     * read them; {@link MemoryConnection#written()} then fails. A pump made by {@link
     * ClientAttempt#connectTo} takes its reactors' setting instead ({@link
     * MemoryReactor#keepWritten(boolean)}).
     *
     * @param keep {@code false} to keep no record
     * @return this builder
     */
    public Builder keepWritten(boolean keep) {
      this.writeBuffers = writeBuffers.withKeepWritten(keep);
      return this;
    }

    /**
     * Sets how many bytes may wait for a side that does not read (paused or closing) before the
     * rest stays pending on the writer, as a socket's receive and send buffers hold bytes the
     * reader has not read; it also bounds how many bytes one step carries to a side that reads,
     * so one coalesced read is at most this size, as a socket's read is. Default {@link #DEFAULT_RECEIVE_BUFFER_SIZE}; real sockets often hold
     * more, 0 holds nothing.
     *
     * @param bytes not negative
     * @return this builder
     * @throws IllegalArgumentException if negative
     */
    public Builder receiveBufferSize(long bytes) {
      if (bytes < 0) {
        throw new IllegalArgumentException("receiveBufferSize must not be negative: " + bytes);
      }
      this.receiveBufferSize = bytes;
      return this;
    }

    /**
     * Puts a protocol of the test's between each side's transport and the protocol that side
     * built (by a factory, a listening port or a recorded attempt): {@code server} and
     * {@code client} receive the built protocol and return the one the transport drives, which
     * may be the same. For faults that act on what one side writes or reads, as
     * {@link dev.weft.reactor.testing.tls.TlsFault} does. A wrapper should implement
     * {@link dev.weft.reactor.HalfCloseableProtocol} exactly when the wrapped protocol does, so
     * the end of the stream reaches it the same way.
     *
     * @param server wraps the server side's protocol
     * @param client wraps the client side's protocol
     * @return this builder
     */
    public Builder intercept(UnaryOperator<Protocol> server, UnaryOperator<Protocol> client) {
      this.serverInterceptor = Objects.requireNonNull(server, "server");
      this.clientInterceptor = Objects.requireNonNull(client, "client");
      return this;
    }

    /**
     * Connects two protocols; see {@link Pump#connect(Protocol, Protocol)}.
     *
     * @param server the server side's protocol
     * @param client the client side's protocol
     * @return the pump
     */
    public Pump connect(Protocol server, Protocol client) {
      Objects.requireNonNull(server, "server");
      Objects.requireNonNull(client, "client");
      return new Pump(this, server, client, Sides.standalone(writeBuffers)).start();
    }

    /**
     * Connects protocols built by two factories.
     *
     * @param server builds the server protocol, given the client address
     * @param client builds the client protocol, given the server address
     * @return the pump
     * @throws IllegalStateException if a factory returns {@code null}
     */
    public Pump connect(ProtocolFactory server, ProtocolFactory client) {
      Objects.requireNonNull(server, "server");
      Objects.requireNonNull(client, "client");
      return connect(build(server, clientAddress, "server"), build(client, serverAddress, "client"));
    }

    /** Links two protocols without starting them, so the caller can hook the sides first. */
    Pump link(Protocol server, Protocol client, Sides sides) {
      return new Pump(this, server, client, sides);
    }

    private static Protocol build(ProtocolFactory factory, SocketAddress peer, String side) {
      Protocol p = factory.buildProtocol(peer);
      if (p == null) {
        throw new IllegalStateException(
            "the " + side + " factory returned null from buildProtocol; give the pump a factory"
                + " that builds a protocol");
      }
      return p;
    }
  }
}
