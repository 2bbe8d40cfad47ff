package dev.weft.reactor.testing.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CutPointsTest {

  /** Reads of one stream when {@code arrivals} arrive one after another, each read in full. */
  private static List<Integer> reads(Chunking.Reads reads, int... arrivals) {
    List<Integer> sizes = new ArrayList<>();
    for (int arrival : arrivals) {
      int left = arrival;
      while (left > 0) {
        int size = Math.min(reads.next(left), left);
        sizes.add(size);
        left -= size;
      }
    }
    return sizes;
  }

  @Test
  void readsNeverSpanACutPointAndOtherwiseTakeEverything() {
    Chunking cuts = Chunking.cuts("0:5,17 1:3");
    assertThat(reads(cuts.start(), 20)).containsExactly(5, 12, 3);
    assertThat(reads(cuts.start(), 2, 8)).containsExactly(2, 1, 7);
    assertThat(reads(cuts.start(), 10)).as("stream 2 has no cut points").containsExactly(10);
  }

  @Test
  void cutPointsCountOffsetsAcrossArrivals() {
    assertThat(reads(Chunking.cuts("0:6").start(), 4, 4)).containsExactly(4, 2, 2);
  }

  @Test
  void toStringIsTheReplayAndSameCutPointsAreEqual() {
    Chunking cuts = Chunking.cuts("  2:3   0:17,5 ");
    assertThat(cuts).hasToString("Chunking.cuts(\"0:5,17 2:3\")");
    assertThat(cuts).isEqualTo(Chunking.cuts("0:5,17 2:3"));
    assertThat(Chunking.cuts("")).hasToString("Chunking.cuts(\"\")");
    assertThat(Chunking.cuts("")).isNotEqualTo(cuts);
  }

  @Test
  void badSpecsFailNamingTheSpecAndTheFix() {
    assertThatThrownBy(() -> Chunking.cuts("0:0"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least 1").hasMessageContaining("\"0:0\"");
    assertThatThrownBy(() -> Chunking.cuts("5"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("STREAM:OFFSET");
    assertThatThrownBy(() -> Chunking.cuts("a:3"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("stream is not a number: \"a\"");
    assertThatThrownBy(() -> Chunking.cuts("-1:3"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aRecorderWritesDownTheCutsThatReplayARandomPolicy() {
    RecordingChunking recorder = new RecordingChunking(Chunking.random(99));
    List<Integer> first = reads(recorder.start(), 30, 7);
    List<Integer> second = reads(recorder.start(), 12);
    Chunking replay = recorder.recorded();
    assertThat(reads(replay.start(), 30, 7)).isEqualTo(first);
    assertThat(reads(replay.start(), 12)).isEqualTo(second);
    assertThat(((CutPoints) replay).all()).isNotEmpty()
        .allSatisfy(cut -> assertThat(cut.stream()).isIn(0, 1));
  }

  @Test
  void aSweepCaseGivesEachNetworkItsOwnStreamCount() {
    // Stream 0 is what the client end reads, stream 1 what the server end reads.
    SweepCase sweepCase = SweepCase.of(1, Chunking.cuts("1:7"));
    SplitSensitiveExchange body = new SplitSensitiveExchange(7);
    assertThatThrownBy(() -> body.run(sweepCase)).isInstanceOf(AssertionError.class);
    assertThatThrownBy(() -> body.run(sweepCase))
        .as("a second network numbers its streams from 0 again")
        .isInstanceOf(AssertionError.class);
  }
}
