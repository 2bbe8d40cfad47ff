package dev.weft.benchmarks;

import java.util.Collection;
import java.util.EnumMap;
import java.util.Map;

/**
 * Which side of a measurement set its pace: the one-thread load client, the one-thread server, both
 * or neither. A side is saturated when its busiest thread was on a CPU or waiting for one for at
 * least {@link #SATURATED} of the window, that is, it never waited for the other side. Counting the
 * time spent waiting for a CPU keeps the verdict right on a machine other processes load, where a
 * saturated thread may get only part of a core.
 *
 * <p>A rate from a client-bound row says how fast the client is, not the server: compare those
 * servers by their CPU per operation instead.
 */
final class Saturation {
  /** Share of the window a thread must be runnable to count as saturated. */
  static final double SATURATED = 0.90;

  private Saturation() {}

  /** Who set the pace of one measurement. */
  enum Bound {
    /** The load client's thread was always runnable, the server's was not. */
    CLIENT("client"),
    /** The server's busiest thread was always runnable, the client's was not. */
    SERVER("server"),
    /** Both were always runnable: the cores were the limit. */
    BOTH("both"),
    /** Neither: each waited on the other (latency-bound, e.g. one connection in ping-pong). */
    NEITHER("neither");

    final String label;

    Bound(String label) {
      this.label = label;
    }
  }

  /**
   * What one process (or thread) used over a window.
   *
   * @param cpuNanos CPU time of all its threads
   * @param busiestCpuNanos CPU time of its busiest thread
   * @param busiestDemandNanos CPU time plus run-queue wait of its busiest thread
   * @param wallNanos the window's length
   */
  record Usage(long cpuNanos, long busiestCpuNanos, long busiestDemandNanos, long wallNanos) {

    /**
     * Returns how much of the window the busiest thread was runnable. The kernel books a wait
     * when it ends, so a wait begun before the window may land in it: the share is capped at 1.
     *
     * @return a fraction, 0 to 1
     */
    double busy() {
      return wallNanos == 0 ? 0 : Math.min(1.0, (double) busiestDemandNanos / wallNanos);
    }

    /**
     * Returns how much of its runnable time the busiest thread actually got a CPU: below 1 means
     * other work on the machine took cores from it.
     *
     * @return a fraction, 0 to 1
     */
    double cpuShare() {
      return busiestDemandNanos == 0 ? 1 : (double) busiestCpuNanos / busiestDemandNanos;
    }

    /**
     * Returns how many cores the process used on average.
     *
     * @return CPU time over wall time
     */
    double cores() {
      return wallNanos == 0 ? 0 : (double) cpuNanos / wallNanos;
    }
  }

  /**
   * Classifies one measurement.
   *
   * @param clientBusy share of the window the client's thread was runnable
   * @param serverBusy share of the window the server's busiest thread was runnable
   * @return the side or sides that were saturated
   */
  static Bound classify(double clientBusy, double serverBusy) {
    boolean client = clientBusy >= SATURATED;
    boolean server = serverBusy >= SATURATED;
    if (client && server) {
      return Bound.BOTH;
    }
    if (client) {
      return Bound.CLIENT;
    }
    return server ? Bound.SERVER : Bound.NEITHER;
  }

  /**
   * Returns the verdict most rounds gave; a tie goes to the verdict that says the client limited
   * the rate (client, then both), so a row is never read as a server comparison by accident.
   *
   * @param verdicts one per round
   * @return the majority verdict, or {@code null} if there are none
   */
  static Bound majority(Collection<Bound> verdicts) {
    if (verdicts.isEmpty()) {
      return null;
    }
    Map<Bound, Integer> counts = new EnumMap<>(Bound.class);
    for (Bound b : verdicts) {
      counts.merge(b, 1, Integer::sum);
    }
    Bound best = null;
    for (Bound b : Bound.values()) {
      if (counts.containsKey(b) && (best == null || counts.get(b) > counts.get(best))) {
        best = b;
      }
    }
    return best;
  }

  /**
   * Tells whether a throughput ratio between two servers says anything about the servers: not when
   * either side's rate was set by the client.
   *
   * @param a the verdict for one server
   * @param b the verdict for the other
   * @return whether the ratio compares servers
   */
  static boolean comparesServers(Bound a, Bound b) {
    return a != Bound.CLIENT && b != Bound.CLIENT && a != Bound.BOTH && b != Bound.BOTH;
  }
}
