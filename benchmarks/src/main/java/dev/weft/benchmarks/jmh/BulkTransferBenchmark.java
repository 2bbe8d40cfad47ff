package dev.weft.benchmarks.jmh;

import dev.weft.benchmarks.jmh.PumpBenchmark.Sink;
import dev.weft.benchmarks.jmh.PumpBenchmark.Writer;
import dev.weft.reactor.ClientFactory;
import dev.weft.reactor.ProtocolFactory;
import dev.weft.reactor.testing.Pump;
import dev.weft.reactor.testing.net.Host;
import dev.weft.reactor.testing.net.Network;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
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
 * Bulk transfer on each fake: one operation writes {@link #BYTES_PER_OP} (1 MiB) in writes of
 * {@code writeSize} bytes on one end of an open connection and runs until the other end's
 * protocol has received all of it. The secondary result {@code gigabytes} is the rate in GB/s
 * (10^9 bytes per second), whatever unit JMH prints for it.
 *
 * <ul>
 *   <li>{@link #link()}: a connection between two hosts of a {@link Network} (defaults: 1 ms
 *       latency, 64 KiB window, coalesced reads), run with {@link Network#runUntilIdle()}.
 *   <li>{@link #pump()}: two protocols joined by a {@link Pump}, then {@link Pump#flush()}.
 *   <li>Both are built with {@code keepWritten(false)}, as a bulk or soak test would be: the
 *       transports keep no record of everything written (which would be what gets measured),
 *       and the arrays the writes were copied into are reused once read.
 *   <li>{@link #embeddedChannel()}: the same job on Netty: each write copies the caller's bytes
 *       into a pooled heap buffer (as a Weft transport copies each write, so the writer may reuse
 *       its array) and goes out of one {@link EmbeddedChannel}; what it wrote is read from its
 *       outbound queue into a second channel whose handler counts and releases it.
 * </ul>
 *
 * <p>Run: {@code ./mvnw -q -Pjmh -DskipTests -pl benchmarks -am package
 * -Djmh.args="BulkTransferBenchmark"}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
// A fixed, pre-touched heap: without it the fakes' first iterations (a fresh array per write, as
// the one copy each write needs) ran 50 times slower while the heap grew into untouched pages,
// and the figure measured the kernel's page faults rather than the transfer.
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
public class BulkTransferBenchmark {
  static final int BYTES_PER_OP = 1 << 20;

  /** Bytes per {@code write} call. */
  @Param({"64", "65536"})
  public int writeSize;

  private Network network;
  private Writer linkWriter;
  private Sink linkSink;
  private Pump pump;
  private Writer pumpWriter;
  private Sink pumpSink;
  private EmbeddedChannel nettyClient;
  private EmbeddedChannel nettyServer;
  private NettySink nettySink;
  private byte[] chunk;
  private final ByteBufAllocator allocator = PooledByteBufAllocator.DEFAULT;

  /** Counts the bytes moved; JMH divides by the measured time. */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.OPERATIONS)
  public static class Rate {
    /** Gigabytes (10^9 bytes) moved. */
    public double gigabytes;

    /** Starts each iteration from zero. */
    @Setup(Level.Iteration)
    public void reset() {
      gigabytes = 0;
    }
  }

  /** Opens the three connections. */
  @Setup
  public void connect() {
    chunk = new byte[writeSize];
    network = Network.builder().seed(1).keepWritten(false).build();
    Host server = network.host("server");
    Host client = network.host("client");
    linkSink = new Sink();
    linkWriter = new Writer(writeSize);
    server.reactor().listenTCP(80, ProtocolFactory.of(() -> linkSink));
    client.reactor().connectTCP("server", 80, ClientFactory.of(() -> linkWriter));
    network.runUntilIdle();

    pumpSink = new Sink();
    pumpWriter = new Writer(writeSize);
    pump = Pump.builder().keepWritten(false).connect(pumpSink, pumpWriter);

    nettySink = new NettySink();
    nettyClient = new EmbeddedChannel();
    nettyServer = new EmbeddedChannel(nettySink);
  }

  /**
   * Moves 1 MiB through a link of the simulated network.
   *
   * @param rate the byte counter
   * @return the bytes received so far
   */
  @Benchmark
  public long link(Rate rate) {
    linkWriter.writeMebibyte();
    network.runUntilIdle();
    return counted(linkSink.received, rate);
  }

  /**
   * Moves 1 MiB through a {@link Pump}.
   *
   * @param rate the byte counter
   * @return the bytes received so far
   */
  @Benchmark
  public long pump(Rate rate) {
    pumpWriter.writeMebibyte();
    pump.flush();
    return counted(pumpSink.received, rate);
  }

  /**
   * Moves 1 MiB from one {@link EmbeddedChannel} to another, each write a copy.
   *
   * @param rate the byte counter
   * @return the bytes received so far
   */
  @Benchmark
  public long embeddedChannel(Rate rate) {
    for (int sent = 0; sent < BYTES_PER_OP; sent += writeSize) {
      nettyClient.writeOneOutbound(allocator.heapBuffer(writeSize).writeBytes(chunk));
    }
    nettyClient.flushOutbound();
    Object message;
    while ((message = nettyClient.readOutbound()) != null) {
      nettyServer.writeOneInbound(message);
    }
    nettyServer.flushInbound();
    return counted(nettySink.received, rate);
  }

  private static long counted(long received, Rate rate) {
    if (received % BYTES_PER_OP != 0) {
      throw new IllegalStateException("the receiver has " + received + " bytes");
    }
    rate.gigabytes += BYTES_PER_OP / 1e9;
    return received;
  }

  /** Netty's side of the sink: counts and releases. */
  static final class NettySink extends ChannelInboundHandlerAdapter {
    long received;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ByteBuf buf = (ByteBuf) msg;
      received += buf.readableBytes();
      buf.release();
    }
  }
}
