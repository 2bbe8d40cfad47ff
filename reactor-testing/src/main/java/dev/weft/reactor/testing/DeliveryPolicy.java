package dev.weft.reactor.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.jspecify.annotations.Nullable;

/**
 * How a {@link Pump} cuts written bytes into {@code dataReceived} calls: whole writes, one byte
 * at a time, or seeded random splits. Chunk boundaries mean nothing on TCP, so a protocol must
 * work under all three; the last two make framing bugs show up in tests.
 *
 * <p>Immutable and thread-safe; a random policy's state lives in each pump, so two pumps with
 * the same seed and the same traffic cut the bytes identically. {@link #toString()} is the Java
 * expression that recreates the policy, which failure messages quote so a run can be replayed.
 */
public final class DeliveryPolicy {
  private enum Kind {
    WHOLE_WRITES,
    ONE_BYTE,
    RANDOM
  }

  private static final DeliveryPolicy WHOLE = new DeliveryPolicy(Kind.WHOLE_WRITES, 0);
  private static final DeliveryPolicy ONE = new DeliveryPolicy(Kind.ONE_BYTE, 0);

  private final Kind kind;
  private final long seed;

  private DeliveryPolicy(Kind kind, long seed) {
    this.kind = kind;
    this.seed = seed;
  }

  /**
   * Delivers each write in one {@code dataReceived} call.
   *
   * @return the policy
   */
  public static DeliveryPolicy wholeWrites() {
    return WHOLE;
  }

  /**
   * Delivers every byte in its own {@code dataReceived} call.
   *
   * @return the policy
   */
  public static DeliveryPolicy oneByteAtATime() {
    return ONE;
  }

  /**
   * Cuts each write into pieces of random sizes (at least one byte each), drawn from a generator
   * seeded with {@code seed}.
   *
   * @param seed the seed; the same seed replays the same cuts
   * @return the policy
   */
  public static DeliveryPolicy randomSplits(long seed) {
    return new DeliveryPolicy(Kind.RANDOM, seed);
  }

  /**
   * Returns the seed of a random policy.
   *
   * @return the seed, or 0 for the other policies
   */
  public long seed() {
    return seed;
  }

  /** Creates the per-pump state of this policy. */
  SplittableRandom newRandom() {
    return new SplittableRandom(seed);
  }

  /** Cuts one write into the chunks to deliver. */
  List<byte[]> split(byte[] write, SplittableRandom random) {
    List<byte[]> chunks = new ArrayList<>();
    switch (kind) {
      case WHOLE_WRITES -> chunks.add(write);
      case ONE_BYTE -> {
        for (byte b : write) {
          chunks.add(new byte[] {b});
        }
      }
      case RANDOM -> {
        int offset = 0;
        while (offset < write.length) {
          int size = 1 + random.nextInt(write.length - offset);
          chunks.add(java.util.Arrays.copyOfRange(write, offset, offset + size));
          offset += size;
        }
      }
    }
    return chunks;
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof DeliveryPolicy p && p.kind == kind && p.seed == seed;
  }

  @Override
  public int hashCode() {
    return kind.hashCode() * 31 + Long.hashCode(seed);
  }

  @Override
  public String toString() {
    return switch (kind) {
      case WHOLE_WRITES -> "DeliveryPolicy.wholeWrites()";
      case ONE_BYTE -> "DeliveryPolicy.oneByteAtATime()";
      case RANDOM -> "DeliveryPolicy.randomSplits(" + seed + "L)";
    };
  }
}
