package dev.weft.reactor.testing.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** The bulk scenarios' pattern check must catch what it exists to catch. */
class PatternProducerTest {

  private static ByteBuffer stream(long from, int length) {
    ByteBuffer data = ByteBuffer.allocate(length);
    for (int i = 0; i < length; i++) {
      data.put(PatternProducer.pattern(from + i));
    }
    return data.flip();
  }

  @Test
  void theRightBytesAcrossThePeriodHaveNoMismatch() {
    long from = 3L * PatternProducer.PERIOD - 100;
    ByteBuffer data = stream(from, 200_000);

    assertThat(PatternProducer.mismatches(data, from)).isZero();
    assertThat(data.position()).isZero();
  }

  @Test
  void flippedBytesAndAShiftedStreamAreCounted() {
    ByteBuffer data = stream(1000, 100_000);
    data.put(5, (byte) ~data.get(5));
    data.put(99_999, (byte) ~data.get(99_999));

    assertThat(PatternProducer.mismatches(data, 1000)).isEqualTo(2);
    assertThat(PatternProducer.mismatches(stream(1001, 1000), 1000)).isGreaterThan(900);
  }
}
