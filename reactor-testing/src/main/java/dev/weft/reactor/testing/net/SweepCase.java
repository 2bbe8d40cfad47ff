package dev.weft.reactor.testing.net;

import dev.weft.reactor.testing.Clock;
import java.util.Objects;

/**
 * One case of a sweep: the seed a {@link Network} draws from, the {@link Chunking} that cuts its
 * reads, and the {@link FaultPlan} injected into it. A value; {@code toString()} is the Java
 * expression that recreates it (for example {@code SweepCase.of(42L, Chunking.random(42L),
 * FaultPlan.of(Fault.resetAfter(3).onResponse().onLink(0)))}), which a failing sweep prints
 * and {@link #parse(String)} reads back, so a case replays by pasting it.
 *
 * <p>Immutable and thread-safe. The networks it builds are not (see {@link Network}).
 *
 * @param seed the network's seed (latencies, jitter and anything else it draws)
 * @param chunking how arriving bytes become reads on every host
 * @param faults the faults injected into the network
 */
public record SweepCase(long seed, Chunking chunking, FaultPlan faults) {

  /**
   * Checks the parts.
   *
   * @param seed the network's seed
   * @param chunking the reads policy, never {@code null}
   * @param faults the fault plan, never {@code null}
   */
  public SweepCase {
    Objects.requireNonNull(chunking, "chunking");
    Objects.requireNonNull(faults, "faults");
  }

  /**
   * Makes a case without faults; the form {@code toString()} prints for one.
   *
   * @param seed the network's seed
   * @param chunking the reads policy, never {@code null}
   * @return the case
   */
  public static SweepCase of(long seed, Chunking chunking) {
    return new SweepCase(seed, chunking, FaultPlan.none());
  }

  /**
   * Makes a case; the form {@code toString()} prints.
   *
   * @param seed the network's seed
   * @param chunking the reads policy, never {@code null}
   * @param faults the fault plan, never {@code null}
   * @return the case
   */
  public static SweepCase of(long seed, Chunking chunking, FaultPlan faults) {
    return new SweepCase(seed, chunking, faults);
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
    return new SweepCase(seed, other, faults);
  }

  /**
   * Returns a case with another fault plan and the same seed and chunking.
   *
   * @param other the fault plan
   * @return the new case
   */
  public SweepCase withFaults(FaultPlan other) {
    return new SweepCase(seed, chunking, other);
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
   * Builds a network set to this case, on a new Clock, with the case's faults injected.
   *
   * @return a network with no hosts yet
   */
  public Network network() {
    return network(networkBuilder());
  }

  /**
   * Builds a network set to this case on {@code clock}, with the case's faults injected.
   *
   * @param clock the clock the network keeps time with
   * @return a network with no hosts yet
   */
  public Network network(Clock clock) {
    return network(networkBuilder().clock(clock));
  }

  /**
   * Builds the network {@code builder} describes (start it with {@link #networkBuilder()}) and
   * injects the case's faults.
   *
   * @param builder a builder from {@link #networkBuilder()}, maybe with more settings
   * @return a network with no hosts yet
   */
  public Network network(Network.Builder builder) {
    return faults.applyTo(builder.build());
  }

  private Chunking freshChunking() {
    return chunking instanceof CutPoints cuts ? cuts.fresh() : chunking;
  }

  /**
   * Returns the replay expression.
   *
   * @return Java that recreates this case on one line, for example {@code SweepCase.of(42L,
   *     Chunking.random(42L))} (without faults) or {@code SweepCase.of(42L, Chunking.coalesced(),
   *     FaultPlan.of(Fault.resetAfter(3).onResponse().onLink(0)))}
   */
  @Override
  public String toString() {
    if (faults.isEmpty()) {
      return "SweepCase.of(" + seed + "L, " + chunking + ")";
    }
    StringBuilder plan = new StringBuilder("FaultPlan.of(");
    for (int i = 0; i < faults.faults().size(); i++) {
      plan.append(i == 0 ? "" : ", ").append(faults.faults().get(i));
    }
    return "SweepCase.of(" + seed + "L, " + chunking + ", " + plan + "))";
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
