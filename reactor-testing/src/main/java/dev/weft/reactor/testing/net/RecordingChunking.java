package dev.weft.reactor.testing.net;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Wraps a policy for one run and writes down where it cut: each stream's reads that took fewer
 * bytes than had arrived, as the {@link CutPoints} that replay the same reads. A read that took
 * everything is no cut (coalescing would have done the same), so the recording holds only what
 * the policy chose.
 */
final class RecordingChunking implements Chunking {
  private final Chunking inner;
  private final List<CutPoints.Cut> cuts = new ArrayList<>();
  private int started;

  RecordingChunking(Chunking inner) {
    this.inner = Objects.requireNonNull(inner, "inner");
  }

  @Override
  public Reads start() {
    int stream = started++;
    Reads reads = inner.start();
    long[] position = {0};
    return available -> {
      int size = reads.next(available);
      int taken = Math.min(size, available);
      if (taken >= 1) {
        if (taken < available) {
          cuts.add(new CutPoints.Cut(stream, position[0] + taken));
        }
        position[0] += taken;
      }
      return size;
    };
  }

  /** The cut points of what ran so far. */
  CutPoints recorded() {
    return CutPoints.of(cuts);
  }

  @Override
  public String toString() {
    return inner.toString();
  }
}
