package dev.weft.benchmarks.jmh;

import dev.weft.benchmarks.jmh.SimulatedConnectionBenchmark.Echo;
import dev.weft.benchmarks.jmh.SimulatedConnectionBenchmark.NettyEcho;
import dev.weft.reactor.BaseProtocol;
import dev.weft.reactor.ClientFactory;
import dev.weft.reactor.ProtocolFactory;
import dev.weft.reactor.testing.Pump;
import dev.weft.reactor.testing.net.Host;
import dev.weft.reactor.testing.net.Network;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Memory per simulated connection: {@value #CONNECTIONS} connections, each after one 64-byte
 * exchange and still open, and the heap they keep, measured as the used heap after a full GC
 * ({@link MemoryMXBean}) with and without them, divided by the number of connections. Each
 * iteration prints that figure ({@code heap kept: ... per connection}) beside its time; the score
 * (time for one shot) says what building them cost.
 *
 * <ul>
 *   <li>{@link #network()}: one {@link Network}, a server host listening, a client host making
 *       every connection (each one: both ends, both transports with their write history, the
 *       link);
 *   <li>{@link #pump()}: as many {@link Pump}s, each two protocols joined in memory;
 *   <li>{@link #embeddedChannel()}: as many Netty {@link EmbeddedChannel}s with an echo handler,
 *       each after 64 bytes in and their echo read out (one side only, as Netty tests run).
 * </ul>
 *
 * <p>A benchmark, not a test: it asserts only that the connections exist. Run:
 * {@code ./mvnw -q -Pjmh -DskipTests -pl benchmarks -am package
 * -Djmh.args="NetworkFootprintBenchmark"}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgs = {"-Xms1g", "-Xmx1g"})
public class NetworkFootprintBenchmark {
  static final int CONNECTIONS = 10_000;
  private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

  /**
   * {@value #CONNECTIONS} connections on one simulated network.
   *
   * @return the network, kept until measured
   */
  @Benchmark
  public Object network() {
    return measure(() -> {
      Network network = Network.create(1);
      // Every connection's SYN, SYN-ACK and packets are Clock calls: more than the default
      // runaway bound of one runUntilIdle.
      network.clock().setRunawayLimit(100 * CONNECTIONS);
      Host server = network.host("server");
      Host client = network.host("client");
      server.reactor().listenTCP(80, ProtocolFactory.of(Echo::new));
      List<Exchanger> clients = new ArrayList<>(CONNECTIONS);
      for (int i = 0; i < CONNECTIONS; i++) {
        Exchanger exchanger = new Exchanger();
        clients.add(exchanger);
        client.reactor().connectTCP("server", 80, ClientFactory.of(() -> exchanger));
      }
      network.runUntilIdle();
      requireExchanged(clients);
      if (network.links().size() != CONNECTIONS) {
        throw new IllegalStateException(network.links().size() + " links");
      }
      return network;
    });
  }

  /**
   * {@value #CONNECTIONS} pumps.
   *
   * @return the pumps, kept until measured
   */
  @Benchmark
  public Object pump() {
    return measure(() -> {
      List<Pump> pumps = new ArrayList<>(CONNECTIONS);
      List<Exchanger> clients = new ArrayList<>(CONNECTIONS);
      for (int i = 0; i < CONNECTIONS; i++) {
        Exchanger exchanger = new Exchanger();
        clients.add(exchanger);
        Pump pump = Pump.connect(new Echo(), exchanger);
        pump.flush();
        pumps.add(pump);
      }
      requireExchanged(clients);
      return pumps;
    });
  }

  /**
   * {@value #CONNECTIONS} Netty embedded channels.
   *
   * @return the channels, kept until measured
   */
  @Benchmark
  public Object embeddedChannel() {
    return measure(() -> {
      List<EmbeddedChannel> channels = new ArrayList<>(CONNECTIONS);
      for (int i = 0; i < CONNECTIONS; i++) {
        EmbeddedChannel channel = new EmbeddedChannel(new NettyEcho());
        channel.writeInbound(Unpooled.wrappedBuffer(new byte[SimulatedConnectionBenchmark.SIZE]));
        ByteBuf echoed = channel.readOutbound();
        if (echoed.readableBytes() != SimulatedConnectionBenchmark.SIZE) {
          throw new IllegalStateException("echoed " + echoed.readableBytes());
        }
        echoed.release();
        channels.add(channel);
      }
      return channels;
    });
  }

  private static Object measure(Supplier<Object> build) {
    long before = usedAfterGc();
    Object built = build.get();
    long after = usedAfterGc();
    Reference.reachabilityFence(built);
    // JMH has no per-iteration gauge (an AuxCounters EVENTS counter sums the iterations): the
    // figure is printed with each iteration's line.
    System.out.println("heap kept: " + (after - before) + " bytes for " + CONNECTIONS
        + " connections, " + (after - before) / CONNECTIONS + " per connection");
    return built;
  }

  private static long usedAfterGc() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return MEMORY.getHeapMemoryUsage().getUsed();
  }

  private static void requireExchanged(List<Exchanger> clients) {
    for (Exchanger c : clients) {
      if (c.received != SimulatedConnectionBenchmark.SIZE) {
        throw new IllegalStateException("a client received " + c.received + " bytes");
      }
    }
  }

  /** Sends 64 bytes and keeps the connection open once they are echoed back. */
  static final class Exchanger extends BaseProtocol {
    int received;

    @Override
    public void connectionMade() {
      transport().write(new byte[SimulatedConnectionBenchmark.SIZE]);
    }

    @Override
    public void dataReceived(ByteBuffer data) {
      received += data.remaining();
    }
  }
}
