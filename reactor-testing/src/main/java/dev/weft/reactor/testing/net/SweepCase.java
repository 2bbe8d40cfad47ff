package dev.weft.reactor.testing.net;

import dev.weft.reactor.testing.Clock;
import java.util.Objects;

/**
 * One case of a sweep: the seed a {@link Network} draws from and the {@link Chunking} that cuts
 * its reads. A value; {@code toString()} is the Java expression that recreates it (for example
 * {@code SweepCase.of(42L, Chunking.random(42L))}), which a failing sweep prints and
 * {@link #parse(String)} reads back, so a case replays by pasting it.
 *
 * <p>Immutable and thread-safe. The networks it builds are not (see {@link Network}).
 *
 * @param seed the network's seed (latencies, jitter and anything else it draws)
 * @param chunking how arriving bytes become reads on every host
 */
public record SweepCase(long seed, Chunking chunking) {

  /**
   * Checks the parts.
   *
   * @param seed the network's seed
   * @param chunking the reads policy, never {@code null}
   */
  public SweepCase {
    Objects.requireNonNull(chunking, "chunking");
  }

  /**
   * Makes a case; the form {@code toString()} prints.
   *
   * @param seed the network's seed
   * @param chunking the reads policy, never {@code null}
   * @return the case
   */
  public static SweepCase of(long seed, Chunking chunking) {
    return new SweepCase(seed, chunking);
  }

  /**
   * Reads a case back from its replay expression, as a failing sweep prints it.
   *
   * @param replay for example {@code SweepCase.of(42L, Chunking.cuts("0:5"))}
   * @return the case
   * @throws IllegalArgumentException if {@code replay} is not such an expression
   */
  public static SweepCase parse(String replay) {
    return ReplayExpressions.evaluate(Objects.requireNonNull(replay, "replay"), SweepCase.class);
  }

  /**
   * Returns a case with another chunking and the same seed.
   *
   * @param other the reads policy
   * @return the new case
   */
  public SweepCase withChunking(Chunking other) {
    return new SweepCase(seed, other);
  }

  /**
   * Starts a network builder set to this case: its seed and its chunking (a fresh one for
   * {@link Chunking#cuts(String)}, whose streams are counted per run). Add hosts' conditions
   * (latency, window, ...) and build.
   *
   * @return a new builder
   */
  public Network.Builder networkBuilder() {
    return Network.builder().seed(seed).chunking(freshChunking());
  }

  /**
   * Builds a network set to this case, on a new Clock.
   *
   * @return a network with no hosts yet
   */
  public Network network() {
    return networkBuilder().build();
  }

  /**
   * Builds a network set to this case on {@code clock}.
   *
   * @param clock the clock the network keeps time with
   * @return a network with no hosts yet
   */
  public Network network(Clock clock) {
    return networkBuilder().clock(clock).build();
  }

  private Chunking freshChunking() {
    return chunking instanceof CutPoints cuts ? cuts.fresh() : chunking;
  }

  /**
   * Returns the replay expression.
   *
   * @return Java that recreates this case, for example {@code SweepCase.of(42L,
   *     Chunking.random(42L))}
   */
  @Override
  public String toString() {
    return "SweepCase.of(" + seed + "L, " + chunking + ")";
  }

  /**
   * Returns the replay as the annotation that runs only this case, quotes escaped: paste it
   * over the {@code @Sweep} of the failing test.
   *
   * @return for example {@code @Sweep(replay = "SweepCase.of(42L, Chunking.cuts(\"0:5\"))")}
   */
  public String replayAnnotation() {
    return "@Sweep(replay = \"" + toString().replace("\\", "\\\\").replace("\"", "\\\"") + "\")";
  }
}
