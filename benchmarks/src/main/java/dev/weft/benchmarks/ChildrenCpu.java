package dev.weft.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** CPU time of this process's children that have ended and been reaped (such as wrk). */
final class ChildrenCpu {
  // Linux reports it in clock ticks of 1/100 s on every architecture the harness runs on.
  private static final long NANOS_PER_TICK = 10_000_000L;

  private ChildrenCpu() {}

  /**
   * Returns the user plus system time of reaped children so far ({@code cutime + cstime}).
   *
   * @return nanoseconds, or 0 if it cannot be read
   */
  static long nanos() {
    try {
      String stat = Files.readString(Path.of("/proc/self/stat"));
      // Fields after the command name (which may contain spaces) start at field 3, "state".
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return (Long.parseLong(fields[13]) + Long.parseLong(fields[14])) * NANOS_PER_TICK;
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }
}
