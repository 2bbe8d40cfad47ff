package dev.weft.reactor.testing.net;

import org.jspecify.annotations.Nullable;

/**
 * What a {@link Shrinker} found: the case it started from, the smallest case that fails the
 * same way, and how many runs it took.
 *
 * @param original the failing case the shrink started from
 * @param originalFailure how the original failed when run again; {@code null} if it passed
 * @param shrunk the smallest failing case found; the original if nothing smaller fails
 * @param shrunkFailure how the shrunk case fails; {@code null} if the original passed
 * @param runs how many times the body ran
 * @param maxRuns the budget of runs
 * @param reproduced whether the original failed again when run again; {@code false} means the
 *     test is not deterministic (it reads the wall clock, an unseeded random, or state left by
 *     an earlier run), and nothing was shrunk
 * @param complete whether the shrink stopped because nothing smaller failed, rather than because
 *     the budget ran out
 */
public record ShrinkResult(
    SweepCase original,
    @Nullable Throwable originalFailure,
    SweepCase shrunk,
    @Nullable Throwable shrunkFailure,
    int runs,
    int maxRuns,
    boolean reproduced,
    boolean complete) {

  /**
   * Describes the result for a failure message: the original case, the shrunk case as a
   * ready-to-paste replay, the runs spent against the budget, and how the shrunk case fails.
   *
   * @return several lines, never {@code null}
   */
  public String report() {
    StringBuilder out = new StringBuilder();
    out.append("sweep case failed: ").append(original).append('\n');
    if (!reproduced) {
      return out.append("not shrunk: the case passed when run again, so the test is not")
          .append(" deterministic (wall clock, unseeded random, or state kept between runs?)")
          .append(" [").append(runs).append(" run of at most ").append(maxRuns).append(']')
          .toString();
    }
    out.append(complete ? "shrunk to a minimal case" : "shrinking stopped at its limit")
        .append(" in ").append(runs).append(" runs (at most ").append(maxRuns).append("):\n")
        .append("  ").append(shrunk).append('\n')
        .append("replay it with ").append(shrunk.replayAnnotation()).append('\n')
        .append("the shrunk case fails with: ").append(shrunkFailure);
    return out.toString();
  }
}
