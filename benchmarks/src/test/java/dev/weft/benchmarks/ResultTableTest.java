package dev.weft.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.benchmarks.Saturation.Bound;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResultTableTest {

  @Test
  void medianOfOddAndEvenCountsAndNothing() {
    assertThat(ResultTable.median(List.of(5.0, 1.0, 3.0))).isEqualTo(3.0);
    assertThat(ResultTable.median(List.of(4.0, 1.0, 3.0, 2.0))).isEqualTo(2.5);
    assertThat(ResultTable.median(List.of())).isNaN();
    assertThat(ResultTable.median(null)).isNaN();
  }

  @Test
  void ratiosPairRoundsAndSkipRoundsEitherServerMissed() {
    Map<Integer, Double> weft = Map.of(0, 10.0, 1, 20.0, 2, 30.0);
    Map<Integer, Double> other = Map.of(0, 5.0, 2, 60.0, 3, 1.0);
    assertThat(ResultTable.pairedRatios(weft, other)).containsExactlyInAnyOrder(2.0, 0.5);
    assertThat(ResultTable.pairedRatios(weft, Map.of(0, 0.0))).isEmpty();
    assertThat(ResultTable.pairedRatios(null, other)).isEmpty();
  }

  @Test
  void pairedRatioIsTheMedianOfPerRoundRatiosNotTheRatioOfMedians() {
    // Load drifts: round 1 was slow for both, round 2 fast for both. Weft leads in each round.
    ResultTable table = new ResultTable();
    double[] weft = {100, 1_000, 550};
    double[] netty = {90, 900, 1_000};
    for (int round = 0; round < 3; round++) {
      table.add("echo", "rt/s", ServerKind.WEFT, round, weft[round]);
      table.add("echo", "rt/s", ServerKind.NETTY_EPOLL, round, netty[round]);
    }
    // Ratios 1.11, 1.11, 0.55: median 1.11; the ratio of medians would be 550/900 = 0.61.
    assertThat(print(table)).contains("| 1.11× |");
  }

  @Test
  void aClientBoundRowIsMarkedSoItsRatioIsNotReadAsAServerComparison() {
    ResultTable table = new ResultTable();
    table.add("echo 100", "rt/s", ServerKind.WEFT, 0, 80.0);
    table.addVerdict("echo 100", ServerKind.WEFT, Bound.CLIENT);
    table.add("echo 100", "rt/s", ServerKind.NETTY_EPOLL, 0, 100.0);
    table.addVerdict("echo 100", ServerKind.NETTY_EPOLL, Bound.SERVER);
    String printed = print(table);
    assertThat(printed).contains("0.80× †").contains("Weft client, epoll server")
        .contains("† the load client's thread was saturated");
  }

  @Test
  void aServerBoundRowCarriesNoMark() {
    ResultTable table = new ResultTable();
    for (ServerKind kind : List.of(ServerKind.WEFT, ServerKind.NETTY_NIO)) {
      table.add("stream", "MB/s", kind, 0, 100.0);
      table.addVerdict("stream", kind, Bound.SERVER);
    }
    assertThat(print(table)).contains("| 1.00× |").contains("| server |").doesNotContain("†");
  }

  private static String print(ResultTable table) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    table.print(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    return bytes.toString(StandardCharsets.UTF_8);
  }
}
