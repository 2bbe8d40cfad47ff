package dev.weft.samples;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

/**
 * The three ways a test splits a byte stream for code that is not a protocol (parsers): whole,
 * one byte at a time, seeded random. Protocols are pumped by reactor-testing instead.
 */
public enum Splits {
  WHOLE(data -> List.of(ByteBuffer.wrap(data))),
  ONE_BYTE(data -> {
    List<ByteBuffer> out = new ArrayList<>();
    for (int i = 0; i < data.length; i++) {
      out.add(ByteBuffer.wrap(data, i, 1).slice());
    }
    return out;
  }),
  RANDOM_SEED_1(data -> random(data, 1)),
  RANDOM_SEED_2026(data -> random(data, 2026));

  private final Function<byte[], List<ByteBuffer>> splitter;

  Splits(Function<byte[], List<ByteBuffer>> splitter) {
    this.splitter = splitter;
  }

  public List<ByteBuffer> split(byte[] data) {
    return splitter.apply(data);
  }

  private static List<ByteBuffer> random(byte[] data, long seed) {
    Random random = new Random(seed);
    List<ByteBuffer> out = new ArrayList<>();
    int at = 0;
    while (at < data.length) {
      int n = 1 + random.nextInt(Math.min(24, data.length - at));
      out.add(ByteBuffer.wrap(data, at, n).slice());
      at += n;
    }
    return out;
  }
}
