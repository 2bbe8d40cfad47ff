package dev.weft.reactor.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DeliveryPolicyTest {
  private final byte[] write = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};

  @Test
  void wholeWritesKeepTheWrite() {
    List<byte[]> chunks = DeliveryPolicy.wholeWrites().split(write, new SplittableRandom(0));
    assertThat(chunks).singleElement().isEqualTo(write);
  }

  @Test
  void randomSplitsCoverEveryByteInOrderInNonEmptyPieces() {
    DeliveryPolicy policy = DeliveryPolicy.randomSplits(123);
    List<byte[]> chunks = policy.split(write, policy.newRandom());
    java.io.ByteArrayOutputStream joined = new java.io.ByteArrayOutputStream();
    chunks.forEach(joined::writeBytes);
    assertThat(joined.toByteArray()).isEqualTo(write);
    assertThat(chunks).allSatisfy(c -> assertThat(c).isNotEmpty());
  }

  @Test
  void differentSeedsUsuallyCutDifferently() {
    DeliveryPolicy a = DeliveryPolicy.randomSplits(1);
    DeliveryPolicy b = DeliveryPolicy.randomSplits(2);
    byte[] big = new byte[1000];
    assertThat(a.split(big, a.newRandom()).stream().map(c -> c.length).toList())
        .isNotEqualTo(b.split(big, b.newRandom()).stream().map(c -> c.length).toList());
  }

  @Test
  void toStringIsTheJavaExpressionThatReplaysIt() {
    assertThat(DeliveryPolicy.randomSplits(-5)).hasToString("DeliveryPolicy.randomSplits(-5L)");
    assertThat(DeliveryPolicy.oneByteAtATime()).hasToString("DeliveryPolicy.oneByteAtATime()");
    assertThat(DeliveryPolicy.wholeWrites()).hasToString("DeliveryPolicy.wholeWrites()");
  }

  @Test
  void policiesWithTheSameSeedAreEqual() {
    assertThat(DeliveryPolicy.randomSplits(9)).isEqualTo(DeliveryPolicy.randomSplits(9))
        .hasSameHashCodeAs(DeliveryPolicy.randomSplits(9))
        .isNotEqualTo(DeliveryPolicy.randomSplits(8));
    assertThat(DeliveryPolicy.randomSplits(9).seed()).isEqualTo(9);
  }
}
