package dev.weft.reactor.testing.conformance;

import dev.weft.reactor.BaseProtocol;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicLong;

/** Counts what arrives and checks it against {@link PatternProducer#pattern(long)}. */
final class PatternChecker extends BaseProtocol {
  private final AtomicLong received = new AtomicLong();
  private final AtomicLong mismatches = new AtomicLong();

  @Override
  public void dataReceived(ByteBuffer data) {
    long position = received.get();
    int bad = 0;
    int n = data.remaining();
    for (int i = 0; i < n; i++) {
      if (data.get() != PatternProducer.pattern(position + i)) {
        bad++;
      }
    }
    if (bad > 0) {
      mismatches.addAndGet(bad);
    }
    received.addAndGet(n);
  }

  long received() {
    return received.get();
  }

  long mismatches() {
    return mismatches.get();
  }
}
