package dev.weft.reactor.testing.net;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The {@link Chunking#cuts(String)} policy: explicit cut points per stream. A stream is one
 * direction of one connection, numbered from 0 in the order this policy instance started them;
 * a read never spans one of its stream's cut points, and otherwise takes everything that has
 * arrived (as {@link Chunking#coalesced()} does). Compares by its cut points; the stream counter
 * is the one piece of state, so one instance serves one run.
 */
final class CutPoints implements Chunking {
  private final SortedMap<Integer, NavigableSet<Long>> cuts;
  private final AtomicInteger started = new AtomicInteger();

  CutPoints(SortedMap<Integer, NavigableSet<Long>> cuts) {
    SortedMap<Integer, NavigableSet<Long>> copy = new TreeMap<>();
    cuts.forEach((stream, offsets) -> {
      if (!offsets.isEmpty()) {
        copy.put(stream, new TreeSet<>(offsets));
      }
    });
    this.cuts = copy;
  }

  /** Parses the notation of {@link Chunking#cuts(String)}. */
  static CutPoints parse(String spec) {
    Objects.requireNonNull(spec, "spec");
    SortedMap<Integer, NavigableSet<Long>> cuts = new TreeMap<>();
    for (String part : spec.trim().split("\\s+")) {
      if (part.isEmpty()) {
        continue;
      }
      int colon = part.indexOf(':');
      if (colon < 1 || colon == part.length() - 1) {
        throw bad(spec, "each stream reads STREAM:OFFSET,OFFSET..., not \"" + part + "\"");
      }
      int stream = number(spec, part.substring(0, colon), "stream").intValue();
      NavigableSet<Long> offsets = cuts.computeIfAbsent(stream, s -> new TreeSet<>());
      for (String offset : part.substring(colon + 1).split(",")) {
        long at = number(spec, offset, "offset");
        if (at < 1) {
          throw bad(spec, "a cut offset is at least 1 (a read takes a byte): " + at);
        }
        offsets.add(at);
      }
    }
    return new CutPoints(cuts);
  }

  private static Long number(String spec, String text, String what) {
    try {
      long value = Long.parseLong(text.trim());
      if (value < 0 || (what.equals("stream") && value > Integer.MAX_VALUE)) {
        throw bad(spec, what + " out of range: " + text);
      }
      return value;
    } catch (NumberFormatException e) {
      throw bad(spec, what + " is not a number: \"" + text + "\"");
    }
  }

  private static IllegalArgumentException bad(String spec, String problem) {
    return new IllegalArgumentException(
        "cuts must read like \"0:5,17 2:3\" (stream 0 cut after bytes 5 and 17, stream 2 after"
            + " byte 3); " + problem + ": \"" + spec + "\"");
  }

  /** Every cut point, one per element, ordered by stream and offset. */
  List<Cut> all() {
    List<Cut> all = new ArrayList<>();
    cuts.forEach((stream, offsets) -> offsets.forEach(at -> all.add(new Cut(stream, at))));
    return all;
  }

  /** A policy with exactly {@code chosen} cut points. */
  static CutPoints of(List<Cut> chosen) {
    SortedMap<Integer, NavigableSet<Long>> cuts = new TreeMap<>();
    for (Cut cut : chosen) {
      cuts.computeIfAbsent(cut.stream(), s -> new TreeSet<>()).add(cut.offset());
    }
    return new CutPoints(cuts);
  }

  /** A fresh instance with the same cut points, its streams numbered from 0 again. */
  CutPoints fresh() {
    return new CutPoints(cuts);
  }

  @Override
  public Reads start() {
    NavigableSet<Long> mine = cuts.getOrDefault(started.getAndIncrement(), new TreeSet<>());
    long[] position = {0};
    return available -> {
      Long next = mine.higher(position[0]);
      int size = next != null && next - position[0] < available
          ? (int) (next - position[0]) : available;
      position[0] += size;
      return size;
    };
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof CutPoints that && cuts.equals(that.cuts);
  }

  @Override
  public int hashCode() {
    return cuts.hashCode();
  }

  @Override
  public String toString() {
    StringBuilder spec = new StringBuilder();
    for (Map.Entry<Integer, NavigableSet<Long>> e : cuts.entrySet()) {
      if (spec.length() > 0) {
        spec.append(' ');
      }
      spec.append(e.getKey()).append(':');
      StringBuilder offsets = new StringBuilder();
      for (long at : e.getValue()) {
        offsets.append(offsets.length() == 0 ? "" : ",").append(at);
      }
      spec.append(offsets);
    }
    return "Chunking.cuts(\"" + spec + "\")";
  }

  /** One cut point: after byte {@code offset} of stream {@code stream}. */
  record Cut(int stream, long offset) {}
}
