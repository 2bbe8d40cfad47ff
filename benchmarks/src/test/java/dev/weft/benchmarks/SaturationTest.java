package dev.weft.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.benchmarks.Saturation.Bound;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SaturationTest {

  @Test
  void aSideIsSaturatedWhenItsThreadWasRunnableNinetyPercentOfTheWindow() {
    assertThat(Saturation.classify(0.95, 0.40)).isEqualTo(Bound.CLIENT);
    assertThat(Saturation.classify(0.40, 0.90)).isEqualTo(Bound.SERVER);
    assertThat(Saturation.classify(0.99, 0.97)).isEqualTo(Bound.BOTH);
    assertThat(Saturation.classify(0.55, 0.50)).isEqualTo(Bound.NEITHER);
    assertThat(Saturation.classify(0.89, 0.89)).isEqualTo(Bound.NEITHER);
  }

  @Test
  void runQueueWaitCountsTowardsSaturationSoALoadedMachineDoesNotHideIt() {
    // One second window: 0.5 s on a CPU and 0.45 s waiting for one is a thread that never blocked.
    Saturation.Usage loaded = new Saturation.Usage(600_000_000L, 500_000_000L, 950_000_000L, 1_000_000_000L);
    assertThat(loaded.busy()).isEqualTo(0.95);
    assertThat(loaded.cpuShare()).isCloseTo(0.526, org.assertj.core.data.Offset.offset(0.001));
    assertThat(loaded.cores()).isEqualTo(0.6);
  }

  @Test
  void busyIsCappedAtTheWholeWindow() {
    assertThat(new Saturation.Usage(1, 1, 3_000, 1_000).busy()).isEqualTo(1.0);
    assertThat(new Saturation.Usage(0, 0, 0, 0).busy()).isZero();
  }

  @Test
  void majorityTakesTheMostFrequentVerdictAndTiesGoToTheClient() {
    assertThat(Saturation.majority(List.of(Bound.SERVER, Bound.SERVER, Bound.CLIENT)))
        .isEqualTo(Bound.SERVER);
    assertThat(Saturation.majority(List.of(Bound.SERVER, Bound.CLIENT))).isEqualTo(Bound.CLIENT);
    assertThat(Saturation.majority(List.of(Bound.NEITHER, Bound.BOTH))).isEqualTo(Bound.BOTH);
    assertThat(Saturation.majority(List.of())).isNull();
  }

  @Test
  void aRateComparesServersOnlyWhenNeitherRowWasSetByTheClient() {
    assertThat(Saturation.comparesServers(Bound.SERVER, Bound.NEITHER)).isTrue();
    assertThat(Saturation.comparesServers(Bound.SERVER, Bound.CLIENT)).isFalse();
    assertThat(Saturation.comparesServers(Bound.BOTH, Bound.SERVER)).isFalse();
    assertThat(Saturation.comparesServers(Bound.NEITHER, Bound.BOTH)).isFalse();
  }

  @Test
  void threadTimesSumTheProcessAndFindItsBusiestThread() {
    ThreadTimes before = new ThreadTimes(Map.of("1", new long[] {100, 0}, "2", new long[] {0, 0}));
    ThreadTimes after =
        new ThreadTimes(Map.of("1", new long[] {400, 500}, "2", new long[] {200, 0}, "3", new long[] {50, 10}));
    Saturation.Usage usage = after.since(before, 1_000);
    assertThat(usage.cpuNanos()).isEqualTo(300 + 200 + 50);
    assertThat(usage.busiestCpuNanos()).isEqualTo(300);
    assertThat(usage.busiestDemandNanos()).isEqualTo(800);
    assertThat(usage.busy()).isEqualTo(0.8);
  }

  @Test
  void schedstatLinesParseAsCpuAndWaitNanos() {
    assertThat(ThreadTimes.parse("10972733 77373925 5\n")).containsExactly(10972733L, 77373925L);
  }
}
