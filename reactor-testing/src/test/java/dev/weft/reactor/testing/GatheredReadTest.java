package dev.weft.reactor.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.reactor.BaseProtocol;
import dev.weft.reactor.testing.internal.Delivery;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A coalesced read that spans several writes is gathered into a buffer the connection reuses, as
 * nio reuses its read buffer: each read is right, and a buffer kept past its call reads poison.
 */
class GatheredReadTest {
  /** Keeps a copy of each read's bytes, and the buffer itself (which it must not). */
  private static final class Reader extends BaseProtocol {
    final List<byte[]> reads = new ArrayList<>();
    final List<ByteBuffer> kept = new ArrayList<>();

    @Override
    public void dataReceived(ByteBuffer data) {
      kept.add(data.duplicate());
      byte[] copy = new byte[data.remaining()];
      data.get(copy);
      reads.add(copy);
    }
  }

  private static byte[] filled(int size, char c) {
    byte[] bytes = new byte[size];
    Arrays.fill(bytes, (byte) c);
    return bytes;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] both = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, both, a.length, b.length);
    return both;
  }

  @Test
  void eachGatheredReadIsRightAndAKeptBufferReadsPoison() {
    Reader reader = new Reader();
    RecordingProtocol writer = new RecordingProtocol();
    Pump pump = Pump.connect(reader, writer);
    // Writes over 1 KiB get arrays of their own, so a read of two of them is gathered.
    byte[] a = filled(2000, 'a');
    byte[] b = filled(2000, 'b');
    byte[] c = filled(3000, 'c');
    byte[] d = filled(1500, 'd');

    pump.client().transport().write(a);
    pump.client().transport().write(b);
    pump.flush();
    pump.client().transport().write(c);
    pump.client().transport().write(d);
    pump.flush();

    assertThat(reader.reads).hasSize(2);
    assertThat(reader.reads.get(0)).isEqualTo(concat(a, b));
    assertThat(reader.reads.get(1)).isEqualTo(concat(c, d));
    for (ByteBuffer kept : reader.kept) {
      assertThat(kept.get(0)).as("a buffer kept past its call").isEqualTo(Delivery.POISON);
    }
  }

  @Test
  void smallWritesThatFollowEachOtherAreReadWhole() {
    Reader reader = new Reader();
    RecordingProtocol writer = new RecordingProtocol();
    Pump pump = Pump.connect(reader, writer);
    StringBuilder expected = new StringBuilder();
    for (int i = 0; i < 500; i++) {
      String line = "line " + i + "\n";
      expected.append(line);
      pump.client().transport().write(line.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    pump.flush();

    assertThat(reader.reads).hasSize(1);
    assertThat(new String(reader.reads.get(0), java.nio.charset.StandardCharsets.UTF_8))
        .isEqualTo(expected.toString());
  }
}
