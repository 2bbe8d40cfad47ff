package dev.weft.reactor.protocols;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.reactor.doubles.BufferTransport;
import dev.weft.reactor.doubles.Chunks;
import dev.weft.reactor.protocols.LengthPrefixedProtocol.Prefix;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class LengthPrefixedProtocolTest {

  static class Frames extends LengthPrefixedProtocol {
    final List<String> frames = new ArrayList<>();
    final BufferTransport transport = new BufferTransport();

    Frames(Prefix prefix, int max) {
      super(prefix, max);
      makeConnection(transport);
    }

    @Override
    protected void frameReceived(byte[] frame) {
      frames.add(new String(frame, StandardCharsets.UTF_8));
    }
  }

  /** A maximum of 1000 bytes, or what the prefix can express if less. */
  private static int roomy(Prefix prefix) {
    return (int) Math.min(1000, prefix.largestLength());
  }

  private static byte[] encoded(Prefix prefix, String... frames) {
    Frames writer = new Frames(prefix, roomy(prefix));
    for (String f : frames) {
      writer.sendFrame(f.getBytes(StandardCharsets.UTF_8));
    }
    return writer.transport.written();
  }

  @Test
  void sendFrameWritesAnUnsignedBigEndianPrefix() {
    assertThat(HexFormat.of().formatHex(encoded(Prefix.INT8, "hi")))
        .isEqualTo("026869");
    assertThat(HexFormat.of().formatHex(encoded(Prefix.INT16, "hi")))
        .isEqualTo("00026869");
    assertThat(HexFormat.of().formatHex(encoded(Prefix.INT32, "hi")))
        .isEqualTo("000000026869");
  }

  @ParameterizedTest
  @EnumSource(Prefix.class)
  void framesAreRebuiltWholeOneByteAtATimeAndInSeededRandomSplits(Prefix prefix) {
    String big = "x".repeat(Math.min(300, roomy(prefix)));
    byte[] stream = encoded(prefix, "alpha", "", big, "omega");
    for (List<ByteBuffer> chunks :
        List.of(Chunks.whole(stream), Chunks.oneByte(stream), Chunks.random(stream, 7),
            Chunks.random(stream, 99))) {
      Frames p = new Frames(prefix, roomy(prefix));

      Chunks.deliver(chunks, p::dataReceived);

      assertThat(p.frames).containsExactly("alpha", "", big, "omega");
    }
  }

  @Test
  void aLengthAboveTheMaximumFailsBeforeTheFrameArrives() {
    Frames p = new Frames(Prefix.INT16, 10);

    assertThatThrownBy(() -> p.dataReceived(ByteBuffer.wrap(new byte[] {0, 11})))
        .isInstanceOf(FrameTooLongException.class)
        .hasMessageStartingWith("frame of 11 bytes exceeds the maximum of 10 bytes");
  }

  @Test
  void a32BitLengthIsReadUnsigned() {
    List<Long> exceeded = new ArrayList<>();
    Frames p = new Frames(Prefix.INT32, 10) {
      @Override
      protected void frameLengthExceeded(long length) {
        exceeded.add(length);
      }
    };

    p.dataReceived(ByteBuffer.wrap(new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF}));

    assertThat(exceeded).containsExactly(0xFFFF_FFFFL);
  }

  @ParameterizedTest
  @EnumSource(Prefix.class)
  void anOverrideThatKeepsTheConnectionLosesOnlyTheRejectedFrame(Prefix prefix) {
    // A frame of 200 bytes where 100 is the maximum, between two good frames.
    ByteBuffer oversize = ByteBuffer.allocate(prefix.bytes() + 200);
    switch (prefix) {
      case INT8 -> oversize.put((byte) 200);
      case INT16 -> oversize.putShort((short) 200);
      default -> oversize.putInt(200);
    }
    byte[] rejected = oversize.array();
    java.util.Arrays.fill(rejected, prefix.bytes(), rejected.length, (byte) 0);
    java.io.ByteArrayOutputStream stream = new java.io.ByteArrayOutputStream();
    stream.writeBytes(encoded(prefix, "before"));
    stream.writeBytes(rejected);
    stream.writeBytes(encoded(prefix, "after", "end"));
    byte[] bytes = stream.toByteArray();
    for (List<ByteBuffer> chunks :
        List.of(Chunks.whole(bytes), Chunks.oneByte(bytes), Chunks.random(bytes, 7))) {
      List<Long> exceeded = new ArrayList<>();
      Frames p = new Frames(prefix, 100) {
        @Override
        protected void frameLengthExceeded(long length) {
          exceeded.add(length);
        }
      };

      Chunks.deliver(chunks, p::dataReceived);

      // The rejected frame's zeros would read as empty frames if they were framed.
      assertThat(exceeded).containsExactly(200L);
      assertThat(p.frames).containsExactly("before", "after", "end");
    }
  }

  @Test
  void aRejectedFrameSpanningManyReadsIsSkippedToItsEnd() {
    List<Long> exceeded = new ArrayList<>();
    Frames p = new Frames(Prefix.INT32, 10) {
      @Override
      protected void frameLengthExceeded(long length) {
        exceeded.add(length);
      }
    };
    p.dataReceived(ByteBuffer.allocate(4).putInt(1_000_000).flip());

    for (int i = 0; i < 999; i++) {
      p.dataReceived(ByteBuffer.allocate(1_000));
    }
    assertThat(p.frames).isEmpty();
    // The last 1,000 bytes of the frame and a good frame, in one read.
    byte[] good = encoded(Prefix.INT32, "ok");
    ByteBuffer last = ByteBuffer.allocate(1_000 + good.length).put(new byte[1_000]).put(good);
    p.dataReceived(last.flip());

    assertThat(exceeded).containsExactly(1_000_000L);
    assertThat(p.frames).containsExactly("ok");
  }

  @Test
  void anOverrideThatClosesTheConnectionStopsFraming() {
    Frames p = new Frames(Prefix.INT16, 3) {
      @Override
      protected void frameLengthExceeded(long length) {
        transport().loseConnection();
      }
    };
    ByteBuffer stream = ByteBuffer.allocate(20).putShort((short) 4).put(new byte[4])
        .put(encoded(Prefix.INT16, "ok"));
    stream.flip();

    p.dataReceived(stream);

    assertThat(p.frames).isEmpty();
  }

  @Test
  void argumentsOutsideWhatThePrefixCanExpressAreRejected() {
    assertThatThrownBy(() -> new Frames(Prefix.INT16, 70_000))
        .hasMessage("maxFrameLength must be in 0..65535 for a INT16 prefix: 70000");
    assertThatThrownBy(() -> new Frames(Prefix.INT16, 3).sendFrame(new byte[4]))
        .hasMessage("frame length must be at most maxFrameLength 3: 4");
  }

  @ParameterizedTest
  @EnumSource(Prefix.class)
  void pausingStopsDeliveryEvenWithinOneReadUntilResumed(Prefix prefix) {
    List<Runnable> later = new ArrayList<>();
    Frames p = new Frames(prefix, roomy(prefix)) {
      @Override
      protected void frameReceived(byte[] frame) {
        super.frameReceived(frame);
        if (frames.get(frames.size() - 1).equals("pause")) {
          pauseProducing();
          later.add(this::resumeProducing);
        }
      }
    };

    p.dataReceived(ByteBuffer.wrap(encoded(prefix, "one", "pause", "two", "three")));

    assertThat(p.frames).containsExactly("one", "pause");
    assertThat(p.isPaused()).isTrue();
    assertThat(p.transport.isReadingPaused()).isTrue();

    later.forEach(Runnable::run);

    assertThat(p.frames).containsExactly("one", "pause", "two", "three");
    assertThat(p.transport.isReadingPaused()).isFalse();
  }

  @Test
  void aResumeFromFrameReceivedDoesNotDeliverTheNextFrameInsideIt() {
    List<String> events = new ArrayList<>();
    Frames p = new Frames(Prefix.INT32, 1000) {
      @Override
      protected void frameReceived(byte[] frame) {
        String s = new String(frame, StandardCharsets.UTF_8);
        events.add("start " + s);
        pauseProducing();
        resumeProducing();
        events.add("end " + s);
      }
    };

    p.dataReceived(ByteBuffer.wrap(encoded(Prefix.INT32, "a", "b")));

    assertThat(events).containsExactly("start a", "end a", "start b", "end b");
  }

  @Test
  void stoppingDeliversNothingMoreAndClosesTheTransport() {
    Frames p = new Frames(Prefix.INT16, 1000) {
      @Override
      protected void frameReceived(byte[] frame) {
        super.frameReceived(frame);
        if (frames.size() == 2) {
          stopProducing();
        }
      }
    };

    p.dataReceived(ByteBuffer.wrap(encoded(Prefix.INT16, "one", "two", "three")));

    assertThat(p.frames).containsExactly("one", "two");
    assertThat(p.transport.isDisconnecting()).isTrue();
  }

  @Test
  void anInt8PrefixFramesUpTo255BytesByDefault() {
    LengthPrefixedProtocol p = new LengthPrefixedProtocol(Prefix.INT8) {
      @Override
      protected void frameReceived(byte[] frame) {}
    };

    assertThat(p.maxFrameLength()).isEqualTo(255);
    assertThatThrownBy(() -> new Frames(Prefix.INT8, 256))
        .hasMessage("maxFrameLength must be in 0..255 for a INT8 prefix: 256");
  }
}
