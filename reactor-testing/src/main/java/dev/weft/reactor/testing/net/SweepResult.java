package dev.weft.reactor.testing.net;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link SweepRunner} run found: how many cases ran and, if one failed, that case, its
 * failure and the shrink of it.
 *
 * @param casesRun cases run, the failing one included
 * @param failingCase the first case that failed; {@code null} if all passed
 * @param failure how it failed; {@code null} if all passed
 * @param shrink the shrink of the failing case; {@code null} if all passed
 */
public record SweepResult(
    int casesRun,
    @Nullable SweepCase failingCase,
    @Nullable Throwable failure,
    @Nullable ShrinkResult shrink) {

  /**
   * Tells whether every case passed.
   *
   * @return {@code true} if no case failed
   */
  public boolean passed() {
    return failingCase == null;
  }

  /**
   * Returns the shrink of the failing case.
   *
   * @return the shrink, or empty if every case passed
   */
  public Optional<ShrinkResult> shrunk() {
    return Optional.ofNullable(shrink);
  }

  /**
   * Throws if a case failed: an {@link AssertionError} whose message is the
   * {@linkplain ShrinkResult#report() shrink report} (with the replay to paste) and whose cause
   * is the original failure.
   *
   * @throws AssertionError if a case failed
   */
  public void assertPassed() {
    if (shrink != null) {
      throw new AssertionError(shrink.report(), failure);
    }
  }
}
