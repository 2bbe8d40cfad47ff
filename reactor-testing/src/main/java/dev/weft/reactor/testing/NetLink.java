package dev.weft.reactor.testing;

import dev.weft.reactor.ConnectionAbortedException;
import dev.weft.reactor.ConnectionClosedException;
import dev.weft.reactor.ConnectionLostException;
import dev.weft.reactor.testing.internal.Actions;
import dev.weft.reactor.testing.internal.LinkControl;
import dev.weft.reactor.testing.internal.LinkObserver;
import dev.weft.reactor.testing.internal.LinkSpec;
import dev.weft.reactor.testing.net.StreamFault;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * The engine of one simulated TCP connection between two fake hosts: per direction, what the
 * writer's transport holds is sent into the network as far as the receive window allows (bytes
 * in flight plus bytes the reader has not read), serialised at the link's bandwidth and arriving
 * after the one-way delay, in order; the reader reads what has arrived, cut by the chunking, at
 * the instant it arrives. Closes travel behind the bytes (FIN), aborts and crashes as resets.
 * Everything runs in Clock calls: nothing moves inside a protocol's own call.
 */
final class NetLink implements LinkControl {
  /** How many bytes of each packet the trace sees. */
  private static final int TRACE_HEAD = 40;

  private final LinkSpec spec;
  private final Clock clock;
  private final Direction toServer;
  private final Direction toClient;
  private MemoryConnection client;
  private MemoryConnection server;
  private boolean clientDead;
  private boolean serverDead;
  private boolean serviceScheduled;
  private LinkObserver observer = LinkObserver.NONE;

  private enum Kind { DATA, FIN, RST }

  /**
   * One packet; {@code sentAt} (the Clock's elapsed nanos when it left) and {@code note} (why a
   * FIN or RST was sent) are for the trace. A DATA packet's bytes are views of the written arrays
   * (no copy): segment {@code i} is {@code arrays[i][offsets[i] .. offsets[i] + lengths[i]]},
   * kept in three growing arrays rather than an object per segment; most packets hold one write.
   */
  private static final class Packet implements RecordingTransport.Segments {
    final Kind kind;
    long bytes;
    long sentAt;
    String note;
    int count;
    byte[][] arrays;
    int[] offsets;
    int[] lengths;
    // The writer whose pending arrays the segments view, when it takes them back once read.
    @Nullable RecordingTransport source;

    Packet(Kind kind, long sentAt, String note) {
      this.kind = kind;
      this.sentAt = sentAt;
      this.note = note;
      this.arrays = NO_ARRAYS;
      this.offsets = NO_INTS;
      this.lengths = NO_INTS;
    }

    Packet(Kind kind) {
      this(kind, 0, kind == Kind.FIN ? "close" : "reset");
    }

    Packet noted(String why) {
      note = why;
      return this;
    }

    @Override
    public void accept(byte[] array, int offset, int length) {
      if (count == arrays.length) {
        int grown = Math.max(2, 2 * count);
        arrays = Arrays.copyOf(arrays, grown);
        offsets = Arrays.copyOf(offsets, grown);
        lengths = Arrays.copyOf(lengths, grown);
      }
      arrays[count] = array;
      offsets[count] = offset;
      lengths[count] = length;
      count++;
      bytes += length;
    }

    /** A DATA packet of one segment. */
    static Packet of(byte[] array, int offset, int length) {
      Packet p = new Packet(Kind.DATA);
      p.arrays = new byte[][] {array};
      p.offsets = new int[] {offset};
      p.lengths = new int[] {length};
      p.count = 1;
      p.bytes = length;
      return p;
    }

    private static final byte[][] NO_ARRAYS = {};
    private static final int[] NO_INTS = {};
  }

  private final class Direction {
    final boolean towardsServer;
    final LongSupplier delay;
    final ArrayDeque<Packet> held = new ArrayDeque<>();
    long inFlight;
    long heldBytes;
    long busyUntil;
    long lastArrival;
    boolean blocked;
    boolean finSent;
    boolean rstSent;
    final DirectionFaults faults = new DirectionFaults();

    Direction(boolean towardsServer, LongSupplier delay) {
      this.towardsServer = towardsServer;
      this.delay = delay;
    }

    MemoryConnection from() {
      return towardsServer ? client : server;
    }

    MemoryConnection to() {
      return towardsServer ? server : client;
    }

    boolean fromDead() {
      return towardsServer ? clientDead : serverDead;
    }

    boolean toDead() {
      return towardsServer ? serverDead : clientDead;
    }

    Direction reverse() {
      return towardsServer ? toClient : toServer;
    }
  }

  NetLink(LinkSpec spec) {
    this.spec = spec;
    this.clock = spec.clock();
    this.toServer = new Direction(true, spec.toServerDelayNanos());
    this.toClient = new Direction(false, spec.toClientDelayNanos());
  }

  /** Attaches the two ends, made with {@link #owner(ConnectionOwner)}; nothing runs yet. */
  void attach(MemoryConnection clientEnd, MemoryConnection serverEnd) {
    this.client = clientEnd;
    this.server = serverEnd;
    for (MemoryConnection end : List.of(clientEnd, serverEnd)) {
      end.chunking(spec.chunking(), "on " + spec.label());
      end.transport().setWriteHook(this::kick);
    }
  }

  /** The owner of one end: the reactor hears errors and ends, the link does the rest. */
  ConnectionOwner owner(ConnectionOwner reactor) {
    return new ConnectionOwner() {
      @Override
      public void callbackFailed(String context, Throwable error) {
        // The end's context names this link already (attach): its seed and chunking.
        reactor.callbackFailed(context, error);
      }

      @Override
      public void transportRequest(MemoryConnection connection) {
        kick();
      }

      @Override
      public void ended(MemoryConnection connection) {
        reactor.ended(connection);
        endedEnd(connection);
      }
    };
  }

  /** Schedules one service of the link at this instant, however many things asked for it. */
  void kick() {
    if (serviceScheduled) {
      return;
    }
    serviceScheduled = true;
    clock.callLater(Duration.ZERO, Actions.traffic(() -> "service of " + spec.label(), this::service));
  }

  private void service() {
    serviceScheduled = false;
    serviceEnd(client, clientDead);
    serviceEnd(server, serverDead);
    send(toServer);
    send(toClient);
    applyCloses(toServer);
    applyCloses(toClient);
  }

  private static void serviceEnd(MemoryConnection end, boolean dead) {
    if (dead || !end.isOpen()) {
      return;
    }
    end.reportWritability();
    end.readArrived();
  }

  private void send(Direction d) {
    MemoryConnection from = d.from();
    if (d.faults.cut && !d.fromDead() && from.isOpen()) {
      from.transport().drainPending(Long.MAX_VALUE, (array, offset, length) -> {});
    }
    if (d.fromDead() || !from.isOpen() || d.finSent || d.rstSent) {
      return;
    }
    if (!d.faults.isEmpty() && fireDue(d)) {
      return;
    }
    MemoryConnection to = d.to();
    long unread = to.isOpen() && !d.toDead() ? to.unreadBytes() : 0;
    long room = spec.window() - d.inFlight - d.heldBytes - unread;
    long n = Math.min(from.transport().pendingBytes(), room);
    if (n <= 0) {
      return;
    }
    if (!d.faults.isEmpty()) {
      byte[] data = new byte[(int) n];
      int[] at = {0};
      from.transport().drainPending(n, (array, offset, length) -> {
        System.arraycopy(array, offset, data, at[0], length);
        at[0] += length;
      });
      sendFaulty(d, data, 0);
      return;
    }
    Packet packet = new Packet(Kind.DATA);
    packet.source = from.transport();
    from.transport().drainPending(n, packet);
    d.faults.passed(n);
    emit(d, packet);
  }

  // ---- stream faults -----------------------------------------------------------------------

  /** Fires the faults due before any more bytes go; true if the direction stopped. */
  private boolean fireDue(Direction d) {
    if (d.faults.stalled) {
      return true;
    }
    for (StreamFault due = d.faults.takeDue(); due != null; due = d.faults.takeDue()) {
      if (fire(d, due, null, 0)) {
        return true;
      }
    }
    return false;
  }

  /** Sends {@code data[pos..]}, cut where the faults of {@code d} fire. */
  private void sendFaulty(Direction d, byte[] data, int pos) {
    while (pos < data.length) {
      DirectionFaults.Cut cut = d.faults.cutWithin(data, pos, data.length);
      int upTo = cut == null ? data.length : pos + cut.bytes();
      if (upTo > pos) {
        d.faults.passed(data, pos, upTo);
        emit(d, Packet.of(data, pos, upTo - pos));
      }
      pos = upTo;
      if (cut != null) {
        d.faults.fired(cut.fault());
        if (fire(d, cut.fault(), data, pos)) {
          return;
        }
      }
    }
  }

  /**
   * Does what {@code fault} says to direction {@code d}, the bytes before it sent; {@code rest}
   * from {@code pos} is what the writer sent after it. Returns true if the direction stopped.
   */
  private boolean fire(Direction d, StreamFault fault, byte @Nullable [] rest, int pos) {
    observer.faultFired(d.towardsServer, fault.toString());
    MemoryConnection writer = d.from();
    switch (fault.action()) {
      case RESET -> {
        d.rstSent = true;
        emit(d, new Packet(Kind.RST));
        writer.end(new ConnectionLostException("Connection reset (" + fault + " on "
            + spec.label() + ")"));
        return true;
      }
      case CLOSE -> {
        writer.end(new ConnectionClosedException());
        return true;
      }
      case HALF_CLOSE -> {
        d.faults.cut = true;
        d.finSent = true;
        emit(d, new Packet(Kind.FIN));
        writer.transport().drainPending(Long.MAX_VALUE, (array, offset, length) -> {});
        return true;
      }
      case STALL -> {
        d.faults.stalled = true;
        if (rest != null && pos < rest.length) {
          d.faults.stash = java.util.Arrays.copyOfRange(rest, pos, rest.length);
        }
        return true;
      }
      case DELAY -> {
        d.faults.extraDelayNanos = fault.delay().toNanos();
        return false;
      }
    }
    throw new AssertionError(fault);
  }

  /** Once neither end is open, the faults that did not fire are dropped with their timers. */
  private void faultsEnded() {
    if (!isOpen()) {
      toServer.faults.ended();
      toClient.faults.ended();
    }
  }

  @Override
  public void addFault(StreamFault fault) {
    Direction d = fault.direction() == StreamFault.Direction.REQUEST ? toServer : toClient;
    d.faults.add(fault, clock, this::kick, spec.label());
    kick();
  }

  @Override
  public void releaseStall() {
    for (Direction d : List.of(toServer, toClient)) {
      if (!d.faults.stalled) {
        continue;
      }
      d.faults.stalled = false;
      byte[] stash = d.faults.stash;
      d.faults.stash = null;
      if (stash != null && !d.fromDead() && !d.finSent && !d.rstSent) {
        sendFaulty(d, stash, 0);
      }
    }
    kick();
  }

  private void applyCloses(Direction d) {
    MemoryConnection side = d.from();
    if (d.fromDead() || !side.isOpen()) {
      return;
    }
    RecordingTransport t = side.transport();
    if (t.isAborted()) {
      side.end(side.abortReason());
      return;
    }
    if (t.pendingBytes() > 0 || d.faults.stalled) {
      return; // A close travels behind the bytes, stalled ones included.
    }
    if (t.isCloseReady()) {
      side.end(new ConnectionClosedException());
    } else if (t.isWriteClosed() && !side.isWriteCloseSignalled()) {
      side.applyCloseRequests();
      if (side.isOpen() && !d.finSent) {
        d.finSent = true;
        emit(d, new Packet(Kind.FIN).noted("half-close"));
      }
    }
  }

  /** An end ended: what it sends its peer on the way out, a FIN or (aborted) a reset. */
  private void endedEnd(MemoryConnection end) {
    faultsEnded();
    Direction out = end == client ? toServer : toClient;
    if (out.fromDead() || out.rstSent) {
      return;
    }
    if (end.endReason() instanceof ConnectionAbortedException) {
      out.rstSent = true;
      emit(out, new Packet(Kind.RST).noted("reset: aborted"));
    } else if (!out.finSent) {
      out.finSent = true;
      emit(out, new Packet(Kind.FIN));
    }
  }

  private void emit(Direction d, Packet packet) {
    long now = clock.elapsedNanos();
    packet.sentAt = now;
    long start = Math.max(now, d.busyUntil);
    long bps = spec.bytesPerSecond();
    long transmit = bps > 0 && packet.bytes > 0
        ? (long) Math.ceil(packet.bytes * 1_000_000_000.0 / bps) : 0;
    d.busyUntil = start + transmit;
    // In order, as TCP delivers: jitter never lets a packet overtake the one before it.
    long at = Math.max(d.busyUntil + Math.max(0, d.delay.getAsLong()) + d.faults.extraDelayNanos,
        d.lastArrival);
    d.lastArrival = at;
    d.inFlight += packet.bytes;
    clock.callLater(Duration.ofNanos(at - now),
        Actions.traffic(() -> packet.kind + " of " + packet.bytes + " bytes on " + spec.label(),
            () -> arrive(d, packet)));
  }

  private void arrive(Direction d, Packet packet) {
    d.inFlight -= packet.bytes;
    if (d.blocked) {
      d.held.add(packet);
      d.heldBytes += packet.bytes;
      return;
    }
    land(d, packet);
    kick();
  }

  private void land(Direction d, Packet packet) {
    MemoryConnection to = d.to();
    if (d.toDead()) {
      observer.lost(d.towardsServer, packet.sentAt, packet.bytes,
          packet.kind == Kind.DATA ? "data" : packet.note);
      return;
    }
    switch (packet.kind) {
      case DATA -> {
        observeData(d, packet);
        if (!to.isOpen()) {
          // Bytes for a closed socket: it answers with a reset.
          Direction back = d.reverse();
          if (!back.rstSent && !back.fromDead()) {
            back.rstSent = true;
            emit(back, new Packet(Kind.RST)
                .noted("reset: bytes for a closed socket"));
          }
          return;
        }
        for (int i = 0; i < packet.count; i++) {
          to.arrive(packet.arrays[i], packet.offsets[i], packet.lengths[i], false,
              packet.source);
        }
      }
      case FIN -> {
        observer.end(d.towardsServer, packet.sentAt, packet.note);
        to.arriveEndOfStream();
      }
      case RST -> {
        observer.end(d.towardsServer, packet.sentAt, packet.note);
        d.reverse().rstSent = true;
        to.arriveEnd(new ConnectionLostException("Connection reset by peer"));
      }
    }
  }

  private void observeData(Direction d, Packet packet) {
    byte[] head = new byte[(int) Math.min(packet.bytes, TRACE_HEAD)];
    int filled = 0;
    for (int i = 0; i < packet.count; i++) {
      if (filled == head.length) {
        break;
      }
      int n = Math.min(packet.lengths[i], head.length - filled);
      System.arraycopy(packet.arrays[i], packet.offsets[i], head, filled, n);
      filled += n;
    }
    observer.data(d.towardsServer, packet.sentAt, head, packet.bytes);
  }

  @Override
  public void observe(LinkObserver observer) {
    this.observer = java.util.Objects.requireNonNull(observer, "observer");
  }

  @Override
  public LinkObserver observer() {
    return observer;
  }

  @Override
  public MemoryConnection client() {
    return client;
  }

  @Override
  public MemoryConnection server() {
    return server;
  }

  @Override
  public void block(boolean towardsServer, boolean towardsClient) {
    setBlocked(toServer, towardsServer);
    setBlocked(toClient, towardsClient);
  }

  private void setBlocked(Direction d, boolean blocked) {
    boolean lifted = d.blocked && !blocked;
    d.blocked = blocked;
    if (lifted) {
      while (!d.held.isEmpty()) {
        Packet p = d.held.poll();
        d.heldBytes -= p.bytes;
        land(d, p);
      }
      kick();
    }
  }

  @Override
  public boolean isBlocked(boolean towardsServer) {
    return (towardsServer ? toServer : toClient).blocked;
  }

  @Override
  public long bytesInFlight() {
    return toServer.inFlight + toClient.inFlight;
  }

  @Override
  public long bytesHeld() {
    return toServer.heldBytes + toClient.heldBytes;
  }

  @Override
  public boolean isOpen() {
    return (client.isOpen() && !clientDead) || (server.isOpen() && !serverDead);
  }

  @Override
  public void crash(boolean serverSide) {
    Direction out = serverSide ? toClient : toServer;
    if (serverSide) {
      serverDead = true;
    } else {
      clientDead = true;
    }
    // The crashed host's kernel resets its connections; the reset travels like any packet.
    if (!out.rstSent && out.to().isOpen()) {
      out.rstSent = true;
      long now = clock.elapsedNanos();
      long at = Math.max(now + Math.max(0, out.delay.getAsLong()), out.lastArrival);
      out.lastArrival = at;
      Packet rst = new Packet(Kind.RST, now, "reset: host crashed");
      clock.callLater(Duration.ofNanos(at - now),
          Actions.traffic(() -> "reset from a crashed host on " + spec.label(),
              () -> arrive(out, rst)));
    }
  }

  @Override
  public void timeOut(String why) {
    observer.timedOut(why);
    toServer.rstSent = toServer.finSent = true;
    toClient.rstSent = toClient.finSent = true;
    toServer.held.clear();
    toClient.held.clear();
    toServer.heldBytes = toClient.heldBytes = 0;
    if (!clientDead && client.isOpen()) {
      client.end(new ConnectionLostException(why));
    }
    if (!serverDead && server.isOpen()) {
      server.end(new ConnectionLostException(why));
    }
  }

  @Override
  public String toString() {
    return spec.label();
  }
}
