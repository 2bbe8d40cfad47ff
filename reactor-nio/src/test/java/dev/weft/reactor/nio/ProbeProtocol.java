package dev.weft.reactor.nio;

import dev.weft.reactor.BaseProtocol;
import dev.weft.reactor.ConnectionEndedException;
import dev.weft.reactor.Transport;
import java.nio.ByteBuffer;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * A protocol for the nio tests: counts bytes, optionally echoes, and records how it ended, in
 * fields the test thread may read.
 */
class ProbeProtocol extends BaseProtocol {
  final AtomicLong received = new AtomicLong();
  final AtomicReference<@Nullable ConnectionEndedException> lost = new AtomicReference<>();
  final CountDownLatch made = new CountDownLatch(1);
  final AtomicLong lostCalls = new AtomicLong();
  private final boolean echo;
  private volatile @Nullable Transport transport;

  ProbeProtocol(boolean echo) {
    this.echo = echo;
  }

  @Override
  public void connectionMade() {
    transport = transport();
    made.countDown();
  }

  @Override
  public void dataReceived(ByteBuffer data) {
    received.addAndGet(data.remaining());
    if (echo) {
      transport().write(data);
    }
    onData(data);
  }

  /** Called after counting (and echoing) each chunk; the buffer's position is unchanged by echo. */
  void onData(ByteBuffer data) {}

  @Override
  public void connectionLost(ConnectionEndedException reason) {
    lostCalls.incrementAndGet();
    lost.set(reason);
  }

  boolean isMade() {
    return made.getCount() == 0;
  }

  boolean isLost() {
    return lost.get() != null;
  }

  Transport link() {
    Transport t = transport;
    if (t == null) {
      throw new IllegalStateException("not connected yet");
    }
    return t;
  }
}
