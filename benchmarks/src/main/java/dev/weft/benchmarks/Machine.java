package dev.weft.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The machine, so a table is never quoted without it. */
final class Machine {
  private Machine() {}

  static String describe() {
    StringBuilder s = new StringBuilder();
    s.append("- cores: ").append(Runtime.getRuntime().availableProcessors()).append('\n');
    s.append("- cpu: ").append(cpuModel()).append('\n');
    s.append("- java: ").append(System.getProperty("java.vm.name")).append(' ')
        .append(System.getProperty("java.runtime.version")).append('\n');
    s.append("- load average at start: ").append(loadAverage()).append('\n');
    s.append("- open files limit: ").append(openFilesLimit());
    return s.toString();
  }

  static String loadAverage() {
    return read("/proc/loadavg");
  }

  private static String cpuModel() {
    try {
      return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
          .filter(l -> l.startsWith("model name"))
          .map(l -> l.substring(l.indexOf(':') + 1).trim())
          .findFirst()
          .orElse("unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }

  private static String openFilesLimit() {
    try {
      return Files.readAllLines(Path.of("/proc/self/limits")).stream()
          .filter(l -> l.startsWith("Max open files"))
          .map(l -> l.replaceAll("\\s+", " ").trim())
          .findFirst()
          .orElse("unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }

  private static String read(String file) {
    try {
      return Files.readString(Path.of(file)).trim();
    } catch (IOException e) {
      return "unknown";
    }
  }
}
