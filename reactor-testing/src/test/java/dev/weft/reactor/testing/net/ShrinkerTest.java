package dev.weft.reactor.testing.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShrinkerTest {

  @Test
  void aOneByteFailureShrinksFromThirtyEightCutsToTheOneThatMatters() {
    SplitSensitiveExchange body = new SplitSensitiveExchange(7);
    ShrinkResult result = Shrinker.create().shrink(SweepCase.of(3, Chunking.oneByte()), body);

    assertThat(result.reproduced()).isTrue();
    assertThat(result.complete()).isTrue();
    // One byte per read: 19 cuts on each of the two streams; only the server's cut after
    // byte 7 matters (stream 1 is what the server end reads).
    assertThat(result.shrunk()).isEqualTo(SweepCase.of(3, Chunking.cuts("1:7")));
    assertThat(result.shrunk()).hasToString("SweepCase.of(3L, Chunking.cuts(\"1:7\"))");
    assertThat(result.shrunkFailure()).isInstanceOf(AssertionError.class)
        .hasMessageContaining("a read ended after byte 7: [7, 20]");
    assertThat(result.runs()).isEqualTo(body.runs).isLessThan(60);
  }

  @Test
  void theShrunkCaseReplaysFromItsPrintedForm() {
    SplitSensitiveExchange body = new SplitSensitiveExchange(7);
    ShrinkResult result = Shrinker.create().shrink(SweepCase.of(3, Chunking.oneByte()), body);

    SweepCase replayed = SweepCase.parse(result.shrunk().toString());
    assertThat(replayed).isEqualTo(result.shrunk());
    assertThatThrownBy(() -> body.run(replayed)).hasMessageContaining("after byte 7");
    assertThatCode(() -> body.run(replayed.withChunking(Chunking.coalesced())))
        .as("the case is minimal: without its one cut it passes")
        .doesNotThrowAnyException();
  }

  @Test
  void aRandomChunkingThatFailsShrinksToItsOneNeededCut() {
    SweepResult sweep = SweepRunner.builder().seeds(200).build()
        .run(new SplitSensitiveExchange(7));

    assertThat(sweep.passed()).isFalse();
    assertThat(sweep.failingCase().chunking()).isInstanceOf(ChunkingPolicies.Random.class);
    assertThat(sweep.shrink().shrunk().chunking()).isEqualTo(Chunking.cuts("1:7"));
  }

  @Test
  void aFailureUnderEveryChunkingShrinksToCoalesced() {
    SweepBody alwaysFails = c -> {
      throw new IllegalStateException("broken whatever the reads");
    };
    ShrinkResult result = Shrinker.create().shrink(SweepCase.of(5, Chunking.random(5)),
        alwaysFails);

    assertThat(result.shrunk()).isEqualTo(SweepCase.of(5, Chunking.coalesced()));
    assertThat(result.runs()).isEqualTo(2);
    assertThat(result.complete()).isTrue();
  }

  @Test
  void shrinkingKeepsToTheOriginalFailureAndDoesNotSlipToAnother() {
    // Coalesced reads fail too, but with another exception: not the same bug, so not taken.
    SweepBody body = c -> {
      if (c.chunking().equals(Chunking.coalesced())) {
        throw new IllegalStateException("another bug");
      }
      new SplitSensitiveExchange(7).run(c);
    };
    ShrinkResult result = Shrinker.create().shrink(SweepCase.of(3, Chunking.oneByte()), body);

    assertThat(result.shrunk().chunking()).isEqualTo(Chunking.cuts("1:7"));
    assertThat(result.shrunkFailure()).isInstanceOf(AssertionError.class);
  }

  @Test
  void theBudgetBoundsTheRunsAndTheReportSaysShrinkingStopped() {
    SplitSensitiveExchange body = new SplitSensitiveExchange(7);
    ShrinkResult result = Shrinker.maxRuns(6).shrink(SweepCase.of(3, Chunking.oneByte()), body);

    assertThat(body.runs).isEqualTo(6);
    assertThat(result.runs()).isEqualTo(6);
    assertThat(result.complete()).isFalse();
    assertThat(result.report()).contains("shrinking stopped at its limit in 6 runs (at most 6)");
    assertThatThrownBy(() -> body.run(result.shrunk()))
        .as("whatever it stopped at still fails")
        .isInstanceOf(AssertionError.class);
  }

  @Test
  void aCaseThatPassesWhenRunAgainIsReportedAsNotDeterministic() {
    List<String> calls = new ArrayList<>();
    SweepBody flaky = c -> {
      calls.add("run");
      if (calls.size() == 1) {
        throw new AssertionError("first time only");
      }
    };
    try {
      flaky.run(SweepCase.of(1, Chunking.oneByte()));
    } catch (Throwable expected) {
      // The sweep's own run.
    }
    ShrinkResult result = Shrinker.create().shrink(SweepCase.of(1, Chunking.oneByte()), flaky);

    assertThat(result.reproduced()).isFalse();
    assertThat(result.shrunk()).isEqualTo(result.original());
    assertThat(result.report()).contains("not deterministic");
  }

  @Test
  void theReportShowsThePasteableReplay() {
    ShrinkResult result = Shrinker.create()
        .shrink(SweepCase.of(3, Chunking.oneByte()), new SplitSensitiveExchange(7));

    assertThat(result.report())
        .startsWith("sweep case failed: SweepCase.of(3L, Chunking.oneByte())\n")
        .contains("shrunk to a minimal case in ")
        .contains("\n  SweepCase.of(3L, Chunking.cuts(\"1:7\"))\n")
        .contains("@Sweep(replay = \"SweepCase.of(3L, Chunking.cuts(\\\"1:7\\\"))\")");
  }

  @Test
  void maxRunsBelowOneIsRejected() {
    assertThatThrownBy(() -> Shrinker.maxRuns(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxRuns must be at least 1: 0");
  }

  @Test
  void minimizeFindsTheOneMinimalSubset() {
    List<Integer> items = new ArrayList<>();
    for (int i = 0; i < 64; i++) {
      items.add(i);
    }
    Shrinker.Search search = Shrinker.create().new Search(c -> { });
    List<Integer> found = Shrinker.minimize(items, search,
        subset -> subset.contains(13) && subset.contains(50));
    assertThat(found).containsExactly(13, 50);
  }
}
