package dev.weft.reactor.testing.net;

/**
 * The chunkings a sweep runs each seed under; each makes a {@link Chunking} for a seed.
 */
public enum SweepChunking {
  /** {@link Chunking#coalesced()}: what arrived is one read, as TCP delivers it. */
  COALESCED,
  /** {@link Chunking#oneByte()}: every byte its own read. */
  ONE_BYTE,
  /** {@link Chunking#random(long)} with the case's seed: reads of random sizes. */
  RANDOM;

  /**
   * Returns the chunking for a case with seed {@code seed}.
   *
   * @param seed the case's seed
   * @return the policy
   */
  public Chunking forSeed(long seed) {
    return switch (this) {
      case COALESCED -> Chunking.coalesced();
      case ONE_BYTE -> Chunking.oneByte();
      case RANDOM -> Chunking.random(seed);
    };
  }
}
