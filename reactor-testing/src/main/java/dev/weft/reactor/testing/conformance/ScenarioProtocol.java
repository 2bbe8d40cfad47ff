package dev.weft.reactor.testing.conformance;

import dev.weft.reactor.BaseProtocol;
import dev.weft.reactor.ConnectionEndedException;
import dev.weft.reactor.Transport;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * A protocol that records what the reactor did to it, in thread-safe fields a scenario reads
 * after {@link ReactorDriver#runUntil}; optionally echoes (paced by its own transport, if asked),
 * or throws on a trigger word.
 */
class ScenarioProtocol extends BaseProtocol {
  /**
   * Everything that happened, in order: "made", "data" (once for reads in a row), "lost:Type",
   * "writable:true/false", and the half-close calls.
   */
  final List<String> events = new CopyOnWriteArrayList<>();
  final AtomicReference<@Nullable ConnectionEndedException> lost = new AtomicReference<>();
  private final ByteArrayOutputStream received = new ByteArrayOutputStream();
  private final boolean echo;
  private final @Nullable String failOn;
  private boolean pacedByItsOwnTransport;
  private boolean failed;
  private volatile @Nullable Transport transport;
  private volatile long receivedCount;

  ScenarioProtocol(boolean echo, @Nullable String failOn) {
    this.echo = echo;
    this.failOn = failOn;
  }

  /** An echoer that registers its own transport as its producer: reading pauses when behind. */
  static ScenarioProtocol pacedEchoer() {
    ScenarioProtocol echoer = echoer();
    echoer.pacedByItsOwnTransport = true;
    return echoer;
  }

  static ScenarioProtocol recorder() {
    return new ScenarioProtocol(false, null);
  }

  static ScenarioProtocol echoer() {
    return new ScenarioProtocol(true, null);
  }

  @Override
  public void connectionMade() {
    transport = transport();
    events.add("made");
    if (pacedByItsOwnTransport) {
      transport().registerProducer(transport(), true);
    }
  }

  @Override
  public void dataReceived(ByteBuffer data) {
    byte[] bytes = new byte[data.remaining()];
    data.get(bytes);
    synchronized (received) {
      received.writeBytes(bytes);
    }
    receivedCount += bytes.length;
    // Reads in a row are one "data" event: under one-byte chunking a list of every read would
    // grow by a copy per byte.
    if (events.isEmpty() || !"data".equals(events.get(events.size() - 1))) {
      events.add("data");
    }
    // The trigger word may arrive cut over several reads: look at everything received.
    if (failOn != null && !failed && received().contains(failOn)) {
      failed = true;
      throw new IllegalStateException("scenario protocol told to fail on '" + failOn + "'");
    }
    if (echo) {
      transport().write(bytes);
    }
  }

  @Override
  public void writabilityChanged(boolean writable) {
    events.add("writable:" + writable);
  }

  @Override
  public void connectionLost(ConnectionEndedException reason) {
    lost.set(reason);
    events.add("lost:" + reason.getClass().getSimpleName());
  }

  String received() {
    synchronized (received) {
      return received.toString(StandardCharsets.UTF_8);
    }
  }

  /** How many bytes arrived; cheaper than {@link #received()} for bulk traffic. */
  long receivedCount() {
    return receivedCount;
  }

  boolean isMade() {
    return transport != null;
  }

  boolean isLost() {
    return lost.get() != null;
  }

  /** The transport, for actions run inside {@link ReactorDriver#onReactor(Runnable)}. */
  Transport link() {
    Transport t = transport;
    if (t == null) {
      throw new IllegalStateException("the protocol is not connected yet; runUntil(isMade) first");
    }
    return t;
  }
}
