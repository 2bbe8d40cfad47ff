package dev.weft.reactor.doubles;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Splits a byte stream the three ways the fakes deliver it: whole, one byte, seeded random. */
public final class Chunks {
  private Chunks() {}

  public static List<ByteBuffer> whole(byte[] data) {
    return List.of(ByteBuffer.wrap(data).asReadOnlyBuffer());
  }

  public static List<ByteBuffer> oneByte(byte[] data) {
    List<ByteBuffer> out = new ArrayList<>();
    for (int i = 0; i < data.length; i++) {
      out.add(ByteBuffer.wrap(data, i, 1).slice().asReadOnlyBuffer());
    }
    return out;
  }

  public static List<ByteBuffer> random(byte[] data, long seed) {
    Random random = new Random(seed);
    List<ByteBuffer> out = new ArrayList<>();
    int at = 0;
    while (at < data.length) {
      int n = 1 + random.nextInt(Math.min(16, data.length - at));
      out.add(ByteBuffer.wrap(data, at, n).slice().asReadOnlyBuffer());
      at += n;
    }
    return out;
  }

  /** Delivers the chunks, overwriting each after the call as the fakes do. */
  public static void deliver(List<ByteBuffer> chunks, java.util.function.Consumer<ByteBuffer> to) {
    for (ByteBuffer chunk : chunks) {
      byte[] copy = new byte[chunk.remaining()];
      chunk.duplicate().get(copy);
      ByteBuffer scratch = ByteBuffer.wrap(copy);
      to.accept(scratch.asReadOnlyBuffer());
      java.util.Arrays.fill(copy, (byte) '#');
    }
  }
}
