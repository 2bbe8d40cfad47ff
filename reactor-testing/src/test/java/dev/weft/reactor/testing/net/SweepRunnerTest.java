package dev.weft.reactor.testing.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SweepRunnerTest {

  @Test
  void casesAreEachSeedUnderEachChunkingInOrder() {
    List<SweepCase> cases = SweepRunner.builder().firstSeed(10).seeds(2)
        .chunkings(SweepChunking.COALESCED, SweepChunking.RANDOM).build().cases();
    assertThat(cases).containsExactly(
        SweepCase.of(10, Chunking.coalesced()), SweepCase.of(10, Chunking.random(10)),
        SweepCase.of(11, Chunking.coalesced()), SweepCase.of(11, Chunking.random(11)));
  }

  @Test
  void aPassingSweepRunsEveryCase() {
    List<SweepCase> seen = new ArrayList<>();
    SweepResult result = SweepRunner.builder().seeds(5)
        .chunkings(SweepChunking.values()).build().run(seen::add);
    assertThat(result.passed()).isTrue();
    assertThat(result.casesRun()).isEqualTo(15);
    assertThat(seen).hasSize(15);
    result.assertPassed();
  }

  @Test
  void aFailingSweepStopsAtTheFirstFailureAndShrinksIt() {
    SweepResult result = SweepRunner.builder().seeds(3)
        .chunkings(SweepChunking.COALESCED, SweepChunking.ONE_BYTE).build()
        .run(new SplitSensitiveExchange(7));

    assertThat(result.casesRun()).isEqualTo(2);
    assertThat(result.failingCase()).isEqualTo(SweepCase.of(1, Chunking.oneByte()));
    assertThat(result.shrunk()).get().extracting(ShrinkResult::shrunk)
        .isEqualTo(SweepCase.of(1, Chunking.cuts("1:7")));
    assertThatThrownBy(result::assertPassed)
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("SweepCase.of(1L, Chunking.cuts(\"1:7\"))")
        .hasCauseInstanceOf(AssertionError.class);
  }

  @Test
  void badSettingsFailFast() {
    assertThatThrownBy(() -> SweepRunner.builder().seeds(0))
        .hasMessage("seeds must be at least 1: 0");
    assertThatThrownBy(() -> SweepRunner.builder().chunkings())
        .hasMessage("chunkings must name at least one: []");
    assertThatThrownBy(() -> SweepRunner.builder()
        .chunkings(SweepChunking.RANDOM, SweepChunking.RANDOM))
        .hasMessage("chunkings must not repeat: [RANDOM, RANDOM]");
    assertThatThrownBy(() -> SweepRunner.builder().maxShrinkRuns(0))
        .hasMessage("maxRuns must be at least 1: 0");
  }
}
