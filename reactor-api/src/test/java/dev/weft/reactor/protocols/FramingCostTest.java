package dev.weft.reactor.protocols;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.reactor.doubles.BufferTransport;
import dev.weft.reactor.protocols.LengthPrefixedProtocol.Prefix;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Framing is linear in the bytes received, however many frames one read holds: counted through
 * the framing buffer's copy counter (every byte it writes into an array), never timed. Before the
 * fix each frame moved the whole rest of the buffer, so one read of N frames cost N times the
 * read.
 */
class FramingCostTest {
  // Appending each byte once, copying each frame once, plus the buffer's amortised moves.
  private static final int COPIES_PER_BYTE = 4;

  private static final class CountingLines extends LineReceiver {
    long lines;
    long lineBytes;

    @Override
    protected void lineReceived(byte[] line) {
      lines++;
      lineBytes += line.length;
    }
  }

  private static final class CountingFrames extends LengthPrefixedProtocol {
    long frames;

    CountingFrames() {
      super(Prefix.INT32, 1 << 20);
    }

    @Override
    protected void frameReceived(byte[] frame) {
      frames++;
    }
  }

  private static void deliver(byte[] stream, int readSize, Consumer<ByteBuffer> to) {
    ByteBuffer view = ByteBuffer.wrap(stream).asReadOnlyBuffer();
    for (int from = 0; from < stream.length; from += readSize) {
      view.limit(Math.min(stream.length, from + readSize));
      view.position(from);
      to.accept(view);
    }
  }

  private static byte[] repeated(String unit, int totalBytes) {
    return unit.repeat(totalBytes / unit.length()).getBytes(StandardCharsets.US_ASCII);
  }

  @Test
  void aMebibyteOfEmptyLinesInOneReadIsCopiedAConstantNumberOfTimes() {
    byte[] stream = repeated("\r\n", 1 << 20);
    CountingLines p = new CountingLines();
    p.makeConnection(new BufferTransport());

    p.dataReceived(ByteBuffer.wrap(stream).asReadOnlyBuffer());

    assertThat(p.lines).isEqualTo(stream.length / 2);
    assertThat(p.bytesCopied()).isLessThanOrEqualTo((long) COPIES_PER_BYTE * stream.length);
  }

  @ParameterizedTest(name = "reads of {0} bytes")
  @ValueSource(ints = {1, 7, 65_536, 1 << 20})
  void tenByteLinesCostTheSamePerByteWhateverTheReadSize(int readSize) {
    byte[] stream = repeated("12345678\r\n", readSize == 1 ? 100_000 : 1 << 20);
    CountingLines p = new CountingLines();
    p.makeConnection(new BufferTransport());

    deliver(stream, readSize, p::dataReceived);

    assertThat(p.lines).isEqualTo(stream.length / 10);
    assertThat(p.bytesCopied()).isLessThanOrEqualTo((long) COPIES_PER_BYTE * stream.length);
  }

  @Test
  void aLongLineArrivingOneByteAtATimeIsNotCopiedPerByte() {
    byte[] stream = ("x".repeat(LineReceiver.DEFAULT_MAX_LINE_LENGTH) + "\r\n")
        .getBytes(StandardCharsets.US_ASCII);
    CountingLines p = new CountingLines();
    p.makeConnection(new BufferTransport());

    deliver(stream, 1, p::dataReceived);

    assertThat(p.lineBytes).isEqualTo(LineReceiver.DEFAULT_MAX_LINE_LENGTH);
    assertThat(p.bytesCopied()).isLessThanOrEqualTo((long) COPIES_PER_BYTE * stream.length);
  }

  @Test
  void pipelinedCommandsWithRawBodiesInOneReadHandRawModeViewsNotCopies() {
    // 2,000 commands, each a header line announcing 100 raw bytes that follow it.
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < 2_000; i++) {
      out.writeBytes(("raw 100\r\n" + "r".repeat(100)).getBytes(StandardCharsets.US_ASCII));
    }
    byte[] stream = out.toByteArray();
    long[] rawBytes = {0};
    long[] headers = {0};
    LineReceiver p = new LineReceiver() {
      int rawLeft;

      @Override
      protected void lineReceived(byte[] line) {
        headers[0]++;
        rawLeft = Integer.parseInt(new String(line, StandardCharsets.US_ASCII).substring(4));
        setRawMode();
      }

      @Override
      protected void rawDataReceived(ByteBuffer data) {
        int n = Math.min(rawLeft, data.remaining());
        for (int i = 0; i < n; i++) {
          if (data.get() != 'r') {
            throw new AssertionError("raw byte out of place");
          }
        }
        rawBytes[0] += n;
        rawLeft -= n;
        if (rawLeft == 0) {
          setLineMode(data);
        }
      }
    };
    p.makeConnection(new BufferTransport());

    p.dataReceived(ByteBuffer.wrap(stream).asReadOnlyBuffer());

    assertThat(headers[0]).isEqualTo(2_000);
    assertThat(rawBytes[0]).isEqualTo(200_000);
    assertThat(p.bytesCopied()).isLessThanOrEqualTo((long) COPIES_PER_BYTE * stream.length);
  }

  @ParameterizedTest(name = "reads of {0} bytes")
  @ValueSource(ints = {1, 65_536, 1 << 20})
  void lengthPrefixedFramesCostTheSamePerByteWhateverTheReadSize(int readSize) {
    // Frames of 6 bytes after a 4-byte prefix: 10 bytes each.
    ByteBuffer frames = ByteBuffer.allocate(readSize == 1 ? 100_000 : 1 << 20);
    while (frames.remaining() >= 10) {
      frames.putInt(6).put("framed".getBytes(StandardCharsets.US_ASCII));
    }
    byte[] stream = new byte[frames.position()];
    frames.flip().get(stream);
    CountingFrames p = new CountingFrames();
    p.makeConnection(new BufferTransport());

    deliver(stream, readSize, p::dataReceived);

    assertThat(p.frames).isEqualTo(stream.length / 10);
    assertThat(p.bytesCopied()).isLessThanOrEqualTo((long) COPIES_PER_BYTE * stream.length);
  }

  @Test
  void aLargeFrameInSmallReadsIsNotCopiedPerRead() {
    ByteBuffer frame = ByteBuffer.allocate(4 + 500_000).putInt(500_000);
    byte[] stream = frame.array();
    CountingFrames p = new CountingFrames();
    p.makeConnection(new BufferTransport());

    deliver(stream, 100, p::dataReceived);

    assertThat(p.frames).isEqualTo(1);
    assertThat(p.bytesCopied()).isLessThanOrEqualTo((long) COPIES_PER_BYTE * stream.length);
  }
}
