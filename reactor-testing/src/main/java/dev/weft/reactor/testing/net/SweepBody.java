package dev.weft.reactor.testing.net;

/**
 * The test a sweep runs once per {@link SweepCase}: it builds its network from the case (see
 * {@link SweepCase#network()}) and fails by throwing. The shrinker runs it again and again on
 * the same thread, so it must start from nothing each time: everything it uses comes from the
 * case, and it reads no wall clock and no unseeded random.
 */
@FunctionalInterface
public interface SweepBody {
  /**
   * Runs the test under one case.
   *
   * @param sweepCase the case, never {@code null}
   * @throws Throwable anything: the case fails
   */
  void run(SweepCase sweepCase) throws Throwable;
}
