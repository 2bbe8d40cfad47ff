package dev.weft.reactor.testing.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChunkingTest {

  private static List<Integer> cuts(Chunking chunking, int available) {
    Chunking.Reads reads = chunking.start();
    List<Integer> sizes = new ArrayList<>();
    int left = available;
    while (left > 0) {
      int size = Math.min(reads.next(left), left);
      sizes.add(size);
      left -= size;
    }
    return sizes;
  }

  @Test
  void coalescedTakesEverythingInOneRead() {
    assertThat(cuts(Chunking.coalesced(), 1000)).containsExactly(1000);
  }

  @Test
  void oneByteTakesOneByteAtATime() {
    assertThat(cuts(Chunking.oneByte(), 3)).containsExactly(1, 1, 1);
  }

  @Test
  void fixedTakesFixedChunksAndAShorterLastOne() {
    assertThat(cuts(Chunking.fixed(4), 10)).containsExactly(4, 4, 2);
  }

  @Test
  void randomReplaysWithTheSameSeedAndDiffersWithAnother() {
    List<Integer> first = cuts(Chunking.random(42), 500);
    assertThat(cuts(Chunking.random(42), 500)).isEqualTo(first);
    assertThat(cuts(Chunking.random(43), 500)).isNotEqualTo(first);
    assertThat(first).allSatisfy(size -> assertThat(size).isPositive());
    assertThat(first.stream().mapToInt(Integer::intValue).sum()).isEqualTo(500);
  }

  @Test
  void eachStartIsAFreshState() {
    Chunking random = Chunking.random(7);
    assertThat(cuts(random, 300)).isEqualTo(cuts(random, 300));
  }

  @Test
  void toStringIsTheReplayExpression() {
    assertThat(Chunking.coalesced()).hasToString("Chunking.coalesced()");
    assertThat(Chunking.oneByte()).hasToString("Chunking.oneByte()");
    assertThat(Chunking.fixed(16)).hasToString("Chunking.fixed(16)");
    assertThat(Chunking.random(-5)).hasToString("Chunking.random(-5L)");
    assertThat(Chunking.of("Halves.policy()", () -> available -> (available + 1) / 2))
        .hasToString("Halves.policy()");
  }

  @Test
  void policiesCompareByValue() {
    assertThat(Chunking.random(9)).isEqualTo(Chunking.random(9))
        .hasSameHashCodeAs(Chunking.random(9)).isNotEqualTo(Chunking.random(8));
    assertThat(Chunking.fixed(3)).isEqualTo(Chunking.fixed(3));
  }

  @Test
  void badArgumentsFailWithTheValue() {
    assertThatThrownBy(() -> Chunking.fixed(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("size must be at least 1: 0");
    assertThatThrownBy(() -> Chunking.of(null, () -> available -> 1)).hasMessage("description");
  }
}
