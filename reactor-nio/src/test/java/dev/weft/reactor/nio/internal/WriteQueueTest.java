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
  void flushingAQueueThatNeverHeldBytesWritesNothing() throws Exception {
    // A pull producer or a file region makes the connection ask for a flush before any byte is
    // queued; the ring is made on the first queued byte only.
    WriteQueue queue = new WriteQueue(new ChunkPool());
    TrickleChannel channel = new TrickleChannel();
    channel.budget = 100;

    assertThat(queue.flushTo(channel)).isZero();
    queue.clear();

    assertThat(queue.isEmpty()).isTrue();
    assertThat(channel.calls).isZero();
  }

  @Test
  void copyInLeavesTheCallersPositionAndCountsBytes() {
    WriteQueue queue = new WriteQueue(new ChunkPool());
    ByteBuffer data = text("xxhello");
    data.position(2);

    queue.copyIn(data);

    assertThat(data.position()).isEqualTo(2);
    assertThat(queue.bytes()).isEqualTo(5);
    assertThat(queue.isEmpty()).isFalse();
  }

  @Test
  void smallWritesShareOneChunkAndComeOutInOrderAcrossPartialFlushes() throws Exception {
    WriteQueue queue = new WriteQueue(new ChunkPool());
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
    WriteQueue queue = new WriteQueue(new ChunkPool());
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

  @Test
  void writtenChunksGoBackToThePoolAndAStreamReusesThem() throws Exception {
    ChunkPool pool = new ChunkPool();
    WriteQueue queue = new WriteQueue(pool);
    TrickleChannel channel = new TrickleChannel();
    byte[] block = new byte[3 * ChunkPool.CHUNK_SIZE + 17];
    for (int round = 0; round < 100; round++) {
      queue.copyIn(ByteBuffer.wrap(block));
      channel.budget = Integer.MAX_VALUE;
      queue.flushTo(channel);
      assertThat(queue.isEmpty()).isTrue();
    }

    assertThat(pool.allocated()).isEqualTo(4);
    assertThat(pool.kept()).isEqualTo(4);
    assertThat(channel.taken.size()).isEqualTo(100 * block.length);
  }

  @Test
  void clearGivesEveryQueuedChunkBack() {
    ChunkPool pool = new ChunkPool();
    WriteQueue queue = new WriteQueue(pool);
    queue.copyIn(ByteBuffer.allocate(10 * ChunkPool.CHUNK_SIZE));

    queue.clear();

    assertThat(queue.isEmpty()).isTrue();
    assertThat(queue.bytes()).isZero();
    assertThat(pool.kept()).isEqualTo(10);
  }

  @Test
  void aWriteLargerThanAChunkSpansChunksInOrder() throws Exception {
    WriteQueue queue = new WriteQueue(new ChunkPool());
    byte[] data = new byte[ChunkPool.CHUNK_SIZE * 5 / 2];
    for (int i = 0; i < data.length; i++) {
      data[i] = (byte) (i * 31);
    }
    queue.copyIn(text("head:"));
    queue.copyIn(ByteBuffer.wrap(data));
    TrickleChannel channel = new TrickleChannel();
    channel.budget = Integer.MAX_VALUE;

    queue.flushTo(channel);

    byte[] all = channel.taken.toByteArray();
    assertThat(new String(all, 0, 5, StandardCharsets.US_ASCII)).isEqualTo("head:");
    assertThat(java.util.Arrays.copyOfRange(all, 5, all.length)).isEqualTo(data);
  }

  @Test
  void thePoolKeepsAtMostItsBoundAndLeavesTheRestToTheCollector() {
    ChunkPool pool = new ChunkPool();
    ByteBuffer[] lent = new ByteBuffer[ChunkPool.MAX_KEPT + 10];
    for (int i = 0; i < lent.length; i++) {
      lent[i] = pool.take();
    }
    for (ByteBuffer b : lent) {
      pool.give(b);
    }

    assertThat(pool.kept()).isEqualTo(ChunkPool.MAX_KEPT);
    assertThat(pool.take().remaining()).isEqualTo(ChunkPool.CHUNK_SIZE);
  }
}
