package dev.weft.reactor.testing.tls;

import dev.weft.reactor.PushProducer;
import java.util.ArrayList;
import java.util.List;

/** A push producer for the TLS flow tests: writes 16 KiB chunks while it is not paused, up to a total. */
final class TlsChunks implements PushProducer {
  final List<String> events = new ArrayList<>();
  final TlsRecorder protocol;
  final int total;
  int sent;
  boolean paused;
  long maxPending;

  TlsChunks(TlsRecorder protocol, int total) {
    this.protocol = protocol;
    this.total = total;
  }

  @Override
  public void pauseProducing() {
    paused = true;
    events.add("pause");
  }

  @Override
  public void resumeProducing() {
    paused = false;
    events.add("resume");
    while (!paused && sent < total) {
      protocol.tls().write(new byte[16 * 1024]);
      sent += 16 * 1024;
      maxPending = Math.max(maxPending, protocol.tls().pendingBytes());
    }
  }

  @Override
  public void stopProducing() {
    events.add("stop");
  }
}
