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
import java.util.ArrayList;
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
   * FIN or RST was sent) are for the trace.
   */
  private record Packet(Kind kind, List<Object[]> segments, long bytes, long sentAt, String note) {
    Packet(Kind kind, List<Object[]> segments, long bytes) {
      this(kind, segments, bytes, 0, kind == Kind.FIN ? "close" : "reset");
    }

    Packet noted(String why) {
      return new Packet(kind, segments, bytes, sentAt, why);
    }

    Packet sent(long at) {
      return new Packet(kind, segments, bytes, at, note);
    }
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
    List<Object[]> segments = new ArrayList<>();
    from.transport().drainPending(n, (array, offset, length) ->
        segments.add(new Object[] {array, offset, length}));
    d.faults.passed(n);
    emit(d, new Packet(Kind.DATA, segments, n));
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
        List<Object[]> one = new ArrayList<>();
        one.add(new Object[] {data, pos, upTo - pos});
        emit(d, new Packet(Kind.DATA, one, upTo - pos));
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
        emit(d, new Packet(Kind.RST, List.of(), 0));
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
        emit(d, new Packet(Kind.FIN, List.of(), 0));
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
        emit(d, new Packet(Kind.FIN, List.of(), 0).noted("half-close"));
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
      emit(out, new Packet(Kind.RST, List.of(), 0).noted("reset: aborted"));
    } else if (!out.finSent) {
      out.finSent = true;
      emit(out, new Packet(Kind.FIN, List.of(), 0));
    }
  }

  private void emit(Direction d, Packet unstamped) {
    long now = clock.elapsed().toNanos();
    Packet packet = unstamped.sent(now);
    long start = Math.max(now, d.busyUntil);
    long bps = spec.bytesPerSecond();
    long transmit = bps > 0 && packet.bytes() > 0
        ? (long) Math.ceil(packet.bytes() * 1_000_000_000.0 / bps) : 0;
    d.busyUntil = start + transmit;
    // In order, as TCP delivers: jitter never lets a packet overtake the one before it.
    long at = Math.max(d.busyUntil + Math.max(0, d.delay.getAsLong()) + d.faults.extraDelayNanos,
        d.lastArrival);
    d.lastArrival = at;
    d.inFlight += packet.bytes();
    clock.callLater(Duration.ofNanos(at - now),
        Actions.traffic(() -> packet.kind() + " of " + packet.bytes() + " bytes on " + spec.label(),
            () -> arrive(d, packet)));
  }

  private void arrive(Direction d, Packet packet) {
    d.inFlight -= packet.bytes();
    if (d.blocked) {
      d.held.add(packet);
      d.heldBytes += packet.bytes();
      return;
    }
    land(d, packet);
    kick();
  }

  private void land(Direction d, Packet packet) {
    MemoryConnection to = d.to();
    if (d.toDead()) {
      observer.lost(d.towardsServer, packet.sentAt(), packet.bytes(),
          packet.kind() == Kind.DATA ? "data" : packet.note());
      return;
    }
    switch (packet.kind()) {
      case DATA -> {
        observeData(d, packet);
        if (!to.isOpen()) {
          // Bytes for a closed socket: it answers with a reset.
          Direction back = d.reverse();
          if (!back.rstSent && !back.fromDead()) {
            back.rstSent = true;
            emit(back, new Packet(Kind.RST, List.of(), 0)
                .noted("reset: bytes for a closed socket"));
          }
          return;
        }
        for (Object[] s : packet.segments()) {
          to.arrive((byte[]) s[0], (Integer) s[1], (Integer) s[2], false);
        }
      }
      case FIN -> {
        observer.end(d.towardsServer, packet.sentAt(), packet.note());
        to.arriveEndOfStream();
      }
      case RST -> {
        observer.end(d.towardsServer, packet.sentAt(), packet.note());
        d.reverse().rstSent = true;
        to.arriveEnd(new ConnectionLostException("Connection reset by peer"));
      }
    }
  }

  private void observeData(Direction d, Packet packet) {
    byte[] head = new byte[(int) Math.min(packet.bytes(), TRACE_HEAD)];
    int filled = 0;
    for (Object[] s : packet.segments()) {
      if (filled == head.length) {
        break;
      }
      int n = Math.min((Integer) s[2], head.length - filled);
      System.arraycopy((byte[]) s[0], (Integer) s[1], head, filled, n);
      filled += n;
    }
    observer.data(d.towardsServer, packet.sentAt(), head, packet.bytes());
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
        d.heldBytes -= p.bytes();
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
      long now = clock.elapsed().toNanos();
      long at = Math.max(now + Math.max(0, out.delay.getAsLong()), out.lastArrival);
      out.lastArrival = at;
      Packet rst = new Packet(Kind.RST, List.of(), 0, now, "reset: host crashed");
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
