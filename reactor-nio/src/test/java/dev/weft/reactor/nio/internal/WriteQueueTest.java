package dev.weft.reactor.nio.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.GatheringByteChannel;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class WriteQueueTest {

  /** A channel that takes at most {@code budget} bytes per call, like a nearly full socket. */
  private static final class TrickleChannel implements GatheringByteChannel {
    final ByteArrayOutputStream taken = new ByteArrayOutputStream();
    int budget;
    int calls;

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) {
      calls++;
      long total = 0;
      for (int i = offset; i < offset + length && budget > 0; i++) {
        total += take(srcs[i]);
      }
      return total;
    }

    @Override
    public long write(ByteBuffer[] srcs) {
      return write(srcs, 0, srcs.length);
    }

    @Override
    public int write(ByteBuffer src) {
      calls++;
      return take(src);
    }

    private int take(ByteBuffer src) {
      int n = Math.min(budget, src.remaining());
      byte[] bytes = new byte[n];
      src.get(bytes);
      taken.writeBytes(bytes);
      budget -= n;
      return n;
    }

    @Override
    public boolean isOpen() {
      return true;
    }

    @Override
    public void close() {}
  }

  private static ByteBuffer text(String s) {
    return ByteBuffer.wrap(s.getBytes(StandardCharsets.US_ASCII));
  }

  @Test
  void copyInLeavesTheCallersPositionAndCountsBytes() {
    WriteQueue queue = new WriteQueue();
    ByteBuffer data = text("xxhello");
    data.position(2);

    queue.copyIn(data);

    assertThat(data.position()).isEqualTo(2);
    assertThat(queue.bytes()).isEqualTo(5);
    assertThat(queue.isEmpty()).isFalse();
  }

  @Test
  void smallWritesShareOneChunkAndComeOutInOrderAcrossPartialFlushes() throws Exception {
    WriteQueue queue = new WriteQueue();
    StringBuilder expected = new StringBuilder();
    for (int i = 0; i < 100; i++) {
      String line = "line " + i + "\n";
      expected.append(line);
      queue.copyIn(text(line));
    }
    queue.copyIn(ByteBuffer.allocate(10_000));
    TrickleChannel channel = new TrickleChannel();

    while (!queue.isEmpty()) {
      channel.budget = 333;
      long before = queue.bytes();
      long written = queue.flushTo(channel);
      assertThat(queue.bytes()).isEqualTo(before - written);
    }

    byte[] all = channel.taken.toByteArray();
    assertThat(new String(all, 0, expected.length(), StandardCharsets.US_ASCII)).isEqualTo(expected.toString());
    assertThat(all).hasSize(expected.length() + 10_000);
  }

  @Test
  void manyLargeChunksWrapTheRingAndStayInOrder() throws Exception {
    WriteQueue queue = new WriteQueue();
    TrickleChannel channel = new TrickleChannel();
    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    for (int round = 0; round < 50; round++) {
      for (int i = 0; i < 7; i++) {
        byte[] chunk = new byte[5_000];
        java.util.Arrays.fill(chunk, (byte) (round * 7 + i));
        expected.writeBytes(chunk);
        queue.copyIn(ByteBuffer.wrap(chunk));
      }
      channel.budget = 23_000;
      queue.flushTo(channel);
    }
    channel.budget = Integer.MAX_VALUE;
    queue.flushTo(channel);

    assertThat(queue.isEmpty()).isTrue();
    assertThat(queue.bytes()).isZero();
    assertThat(channel.taken.toByteArray()).isEqualTo(expected.toByteArray());
  }
}
