package dev.weft.reactor.protocols;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.reactor.doubles.BufferTransport;
import dev.weft.reactor.doubles.Chunks;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class LineReceiverTest {

  static class Lines extends LineReceiver {
    final List<String> lines = new ArrayList<>();

    Lines() {}

    Lines(byte[] delimiter, int max) {
      super(delimiter, max);
    }

    @Override
    protected void lineReceived(byte[] line) {
      lines.add(new String(line, StandardCharsets.UTF_8));
    }
  }

  static Stream<Arguments> deliveries() {
    return Stream.of(
        Arguments.of("whole", (Function<byte[], List<ByteBuffer>>) Chunks::whole),
        Arguments.of("one byte at a time", (Function<byte[], List<ByteBuffer>>) Chunks::oneByte),
        Arguments.of("random splits, seed 1",
            (Function<byte[], List<ByteBuffer>>) d -> Chunks.random(d, 1)),
        Arguments.of("random splits, seed 42",
            (Function<byte[], List<ByteBuffer>>) d -> Chunks.random(d, 42)));
  }

  private static Lines connected(Lines p) {
    p.makeConnection(new BufferTransport());
    return p;
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("deliveries")
  void framesLinesWhateverTheChunking(String how, Function<byte[], List<ByteBuffer>> split) {
    Lines p = connected(new Lines());

    Chunks.deliver(split.apply(utf8("first\r\n\r\nthird, with \n and \r inside\r\nunfinished")),
        p::dataReceived);

    assertThat(p.lines).containsExactly("first", "", "third, with \n and \r inside");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("deliveries")
  void aCustomMultiByteDelimiterSplitsAcrossChunks(
      String how, Function<byte[], List<ByteBuffer>> split) {
    Lines p = connected(new Lines(utf8("<|>"), 100));

    Chunks.deliver(split.apply(utf8("a<|b<|>c<<|>>d<|>")), p::dataReceived);

    assertThat(p.lines).containsExactly("a<|b", "c<", ">d");
  }

  @Test
  void aLineLongerThanTheMaximumFailsWithAClearError() {
    Lines p = connected(new Lines(LineReceiver.CRLF, 5));

    assertThatThrownBy(() -> p.dataReceived(ByteBuffer.wrap(utf8("123456\r\n"))))
        .isInstanceOfSatisfying(FrameTooLongException.class, e -> {
          assertThat(e.length()).isEqualTo(6);
          assertThat(e.maximum()).isEqualTo(5);
        })
        .hasMessageStartingWith("line of 6 bytes exceeds the maximum of 5 bytes");
  }

  @Test
  void bytesPilingUpWithoutDelimiterAreCutOffOneBytePastTheMaximum() {
    List<Integer> exceeded = new ArrayList<>();
    Lines p = connected(new Lines(LineReceiver.CRLF, 5) {
      @Override
      protected void lineLengthExceeded(int length) {
        exceeded.add(length);
      }
    });

    Chunks.deliver(Chunks.oneByte(utf8("12345")), p::dataReceived);
    assertThat(exceeded).isEmpty();
    p.dataReceived(ByteBuffer.wrap(utf8("6")));

    assertThat(exceeded).containsExactly(6);
    // The rest of the rejected line is dropped with it; the next line is framed as usual.
    p.dataReceived(ByteBuffer.wrap(utf8("78\r\n")));
    p.dataReceived(ByteBuffer.wrap(utf8("ok\r\n")));
    assertThat(p.lines).containsExactly("ok");
    assertThat(exceeded).containsExactly(6);
  }

  @Test
  void aDelimiterThatStraddlesTheMaximumIsNotMistakenForAnOverlongLine() {
    Lines p = connected(new Lines(utf8("<|>"), 5));

    Chunks.deliver(Chunks.oneByte(utf8("12345<|>")), p::dataReceived);

    assertThat(p.lines).containsExactly("12345");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("deliveries")
  void anOverrideThatKeepsTheConnectionLosesOnlyTheRejectedLine(
      String how, Function<byte[], List<ByteBuffer>> split) {
    List<Integer> exceeded = new ArrayList<>();
    Lines p = connected(new Lines(utf8("<|>"), 5) {
      @Override
      protected void lineLengthExceeded(int length) {
        exceeded.add(length);
      }
    });

    Chunks.deliver(split.apply(utf8("before<|>ok<|>" + "x<|".repeat(40) + "<|>after<|>1234567<|>end<|>")),
        p::dataReceived);

    // "before" is too long by one; the 120-byte line spans many reads; "1234567" is rejected
    // whole. Nothing of them is framed, and every other line is.
    assertThat(p.lines).containsExactly("ok", "after", "end");
    assertThat(exceeded).hasSize(3);
    assertThat(exceeded.get(0)).isEqualTo(6);
    assertThat(exceeded.get(1)).isBetween(6, 120);
    assertThat(exceeded.get(2)).isIn(6, 7);
  }

  @Test
  void aLineRejectedWholeInOneReadDoesNotTakeTheFollowingLinesWithIt() {
    List<Integer> exceeded = new ArrayList<>();
    Lines p = connected(new Lines(LineReceiver.CRLF, 5) {
      @Override
      protected void lineLengthExceeded(int length) {
        exceeded.add(length);
      }
    });

    p.dataReceived(ByteBuffer.wrap(utf8("one\r\ntoo long\r\ntwo\r\n")));

    assertThat(exceeded).containsExactly(8);
    assertThat(p.lines).containsExactly("one", "two");
  }

  @Test
  void anOverrideThatClosesTheConnectionStopsFraming() {
    Lines p = connected(new Lines(LineReceiver.CRLF, 5) {
      @Override
      protected void lineLengthExceeded(int length) {
        transport().loseConnection();
      }
    });

    p.dataReceived(ByteBuffer.wrap(utf8("too long\r\nnext\r\n")));

    assertThat(p.lines).isEmpty();
  }

  @Test
  void aLineOfExactlyTheMaximumIsAccepted() {
    Lines p = connected(new Lines(LineReceiver.CRLF, 5));

    p.dataReceived(ByteBuffer.wrap(utf8("12345\r\n")));

    assertThat(p.lines).containsExactly("12345");
  }

  @Test
  void noLinesAreDeliveredOnceTheTransportIsDisconnecting() {
    Lines p = new Lines() {
      @Override
      protected void lineReceived(byte[] line) {
        super.lineReceived(line);
        transport().loseConnection();
      }
    };
    p.makeConnection(new BufferTransport());

    p.dataReceived(ByteBuffer.wrap(utf8("quit\r\nignored\r\n")));

    assertThat(p.lines).containsExactly("quit");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("deliveries")
  void rawModeHandsOverTheRestOfTheStreamAndLineModeTakesItBack(
      String how, Function<byte[], List<ByteBuffer>> split) {
    // A header line announces how many raw bytes follow, then lines resume.
    List<String> events = new ArrayList<>();
    LineReceiver p = new LineReceiver() {
      int rawLeft;

      @Override
      protected void lineReceived(byte[] line) {
        String s = new String(line, StandardCharsets.UTF_8);
        events.add("line " + s);
        if (s.startsWith("raw ")) {
          rawLeft = Integer.parseInt(s.substring(4));
          setRawMode();
        }
      }

      @Override
      protected void rawDataReceived(ByteBuffer data) {
        int n = Math.min(rawLeft, data.remaining());
        byte[] raw = new byte[n];
        data.get(raw);
        rawLeft -= n;
        events.add("raw " + new String(raw, StandardCharsets.UTF_8));
        if (rawLeft == 0) {
          setLineMode(data);
        }
      }
    };
    p.makeConnection(new BufferTransport());

    Chunks.deliver(split.apply(utf8("raw 6\r\n\r\n1234after\r\n")), p::dataReceived);

    assertThat(String.join("", events.stream().filter(e -> e.startsWith("raw ")
        && !e.startsWith("raw 6")).map(e -> e.substring(4)).toList())).isEqualTo("\r\n1234");
    assertThat(events).first().isEqualTo("line raw 6");
    assertThat(events).last().isEqualTo("line after");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("deliveries")
  void modesSwitchBackAndForthWithinOneReadAndExtraMayBeAnyBuffer(
      String how, Function<byte[], List<ByteBuffer>> split) {
    // Every third command hands back a slice, not the buffer it was given: a copy of bytes that
    // share the framing buffer's storage.
    List<String> events = new ArrayList<>();
    LineReceiver p = new LineReceiver() {
      int rawLeft;
      int commands;

      @Override
      protected void lineReceived(byte[] line) {
        String s = new String(line, StandardCharsets.UTF_8);
        events.add(s);
        rawLeft = Integer.parseInt(s.substring(4));
        setRawMode();
      }

      @Override
      protected void rawDataReceived(ByteBuffer data) {
        assertThat(data.isReadOnly()).isTrue();
        int n = Math.min(rawLeft, data.remaining());
        byte[] raw = new byte[n];
        data.get(raw);
        rawLeft -= n;
        events.add("<" + new String(raw, StandardCharsets.UTF_8) + ">");
        if (rawLeft == 0) {
          setLineMode(++commands % 3 == 0 ? data.slice() : data);
        }
      }
    };
    p.makeConnection(new BufferTransport());
    StringBuilder stream = new StringBuilder();
    StringBuilder expected = new StringBuilder();
    for (int i = 1; i <= 12; i++) {
      String body = "b".repeat(i) + "\r\n";
      stream.append("raw ").append(body.length()).append("\r\n").append(body);
      expected.append("raw ").append(body.length()).append(body);
    }

    Chunks.deliver(split.apply(utf8(stream.toString())), p::dataReceived);

    assertThat(String.join("", events).replace("<", "").replace(">", ""))
        .isEqualTo(expected.toString());
  }

  /**
   * Pauses on "pause" and on "rawpause" (which also switches to raw mode and starts an empty
   * entry the raw bytes go into), stops on "stop"; "len N" sets how many raw bytes to take
   * before going back to lines. Resumes run when the test says, as a Clock's later calls would.
   */
  static final class Pausing extends LineReceiver {
    final List<String> received = new ArrayList<>();
    final List<Runnable> later = new ArrayList<>();
    private int rawLeft;

    @Override
    protected void lineReceived(byte[] line) {
      String s = new String(line, StandardCharsets.UTF_8);
      received.add(s);
      if (s.equals("pause")) {
        pauseProducing();
        later.add(this::resumeProducing);
      } else if (s.equals("rawpause")) {
        pauseProducing();
        setRawMode();
        received.add("");
        later.add(this::resumeProducing);
      } else if (s.equals("stop")) {
        stopProducing();
      } else if (s.startsWith("len ")) {
        rawLeft = Integer.parseInt(s.substring(4));
      }
    }

    @Override
    protected void rawDataReceived(ByteBuffer data) {
      int n = Math.min(rawLeft, data.remaining());
      byte[] raw = new byte[n];
      data.get(raw);
      rawLeft -= n;
      int last = received.size() - 1;
      received.set(last, received.get(last) + new String(raw, StandardCharsets.UTF_8));
      if (rawLeft == 0) {
        setLineMode(data);
      }
    }

    /** A new one on {@code transport}, fed {@code stream} cut by {@code split}. */
    static Pausing fed(BufferTransport transport, Function<byte[], List<ByteBuffer>> split,
        String stream) {
      Pausing p = new Pausing();
      p.makeConnection(transport);
      Chunks.deliver(split.apply(utf8(stream)), p::dataReceived);
      return p;
    }

    void runLater() {
      List<Runnable> due = List.copyOf(later);
      later.clear();
      due.forEach(Runnable::run);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("deliveries")
  void pausingStopsDeliveryEvenWithinOneReadUntilResumed(
      String how, Function<byte[], List<ByteBuffer>> split) {
    BufferTransport transport = new BufferTransport();
    Pausing p = Pausing.fed(transport, split, "twiddle1\r\ntwiddle2\r\npause\r\ntwiddle3\r\n");

    assertThat(p.received).containsExactly("twiddle1", "twiddle2", "pause");
    assertThat(p.isPaused()).isTrue();
    assertThat(transport.isReadingPaused()).as("the transport is paused too").isTrue();

    p.runLater();

    assertThat(p.received).containsExactly("twiddle1", "twiddle2", "pause", "twiddle3");
    assertThat(p.isPaused()).isFalse();
    assertThat(transport.isReadingPaused()).isFalse();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("deliveries")
  void pausingHoldsRawDataUntilResumed(String how, Function<byte[], List<ByteBuffer>> split) {
    Pausing p = Pausing.fed(new BufferTransport(), split,
        "twiddle1\r\ntwiddle2\r\nlen 5\r\nrawpause\r\n12345twiddle3\r\n");

    assertThat(p.received).containsExactly("twiddle1", "twiddle2", "len 5", "rawpause", "");

    p.runLater();

    assertThat(p.received)
        .containsExactly("twiddle1", "twiddle2", "len 5", "rawpause", "12345", "twiddle3");
  }

  @Test
  void asAPushProducerItPausesAndResumesItsOwnReading() {
    Pausing p = new Pausing();
    BufferTransport transport = new BufferTransport();
    p.makeConnection(transport);
    dev.weft.reactor.PushProducer producer = p;

    producer.pauseProducing();
    p.dataReceived(ByteBuffer.wrap(utf8("held\r\n")));
    assertThat(p.received).isEmpty();
    assertThat(transport.isReadingPaused()).isTrue();

    producer.resumeProducing();
    assertThat(p.received).containsExactly("held");
    assertThat(transport.isReadingPaused()).isFalse();
  }

  @Test
  void clearLineBufferFromLineReceivedReturnsAndDropsTheRestOfTheRead() {
    List<String> lines = new ArrayList<>();
    List<String> cleared = new ArrayList<>();
    LineReceiver p = new LineReceiver() {
      @Override
      protected void lineReceived(byte[] line) {
        lines.add(new String(line, StandardCharsets.UTF_8));
        cleared.add(new String(clearLineBuffer(), StandardCharsets.UTF_8));
      }
    };
    p.makeConnection(new BufferTransport());

    p.dataReceived(ByteBuffer.wrap(utf8("foo\r\nbar\r\nbaz")));
    assertThat(lines).containsExactly("foo");
    assertThat(cleared).containsExactly("bar\r\nbaz");

    p.dataReceived(ByteBuffer.wrap(utf8("quux\r\n")));
    assertThat(lines).containsExactly("foo", "quux");
    assertThat(cleared).containsExactly("bar\r\nbaz", "");
  }

  @Test
  void clearLineBufferBetweenReadsReturnsAnUnfinishedLine() {
    Lines p = connected(new Lines());
    p.dataReceived(ByteBuffer.wrap(utf8("one\r\ntw")));

    assertThat(new String(p.clearLineBuffer(), StandardCharsets.UTF_8)).isEqualTo("tw");
    p.dataReceived(ByteBuffer.wrap(utf8("o\r\nthree\r\n")));
    assertThat(p.lines).containsExactly("one", "o", "three");
  }

  @Test
  void aResumeFromLineReceivedDoesNotDeliverTheNextLineInsideIt() {
    List<String> events = new ArrayList<>();
    LineReceiver p = new LineReceiver() {
      @Override
      protected void lineReceived(byte[] line) {
        String s = new String(line, StandardCharsets.UTF_8);
        events.add("start " + s);
        pauseProducing();
        resumeProducing();
        events.add("end " + s);
      }
    };
    p.makeConnection(new BufferTransport());

    p.dataReceived(ByteBuffer.wrap(utf8("a\r\nb\r\n")));

    assertThat(events).containsExactly("start a", "end a", "start b", "end b");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("deliveries")
  void stoppingDeliversNothingMoreAndClosesTheTransport(
      String how, Function<byte[], List<ByteBuffer>> split) {
    BufferTransport transport = new BufferTransport();
    Pausing p = Pausing.fed(transport, split, "twiddle1\r\ntwiddle2\r\nstop\r\nmore\r\nstuff\r\n");

    assertThat(p.received).containsExactly("twiddle1", "twiddle2", "stop");
    assertThat(transport.isDisconnecting()).isTrue();
  }

  @Test
  void sendLineWritesTheLineAndTheDelimiterInOneWrite() {
    BufferTransport transport = new BufferTransport();
    Lines p = new Lines();
    p.makeConnection(transport);

    p.sendLine(utf8("hello"));

    assertThat(transport.writtenUtf8()).isEqualTo("hello\r\n");
  }

  @Test
  void constructorRejectsAnEmptyDelimiterAndANonPositiveMaximum() {
    assertThatThrownBy(() -> new Lines(new byte[0], 5))
        .hasMessage("delimiter must not be empty");
    assertThatThrownBy(() -> new Lines(LineReceiver.CRLF, 0))
        .hasMessage("maxLineLength must be at least 1: 0");
  }
}
