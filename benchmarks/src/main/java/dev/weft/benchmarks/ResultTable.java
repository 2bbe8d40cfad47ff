package dev.weft.benchmarks;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Samples per (row, server, round), printed as a Markdown table: the median of each server's
 * rounds, and Weft's ratio to each other server as the median of the per-round ratios (round 3's
 * Weft against round 3's Netty, measured minutes apart at most, so slow drift in the machine's load
 * cancels out). Rows whose rate was set by the load client say so. Not thread-safe.
 */
final class ResultTable {
  private final Map<String, Row> rows = new LinkedHashMap<>();

  private record Row(
      String unit,
      Map<ServerKind, Map<Integer, Double>> samples,
      Map<ServerKind, List<Saturation.Bound>> verdicts) {}

  /**
   * Adds one sample.
   *
   * @param row the workload and metric, e.g. "echo 1 conn 64 B"
   * @param unit e.g. "round trips/s"
   * @param kind the server measured
   * @param round the round it was measured in
   * @param value the sample
   */
  void add(String row, String unit, ServerKind kind, int round, double value) {
    row(row, unit).samples().computeIfAbsent(kind, k -> new TreeMap<>()).put(round, value);
  }

  /**
   * Records who set the pace of one measurement of a rate row.
   *
   * @param row the row, as given to {@link #add}
   * @param kind the server measured
   * @param bound the verdict
   */
  void addVerdict(String row, ServerKind kind, Saturation.Bound bound) {
    rows.get(row).verdicts().computeIfAbsent(kind, k -> new ArrayList<>()).add(bound);
  }

  private Row row(String row, String unit) {
    return rows.computeIfAbsent(
        row, r -> new Row(unit, new EnumMap<>(ServerKind.class), new EnumMap<>(ServerKind.class)));
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
    header.append(" saturated |");
    rule.append("---|");
    out.println(header);
    out.println(rule);
    boolean anyClientBound = false;
    for (Map.Entry<String, Row> entry : rows.entrySet()) {
      Row row = entry.getValue();
      StringBuilder line =
          new StringBuilder("| ").append(entry.getKey()).append(" | ").append(row.unit()).append(" |");
      for (ServerKind kind : kinds) {
        line.append(' ').append(format(median(values(row.samples().get(kind))))).append(" |");
      }
      Saturation.Bound weftBound = majority(row, ServerKind.WEFT);
      for (ServerKind kind : kinds) {
        if (kind == ServerKind.WEFT) {
          continue;
        }
        double ratio =
            median(pairedRatios(row.samples().get(ServerKind.WEFT), row.samples().get(kind)));
        line.append(' ').append(Double.isNaN(ratio) ? "—" : String.format(Locale.ROOT, "%.2f×", ratio));
        Saturation.Bound otherBound = majority(row, kind);
        if (weftBound != null && otherBound != null
            && !Saturation.comparesServers(weftBound, otherBound)) {
          line.append(" †");
          anyClientBound = true;
        }
        line.append(" |");
      }
      line.append(' ').append(verdicts(row, kinds)).append(" |");
      out.println(line);
    }
    if (anyClientBound) {
      out.println();
      out.println("† the load client's thread was saturated (alone or with the server) for at least one of"
          + " the two servers: the rate measures the client, so compare their server CPU per"
          + " operation instead, never the rate.");
    }
  }

  private static Saturation.Bound majority(Row row, ServerKind kind) {
    List<Saturation.Bound> v = row.verdicts().get(kind);
    return v == null ? null : Saturation.majority(v);
  }

  private static String verdicts(Row row, ServerKind[] kinds) {
    StringBuilder s = new StringBuilder();
    Saturation.Bound first = null;
    boolean same = true;
    int seen = 0;
    for (ServerKind kind : kinds) {
      Saturation.Bound b = majority(row, kind);
      if (b == null) {
        continue;
      }
      if (seen++ == 0) {
        first = b;
      } else if (b != first) {
        same = false;
      }
      s.append(s.isEmpty() ? "" : ", ").append(kind.shortLabel).append(' ').append(b.label);
    }
    if (seen == 0) {
      return "";
    }
    return same ? first.label : s.toString();
  }

  private static List<Double> values(Map<Integer, Double> byRound) {
    return byRound == null ? List.of() : new ArrayList<>(byRound.values());
  }

  /**
   * Pairs two servers' samples round by round.
   *
   * @param weft Weft's samples by round, or {@code null}
   * @param other the other server's samples by round, or {@code null}
   * @return Weft/other for every round that has both and a non-zero other
   */
  static List<Double> pairedRatios(Map<Integer, Double> weft, Map<Integer, Double> other) {
    List<Double> ratios = new ArrayList<>();
    if (weft == null || other == null) {
      return ratios;
    }
    for (Map.Entry<Integer, Double> e : weft.entrySet()) {
      Double o = other.get(e.getKey());
      if (o != null && o != 0 && !o.isNaN() && !e.getValue().isNaN()) {
        ratios.add(e.getValue() / o);
      }
    }
    return ratios;
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
