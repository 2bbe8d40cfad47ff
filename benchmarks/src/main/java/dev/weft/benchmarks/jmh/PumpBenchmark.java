package dev.weft.benchmarks.jmh;

import dev.weft.reactor.BaseProtocol;
import dev.weft.reactor.testing.Pump;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Throughput of the in-memory pump: one operation moves {@link #BYTES_PER_OP} (1 MiB) from a
 * client protocol to a server protocol in writes of {@code writeSize} bytes, then flushes. So
 * operations per second times 1.048576 is MB/s; the target is at least 1 GB/s.
 *
 * <p>Run: {@code ./mvnw -q -Pjmh -DskipTests package -Djmh.args="PumpBenchmark"}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class PumpBenchmark {
  static final int BYTES_PER_OP = 1 << 20;

  /** Bytes per {@code write} call of the client protocol. */
  @Param({"64", "65536"})
  public int writeSize;

  private Writer client;
  private Sink server;
  private Pump pump;

  /** Connects a writing client protocol to a counting server protocol in memory. */
  @Setup
  public void connect() {
    client = new Writer(writeSize);
    server = new Sink();
    pump = Pump.connect(server, client);
  }

  /**
   * Writes 1 MiB and flushes it to the server.
   *
   * @return the bytes the server has received so far
   */
  @Benchmark
  public long moveOneMebibyte() {
    client.writeMebibyte();
    pump.flush();
    // The recording transport also keeps a history of everything written, for assertions; a
    // long pump must drop it or the history, not the pump, is what gets measured.
    pump.client().transport().clear();
    long received = server.received;
    if (received % BYTES_PER_OP != 0) {
      throw new IllegalStateException("server received " + received + " bytes");
    }
    return received;
  }

  /** Writes 1 MiB in writes of one size. */
  static final class Writer extends BaseProtocol {
    private final ByteBuffer chunk;

    Writer(int size) {
      this.chunk = ByteBuffer.allocate(size);
    }

    void writeMebibyte() {
      for (int sent = 0; sent < BYTES_PER_OP; sent += chunk.capacity()) {
        transport().write(chunk);
      }
    }

    @Override
    public void dataReceived(ByteBuffer data) {
      throw new IllegalStateException("the sink never writes");
    }
  }

  /** Counts what it receives. */
  static final class Sink extends BaseProtocol {
    long received;

    @Override
    public void dataReceived(ByteBuffer data) {
      received += data.remaining();
    }
  }
}
