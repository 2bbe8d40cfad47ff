package dev.weft.benchmarks.jmh;

import dev.weft.reactor.protocols.LineReceiver;
import dev.weft.reactor.testing.RecordingTransport;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Throughput of line framing: one operation delivers {@link #INPUT_BYTES} (1 MiB) of 10-byte
 * lines ({@code "12345678\r\n"}) to a {@link LineReceiver} in reads of {@code readSize} bytes,
 * beside a hand-written scan that only finds each {@code '\n'} and counts it, given the same
 * reads. The scan is the floor: it allocates nothing, where the receiver copies every line into
 * the fresh array its contract promises. The secondary result {@code megabytes} is the rate in
 * MB/s (10^6 bytes per second), whatever its printed unit says.
 *
 * <p>Each read is the same read-only view of the input moved along, so neither side pays for
 * buffers the benchmark makes; the reactors also hand protocols read-only views.
 *
 * <p>Run: {@code ./mvnw -q -Pjmh -DskipTests -pl benchmarks -am package
 * -Djmh.args="LineFramingBenchmark"}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class LineFramingBenchmark {
  /** The bytes one operation delivers: 1 MiB. */
  static final int INPUT_BYTES = 1 << 20;

  /** The length of each line, its {@code \r\n} included. */
  static final int LINE_BYTES = 10;

  /**
   * Bytes per {@code dataReceived} call: the whole mebibyte in one read, 64 KiB reads, or one
   * byte per read.
   */
  @Param({"1048576", "65536", "1"})
  public int readSize;

  private ByteBuffer reads;
  private CountingLines receiver;
  private long expectedLines;

  /** Counts what the benchmark moved, reported by JMH as a rate per second. */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.OPERATIONS)
  public static class Rate {
    /** Megabytes (10^6 bytes) framed; JMH divides by the measured time. */
    public double megabytes;

    /** Starts each iteration from zero. */
    @Setup(Level.Iteration)
    public void reset() {
      megabytes = 0;
    }
  }

  /** Builds the input and a connected receiver. */
  @Setup
  public void prepare() {
    byte[] input = input();
    expectedLines = lineCount(input);
    reads = ByteBuffer.wrap(input).asReadOnlyBuffer();
    receiver = new CountingLines();
    receiver.makeConnection(RecordingTransport.create());
  }

  /**
   * Frames 1 MiB with {@link LineReceiver}.
   *
   * @param rate where the bytes framed are counted
   * @return the lines received so far
   */
  @Benchmark
  public long lineReceiver(Rate rate) {
    long before = receiver.lines;
    deliver(reads, readSize, receiver::dataReceived);
    long lines = receiver.lines - before;
    if (lines != expectedLines) {
      throw new IllegalStateException("framed " + lines + " lines, expected " + expectedLines);
    }
    rate.megabytes += INPUT_BYTES / 1e6;
    return receiver.lines;
  }

  /**
   * Finds the line ends of 1 MiB with a minimal loop: the floor for any framing.
   *
   * @param rate where the bytes scanned are counted
   * @return the lines counted
   */
  @Benchmark
  public long handScan(Rate rate) {
    HandScan scan = new HandScan();
    deliver(reads, readSize, scan::scan);
    if (scan.lines != expectedLines) {
      throw new IllegalStateException("counted " + scan.lines + " lines, expected "
          + expectedLines);
    }
    rate.megabytes += INPUT_BYTES / 1e6;
    return scan.lines;
  }

  /** Builds 1 MiB of {@code "12345678\r\n"} lines; the last, shorter line fills the mebibyte. */
  static byte[] input() {
    byte[] input = new byte[INPUT_BYTES];
    byte[] line = "12345678\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    int whole = INPUT_BYTES / LINE_BYTES;
    for (int i = 0; i < whole; i++) {
      System.arraycopy(line, 0, input, i * LINE_BYTES, LINE_BYTES);
    }
    int rest = INPUT_BYTES - whole * LINE_BYTES;
    for (int i = 0; i < rest - 2; i++) {
      input[whole * LINE_BYTES + i] = (byte) ('1' + i);
    }
    input[INPUT_BYTES - 2] = '\r';
    input[INPUT_BYTES - 1] = '\n';
    return input;
  }

  static long lineCount(byte[] input) {
    long n = 0;
    for (byte b : input) {
      if (b == '\n') {
        n++;
      }
    }
    return n;
  }

  /** Hands {@code all} to {@code to} in reads of {@code size} bytes, moving one view along. */
  static void deliver(ByteBuffer all, int size, java.util.function.Consumer<ByteBuffer> to) {
    int total = all.capacity();
    for (int from = 0; from < total; from += size) {
      all.limit(Math.min(total, from + size));
      all.position(from);
      to.accept(all);
    }
  }

  /** A line receiver that counts its lines. */
  static final class CountingLines extends LineReceiver {
    long lines;
    long bytes;

    @Override
    protected void lineReceived(byte[] line) {
      lines++;
      bytes += line.length;
    }
  }

  /** The hand-written scan: a loop over the read that counts {@code '\n'}. */
  static final class HandScan {
    long lines;

    void scan(ByteBuffer data) {
      long found = 0;
      for (int i = data.position(), end = data.limit(); i < end; i++) {
        if (data.get(i) == '\n') {
          found++;
        }
      }
      data.position(data.limit());
      lines += found;
    }
  }
}
