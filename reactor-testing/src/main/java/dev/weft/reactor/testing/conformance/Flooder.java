package dev.weft.reactor.testing.conformance;

import dev.weft.reactor.BaseProtocol;
import dev.weft.reactor.ConnectionEndedException;
import dev.weft.reactor.Transport;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * A writer without a producer, as Netty users write: while flooding, it writes a numbered byte
 * pattern as long as its transport is writable, and writes again when told it is writable. It
 * checks what it reads against the same pattern (for an echo), and records writability changes,
 * flagging one that arrives inside its own {@code write()}.
 */
final class Flooder extends BaseProtocol {
  /** The size of each write. */
  static final int CHUNK = 16 * 1024;
  /** A bound on what one flood may write, so that a reactor without back-pressure fails fast. */
  static final long MAX_FLOOD = 256L * 1024 * 1024;

  /** "writable:true/false" in order; "reentrant" or "flood limit" if something went wrong. */
  final List<String> events = new CopyOnWriteArrayList<>();
  final AtomicReference<@Nullable ConnectionEndedException> lost = new AtomicReference<>();
  private volatile @Nullable Transport transport;
  private volatile long written;
  private volatile long received;
  private volatile boolean corrupted;
  private boolean flooding;
  private boolean inWrite;

  static byte patternAt(long offset) {
    return (byte) (offset % 251);
  }

  @Override
  public void connectionMade() {
    transport = transport();
  }

  /** Starts flooding; reactor thread. */
  void flood() {
    flooding = true;
    fill();
  }

  /** Stops writing for good; reactor thread. */
  void stopFlooding() {
    flooding = false;
  }

  private void fill() {
    Transport t = transport();
    inWrite = true;
    try {
      while (flooding && t.isWritable() && !t.isDisconnecting()) {
        if (written >= MAX_FLOOD) {
          events.add("flood limit");
          flooding = false;
          return;
        }
        byte[] chunk = new byte[CHUNK];
        for (int i = 0; i < CHUNK; i++) {
          chunk[i] = patternAt(written + i);
        }
        t.write(chunk);
        written += CHUNK;
      }
    } finally {
      inWrite = false;
    }
  }

  @Override
  public void writabilityChanged(boolean writable) {
    events.add(inWrite ? "reentrant" : "writable:" + writable);
    if (writable) {
      fill();
    }
  }

  @Override
  public void dataReceived(ByteBuffer data) {
    long at = received;
    while (data.hasRemaining()) {
      if (data.get() != patternAt(at++)) {
        corrupted = true;
      }
    }
    received = at;
  }

  @Override
  public void connectionLost(ConnectionEndedException reason) {
    lost.set(reason);
  }

  Transport link() {
    Transport t = transport;
    if (t == null) {
      throw new IllegalStateException("the flooder is not connected yet; runUntil(isMade) first");
    }
    return t;
  }

  boolean isMade() {
    return transport != null;
  }

  boolean isLost() {
    return lost.get() != null;
  }

  long written() {
    return written;
  }

  long received() {
    return received;
  }

  boolean isCorrupted() {
    return corrupted;
  }

  @Nullable String lastEvent() {
    return events.isEmpty() ? null : events.get(events.size() - 1);
  }
}
