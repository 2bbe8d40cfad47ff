package dev.weft.reactor.recording;

import dev.weft.reactor.ConnectionAbortedException;
import dev.weft.reactor.ConnectionClosedException;
import dev.weft.reactor.ConnectionEndedException;
import dev.weft.reactor.ReactorTime;
import dev.weft.reactor.Transport;
import dev.weft.reactor.recording.Recording.Action;
import dev.weft.reactor.recording.Recording.Entry;
import dev.weft.reactor.recording.Recording.Side;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The growing record of one connection, seen from one side. Writes and reads of one side less
 * than {@link #MERGE} apart, with nothing between them, are one entry: TCP has no message
 * boundaries, and a file of one line per {@code write} call would be hard to read.
 */
final class SessionLog {
  static final Duration MERGE = Duration.ofMillis(1);

  private final Side local;
  private final ReactorTime time;
  private final Consumer<Recording> done;
  private final List<Entry> entries = new ArrayList<>();
  private final List<String> comments = new ArrayList<>();
  private @Nullable Instant last;
  private @Nullable Side pendingSide;
  private @Nullable Duration pendingDelay;
  private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
  private boolean localEnded;
  private boolean localHalfClosed;
  private boolean finished;

  SessionLog(Side local, ReactorTime time, Consumer<Recording> done) {
    this.local = local;
    this.time = time;
    this.done = done;
  }

  void started(Transport transport) {
    last = time.now();
    String client = String.valueOf(local == Side.CLIENT ? transport.host() : transport.peer());
    String server = String.valueOf(local == Side.SERVER ? transport.host() : transport.peer());
    comments.add("recorded on the " + local.name().toLowerCase(java.util.Locale.ROOT)
        + ": client " + client + ", server " + server);
  }

  void sent(byte[] data) {
    if (data.length > 0 && !localEnded) {
      data(local, data);
    }
  }

  void received(byte[] data) {
    if (data.length > 0) {
      data(local.other(), data);
    }
  }

  void localClose() {
    if (!localEnded) {
      localEnded = true;
      end(local, Action.CLOSE);
    }
  }

  void localAbort() {
    if (!localEnded) {
      localEnded = true;
      end(local, Action.RESET);
    }
  }

  void localHalfClose() {
    if (!localEnded && !localHalfClosed) {
      localHalfClosed = true;
      end(local, Action.HALF_CLOSE);
    }
  }

  void peerHalfClosed() {
    end(local.other(), Action.HALF_CLOSE);
  }

  void lost(ConnectionEndedException reason) {
    if (!localEnded) {
      if (reason instanceof ConnectionAbortedException) {
        end(local, Action.RESET);
      } else {
        end(local.other(),
            reason instanceof ConnectionClosedException ? Action.CLOSE : Action.RESET);
      }
      localEnded = true;
    }
    if (!finished) {
      finished = true;
      flush();
      done.accept(new Recording(comments, entries));
    }
  }

  private void data(Side from, byte[] data) {
    Duration delay = tick();
    if (pendingSide == from && delay.compareTo(MERGE) < 0) {
      pending.writeBytes(data);
      return;
    }
    flush();
    pendingSide = from;
    pendingDelay = delay;
    pending.writeBytes(data);
  }

  private void end(Side from, Action action) {
    Duration delay = tick();
    flush();
    entries.add(new Entry(delay, from, action, new byte[0]));
  }

  private void flush() {
    if (pendingSide != null && pendingDelay != null) {
      entries.add(new Entry(pendingDelay, pendingSide, Action.DATA, pending.toByteArray()));
      pending.reset();
      pendingSide = null;
      pendingDelay = null;
    }
  }

  /** The time since the previous entry, to the microsecond; zero if the clock went back. */
  private Duration tick() {
    Instant now = time.now();
    Instant before = last == null ? now : last;
    last = now;
    long micros = Math.max(0, Duration.between(before, now).toNanos() / 1000);
    return Duration.ofNanos(micros * 1000);
  }
}
