package dev.weft.reactor.protocols;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ByteAccumulatorTest {

  private static ByteBuffer bytes(int from, int n) {
    ByteBuffer b = ByteBuffer.allocate(n);
    for (int i = 0; i < n; i++) {
      b.put((byte) (from + i));
    }
    return b.flip();
  }

  @Test
  void takeAndSkipConsumeFromTheFrontInOrder() {
    ByteAccumulator acc = new ByteAccumulator();
    acc.append(bytes(0, 10));
    acc.append(bytes(10, 10));

    assertThat(acc.take(3)).containsExactly(0, 1, 2);
    acc.skip(2);
    assertThat(acc.get(0)).isEqualTo((byte) 5);
    assertThat(acc.size()).isEqualTo(15);
    assertThat(acc.indexOf(new byte[] {12, 13}, 0)).isEqualTo(7);
    assertThat(acc.indexOf(new byte[] {12, 13}, 8)).isEqualTo(-1);
  }

  @Test
  void partialMatchAtEndFindsTheLongestSuffixThatBeginsTheNeedle() {
    ByteAccumulator acc = new ByteAccumulator();
    acc.append(ByteBuffer.wrap("ab<|".getBytes()));

    assertThat(acc.partialMatchAtEnd("<|>".getBytes())).isEqualTo(2);
    assertThat(acc.partialMatchAtEnd("|x".getBytes())).isEqualTo(1);
    assertThat(acc.partialMatchAtEnd("\r\n".getBytes())).isZero();
  }

  @Test
  void aPinnedViewKeepsItsContentWhenBytesAreAppendedOrConsumed() {
    ByteAccumulator acc = new ByteAccumulator();
    acc.append(bytes(0, 200));
    acc.skip(150);
    ByteBuffer view = acc.view();
    acc.pin();

    acc.skip(50); // everything consumed, yet nothing may be reused while pinned
    acc.append(bytes(100, 100)); // fits the array only if the front is reused
    acc.append(bytes(100, 1000)); // must grow

    assertThat(view.isReadOnly()).isTrue();
    for (int i = 0; i < 50; i++) {
      assertThat(view.get(i)).isEqualTo((byte) (150 + i));
    }
    acc.unpin();
    assertThat(acc.get(0)).isEqualTo((byte) 100);
  }

  @Test
  void aLargeArrayIsReleasedOnceMostlyEmpty() {
    ByteAccumulator acc = new ByteAccumulator();
    acc.append(ByteBuffer.allocate(1 << 20));
    acc.skip((1 << 20) - 10);

    acc.trim();

    assertThat(acc.capacity()).isEqualTo(ByteAccumulator.INITIAL_CAPACITY);
    assertThat(acc.size()).isEqualTo(10);
  }

  @Test
  void anArrayUpToTheRetainedCapacityIsKept() {
    ByteAccumulator acc = new ByteAccumulator();
    acc.append(ByteBuffer.allocate(ByteAccumulator.RETAINED_CAPACITY));
    acc.skip(ByteAccumulator.RETAINED_CAPACITY);

    acc.trim();

    assertThat(acc.capacity()).isEqualTo(ByteAccumulator.RETAINED_CAPACITY);
  }

  @Test
  void fullReadsWithAPartialFrameLeftOverSettleOnOneArray() {
    ByteAccumulator acc = new ByteAccumulator();
    int[] capacities = new int[50];
    for (int read = 0; read < capacities.length; read++) {
      acc.append(ByteBuffer.allocate(64 * 1024));
      acc.skip(acc.size() - 6); // frames consumed, six bytes of the next one wait
      acc.trim();
      capacities[read] = acc.capacity();
    }

    for (int read = 2; read < capacities.length; read++) {
      assertThat(capacities[read]).as("capacity after read %d", read).isEqualTo(capacities[1]);
    }
    assertThat(acc.bytesCopied()).isLessThan(51L * 64 * 1024 + 1_000);
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 42, 2026})
  void copiesStayProportionalToTheBytesAppendedUnderAnyMixOfOperations(long seed) {
    // Appends of every size, consumption of whatever is there, trims between "reads": the
    // accumulator's own work (moves and growth) stays within a constant factor of the input,
    // and the bytes come out in order.
    Random random = new Random(seed);
    ByteAccumulator acc = new ByteAccumulator();
    long consumed = 0; // the byte at stream position p is (byte) p
    long appended = 0;
    long taken = 0;
    int next = 0;
    for (int round = 0; round < 300; round++) {
      int n = switch (random.nextInt(4)) {
        case 0 -> 1;
        case 1 -> 1 + random.nextInt(100);
        case 2 -> 1 + random.nextInt(5_000);
        default -> 1 + random.nextInt(100_000);
      };
      acc.append(bytes(next, n));
      next += n;
      appended += n;
      while (acc.size() > 0 && random.nextInt(3) > 0) {
        int k = 1 + random.nextInt(Math.min(acc.size(), random.nextBoolean() ? 50 : 200_000));
        if (random.nextBoolean()) {
          byte[] got = acc.take(k);
          taken += k;
          for (byte b : got) {
            if (b != (byte) consumed++) {
              throw new AssertionError("byte " + (consumed - 1) + " came out as " + b);
            }
          }
        } else {
          acc.skip(k);
          consumed += k;
        }
      }
      acc.trim();
    }

    long moved = acc.bytesCopied() - appended - taken;
    assertThat(moved).as("bytes moved for %d appended", appended).isLessThanOrEqualTo(3 * appended);
  }
}
