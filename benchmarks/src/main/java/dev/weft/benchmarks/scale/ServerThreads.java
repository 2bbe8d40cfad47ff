package dev.weft.benchmarks.scale;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/** The CPU time (user and system) of the live threads whose names start with a prefix. */
final class ServerThreads {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private ServerThreads() {}

  /**
   * Sums the CPU time of the matching threads.
   *
   * @param prefix the start of the server threads' names
   * @return nanoseconds of CPU, user and system
   */
  static long cpuNanos(String prefix) {
    long total = 0;
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.getName().startsWith(prefix)) {
        long cpu = THREADS.getThreadCpuTime(t.getId());
        if (cpu > 0) {
          total += cpu;
        }
      }
    }
    return total;
  }

  /** The median of a few samples. */
  static double median(double[] values) {
    double[] sorted = values.clone();
    java.util.Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }
}
