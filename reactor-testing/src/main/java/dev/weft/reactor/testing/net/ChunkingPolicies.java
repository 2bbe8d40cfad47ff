package dev.weft.reactor.testing.net;

import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/** The built-in policies; records, so they compare by value. */
final class ChunkingPolicies {
  static final Chunking COALESCED = new Named("Chunking.coalesced()", available -> available);
  static final Chunking ONE_BYTE = new Named("Chunking.oneByte()", available -> 1);

  private ChunkingPolicies() {}

  private record Named(String name, Chunking.Reads reads) implements Chunking {
    @Override
    public Chunking.Reads start() {
      return reads;
    }

    @Override
    public String toString() {
      return name;
    }
  }

  record Fixed(int size) implements Chunking {
    @Override
    public Chunking.Reads start() {
      return available -> Math.min(size, available);
    }

    @Override
    public String toString() {
      return "Chunking.fixed(" + size + ")";
    }
  }

  record Random(long seed) implements Chunking {
    @Override
    public Chunking.Reads start() {
      SplittableRandom random = new SplittableRandom(seed);
      return available -> 1 + random.nextInt(available);
    }

    @Override
    public String toString() {
      return "Chunking.random(" + seed + "L)";
    }
  }

  record Custom(String description, Supplier<Chunking.Reads> starter)
      implements Chunking {
    @Override
    public Chunking.Reads start() {
      return Objects.requireNonNull(starter.get(), "the policy's start returned null");
    }

    @Override
    public String toString() {
      return description;
    }
  }
}

