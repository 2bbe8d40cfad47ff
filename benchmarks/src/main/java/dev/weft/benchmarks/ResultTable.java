package dev.weft.benchmarks;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Samples per (row, server), printed as a Markdown table of medians with Weft's ratio to each
 * other server. Not thread-safe.
 */
final class ResultTable {
  private final Map<String, Row> rows = new LinkedHashMap<>();

  private record Row(String unit, Map<ServerKind, List<Double>> samples) {}

  /**
   * Adds one sample.
   *
   * @param row the workload and metric, e.g. "echo 1 conn 64 B"
   * @param unit e.g. "round trips/s"
   * @param kind the server measured
   * @param value the sample
   */
  void add(String row, String unit, ServerKind kind, double value) {
    rows.computeIfAbsent(row, r -> new Row(unit, new EnumMap<>(ServerKind.class)))
        .samples()
        .computeIfAbsent(kind, k -> new ArrayList<>())
        .add(value);
  }

  void print(PrintStream out) {
    ServerKind[] kinds = ServerKind.values();
    StringBuilder header = new StringBuilder("| workload | unit |");
    StringBuilder rule = new StringBuilder("|---|---|");
    for (ServerKind kind : kinds) {
      header.append(' ').append(kind.label).append(" |");
      rule.append("---:|");
    }
    for (ServerKind kind : kinds) {
      if (kind != ServerKind.WEFT) {
        header.append(" Weft/").append(kind.shortLabel).append(" |");
        rule.append("---:|");
      }
    }
    out.println(header);
    out.println(rule);
    for (Map.Entry<String, Row> entry : rows.entrySet()) {
      Map<ServerKind, List<Double>> samples = entry.getValue().samples();
      StringBuilder line =
          new StringBuilder("| ").append(entry.getKey()).append(" | ")
              .append(entry.getValue().unit()).append(" |");
      for (ServerKind kind : kinds) {
        line.append(' ').append(format(median(samples.get(kind)))).append(" |");
      }
      double weft = median(samples.get(ServerKind.WEFT));
      for (ServerKind kind : kinds) {
        if (kind != ServerKind.WEFT) {
          double other = median(samples.get(kind));
          line.append(' ')
              .append(Double.isNaN(weft) || Double.isNaN(other) || other == 0
                  ? "—"
                  : String.format(Locale.ROOT, "%.2f×", weft / other))
              .append(" |");
        }
      }
      out.println(line);
    }
  }

  static double median(List<Double> values) {
    if (values == null || values.isEmpty()) {
      return Double.NaN;
    }
    double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    int mid = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  }

  static String format(double value) {
    if (Double.isNaN(value)) {
      return "—";
    }
    return Math.abs(value) >= 100
        ? String.format(Locale.ROOT, "%,.0f", value)
        : String.format(Locale.ROOT, "%.2f", value);
  }
}
