package dev.weft.reactor.testing.junit;

import dev.weft.reactor.testing.net.FaultPlan;

/**
 * Draws the fault plan of each seed of a {@link Sweep}; name the class in
 * {@link Sweep#faults()}. The extension makes one instance per sweep with the no-argument
 * constructor (any visibility).
 *
 * <pre>{@code
 * static final class Resets implements SweepFaults {
 *   public FaultPlan plan(long seed) {
 *     return FaultPlan.random(seed, FaultRates.builder().actions(StreamFault.Action.RESET).build());
 *   }
 * }
 * }</pre>
 */
@FunctionalInterface
public interface SweepFaults {

  /**
   * Returns the plan for {@code seed}: the same plan every time for the same seed.
   *
   * @param seed the case's seed
   * @return the plan, never {@code null}
   */
  FaultPlan plan(long seed);

  /** No faults: the default of {@link Sweep#faults()}. */
  final class None implements SweepFaults {
    /** Creates it; the extension does this. */
    public None() {}

    @Override
    public FaultPlan plan(long seed) {
      return FaultPlan.none();
    }
  }
}
