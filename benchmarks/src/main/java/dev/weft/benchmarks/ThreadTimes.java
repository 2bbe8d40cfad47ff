package dev.weft.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * What the threads of a process did so far, from Linux's {@code schedstat}: per thread, the
 * nanoseconds on a CPU and the nanoseconds spent runnable but waiting for one. The second figure
 * is what makes saturation visible on a loaded machine: a thread that never blocks is saturated
 * even when other processes leave it only half a core.
 *
 * @param threads per thread id: {@code {onCpuNanos, waitingNanos}}
 */
record ThreadTimes(Map<String, long[]> threads) {

  /**
   * Reads every thread of a process.
   *
   * @param pid the process
   * @return its threads' times
   * @throws UncheckedIOException if the process is gone
   */
  static ThreadTimes ofProcess(long pid) {
    Map<String, long[]> threads = new HashMap<>();
    Path tasks = Path.of("/proc", Long.toString(pid), "task");
    try (DirectoryStream<Path> dir = Files.newDirectoryStream(tasks)) {
      for (Path task : dir) {
        try {
          threads.put(task.getFileName().toString(), parse(Files.readString(task.resolve("schedstat"))));
        } catch (NoSuchFileException ended) {
          // A thread that ended between listing and reading.
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new ThreadTimes(threads);
  }

  /**
   * Reads the calling thread alone (the harness's load client runs on the harness's thread).
   *
   * @return the calling thread's times
   */
  static ThreadTimes ofCurrentThread() {
    try {
      return new ThreadTimes(Map.of("self", parse(Files.readString(Path.of("/proc/thread-self/schedstat")))));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static long[] parse(String schedstat) {
    String[] fields = schedstat.trim().split(" ");
    return new long[] {Long.parseLong(fields[0]), Long.parseLong(fields[1])};
  }

  /**
   * Summarises what happened between {@code earlier} and this reading.
   *
   * @param earlier the reading at the start of the window
   * @param wallNanos the window's length
   * @return the process's CPU time and its busiest thread's demand over the window
   */
  Saturation.Usage since(ThreadTimes earlier, long wallNanos) {
    long cpu = 0;
    long busiestDemand = 0;
    long busiestCpu = 0;
    for (Map.Entry<String, long[]> e : threads.entrySet()) {
      long[] before = earlier.threads.getOrDefault(e.getKey(), new long[2]);
      long onCpu = e.getValue()[0] - before[0];
      long waiting = e.getValue()[1] - before[1];
      cpu += onCpu;
      if (onCpu + waiting > busiestDemand) {
        busiestDemand = onCpu + waiting;
        busiestCpu = onCpu;
      }
    }
    return new Saturation.Usage(cpu, busiestCpu, busiestDemand, wallNanos);
  }
}
