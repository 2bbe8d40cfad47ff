package dev.weft.reactor.testing.net;

import java.util.Objects;

/**
 * How bytes that have arrived for a connection become {@code dataReceived} calls.
 *
 * <p>Immutable and thread-safe; the state of a policy (a random generator, for instance) lives in
 * the {@link Reads} it starts for each direction of each connection, so two runs with the same
 * policy and the same traffic cut the bytes identically.
 *
 * <p>When the reader runs, it takes what has arrived and the policy says how many of those bytes
 * each read takes: {@link #coalesced()} (the default everywhere, as TCP does) takes everything in
 * one read, whatever the writes were; {@link #oneByte()}, {@link #fixed(int)} and
 * {@link #random(long)} cut what arrived into several reads, across write boundaries. The same
 * policy applies on every path into a protocol: a {@link dev.weft.reactor.testing.Pump}, a
 * connection the test plays by hand ({@code MemoryConnection.receive}), and the simulated
 * network's links. A protocol must work under all of them; the cutting ones make framing bugs
 * show, the coalescing one catches a protocol that handles only one frame per read.
 *
 * <p>{@code toString()} is the Java expression that recreates the policy (for example
 * {@code Chunking.random(42L)}); failure messages quote it so a run can be replayed. A user
 * policy implements {@link #start()} and should do the same.
 */
public interface Chunking {

  /**
   * Starts the cutting state for one direction of one connection.
   *
   * @return a fresh state, never {@code null}
   */
  Reads start();

  /** The cutting state of one direction: how many bytes the next read takes. */
  @FunctionalInterface
  interface Reads {
    /**
     * Returns how many of the {@code available} bytes the next read takes.
     *
     * @param available bytes that have arrived and not been read, at least 1
     * @return a count in {@code 1..available}; larger values are clamped, smaller ones fail
     */
    int next(int available);
  }

  /**
   * Everything that has arrived when the reader runs is one read, as TCP delivers it.
   *
   * @return the policy
   */
  static Chunking coalesced() {
    return ChunkingPolicies.COALESCED;
  }

  /**
   * Every byte is its own read.
   *
   * @return the policy
   */
  static Chunking oneByte() {
    return ChunkingPolicies.ONE_BYTE;
  }

  /**
   * Reads of {@code size} bytes (the last one of what has arrived may be shorter).
   *
   * @param size at least 1
   * @return the policy
   * @throws IllegalArgumentException if {@code size} is below 1
   */
  static Chunking fixed(int size) {
    if (size < 1) {
      throw new IllegalArgumentException("size must be at least 1: " + size);
    }
    return new ChunkingPolicies.Fixed(size);
  }

  /**
   * Reads of random sizes (at least one byte), drawn from a generator seeded with {@code seed},
   * cutting across write boundaries.
   *
   * @param seed the seed; the same seed replays the same cuts
   * @return the policy
   */
  static Chunking random(long seed) {
    return new ChunkingPolicies.Random(seed);
  }

  /**
   * Reads cut at explicit points: what a sweep shrinks a failing chunking to, and prints. A
   * stream is one direction of one connection, numbered from 0 in the order the policy starts
   * them (each connection starts two); {@code "0:5,17 2:3"} cuts stream 0 after its 5th and
   * 17th byte and stream 2 after its 3rd. A read never spans a cut point of its stream and
   * otherwise takes everything that has arrived, as {@link #coalesced()} does; {@code ""} cuts
   * nothing.
   *
   * <p>Unlike the other policies this one counts the streams it starts, so one instance serves
   * one run: give each network (or pump) its own, as {@link SweepCase#network()} does. Two
   * instances with the same points are equal.
   *
   * @param spec whitespace-separated {@code STREAM:OFFSET,OFFSET...} groups; streams from 0,
   *     offsets from 1
   * @return the policy; {@code toString} is this call
   * @throws IllegalArgumentException if {@code spec} does not read that way
   */
  static Chunking cuts(String spec) {
    return CutPoints.parse(spec);
  }

  /**
   * A policy of a user's own, with the replay expression {@code description}.
   *
   * @param description what {@code toString} returns: ideally the Java expression that recreates
   *     the policy
   * @param start starts the state of one direction
   * @return the policy
   */
  static Chunking of(String description, java.util.function.Supplier<Reads> start) {
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(start, "start");
    return new ChunkingPolicies.Custom(description, start);
  }
}
