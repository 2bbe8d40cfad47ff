package dev.weft.benchmarks;

import dev.weft.reactor.nio.NioReactor;
import dev.weft.reactor.udp.BaseDatagramProtocol;
import dev.weft.reactor.udp.DatagramTransport;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.ChannelOption;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.util.ResourceLeakDetector;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * UDP echo packets per second, Weft's {@code NioReactor} beside Netty's NIO datagram channel in
 * the same run: each server is an echo on one event-loop thread bound to 127.0.0.1; one client
 * thread keeps {@value #WINDOW} datagrams in flight on a connected {@link DatagramChannel} and
 * counts the echoes that come back inside the measured window. A window refills after
 * {@value #REFILL_MILLIS} ms of silence, so a datagram lost by a full socket buffer costs time,
 * not the run. Servers alternate within each round, sizes 64 and 1,400 bytes; the table shows the
 * median of the rounds.
 *
 * <p>Run: {@code ./mvnw -q -Pudp-bench -DskipTests -pl benchmarks -am package} (add
 * {@code -Dbench.mode=quick} for a smoke test).
 */
public final class UdpEchoBench {
  static final int WINDOW = 16;
  static final int REFILL_MILLIS = 20;
  private static final int[] SIZES = {64, 1400};

  private UdpEchoBench() {}

  /** A UDP echo server under test. */
  interface Server extends AutoCloseable {
    InetSocketAddress address();

    @Override
    void close() throws Exception;
  }

  /** The echo on Weft: the datagram written straight back, no copy of its own. */
  static final class WeftEcho extends BaseDatagramProtocol {
    @Override
    public void datagramReceived(ByteBuffer datagram, InetSocketAddress sender) {
      transport().write(datagram, sender);
    }
  }

  static Server weft() {
    NioReactor reactor = NioReactor.builder().threadName("weft-udp-echo").build();
    DatagramTransport port = reactor.listenUDP(0, new WeftEcho(), "127.0.0.1", 2048);
    reactor.start();
    return new Server() {
      @Override
      public InetSocketAddress address() {
        return port.host();
      }

      @Override
      public void close() throws Exception {
        reactor.stop();
        reactor.awaitTermination(Duration.ofSeconds(10));
      }
    };
  }

  /** Netty's echo: the received buffer sent back, flushed once per read batch. */
  static final class NettyEcho extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      DatagramPacket packet = (DatagramPacket) msg;
      ctx.write(new DatagramPacket(packet.content(), packet.sender()));
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
      ctx.flush();
    }
  }

  static Server nettyNio() throws InterruptedException {
    ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    Channel channel = new Bootstrap().group(group).channel(NioDatagramChannel.class)
        .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(2048))
        .handler(new NettyEcho())
        .bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
    return new Server() {
      @Override
      public InetSocketAddress address() {
        return (InetSocketAddress) channel.localAddress();
      }

      @Override
      public void close() throws Exception {
        channel.close().sync();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
      }
    };
  }

  /**
   * Keeps {@link #WINDOW} datagrams in flight to {@code server} for {@code warmup} then
   * {@code measure}, and returns the echoes per second counted during {@code measure}.
   */
  static double run(InetSocketAddress server, int size, Duration warmup, Duration measure)
      throws IOException {
    try (DatagramChannel client = DatagramChannel.open();
        Selector selector = Selector.open()) {
      client.bind(new InetSocketAddress("127.0.0.1", 0));
      client.connect(server);
      client.configureBlocking(false);
      client.register(selector, SelectionKey.OP_READ);
      ByteBuffer out = ByteBuffer.allocateDirect(size);
      ByteBuffer in = ByteBuffer.allocateDirect(4096);
      long start = System.nanoTime();
      long measureFrom = start + warmup.toNanos();
      long end = measureFrom + measure.toNanos();
      long counted = 0;
      int inFlight = 0;
      long lastEcho = start;
      while (true) {
        long now = System.nanoTime();
        if (now >= end) {
          break;
        }
        if (now - lastEcho > TimeUnit.MILLISECONDS.toNanos(REFILL_MILLIS)) {
          inFlight = 0; // the rest was lost: refill the window
          lastEcho = now;
        }
        while (inFlight < WINDOW) {
          out.clear();
          if (client.write(out) == 0) {
            break;
          }
          inFlight++;
        }
        selector.select(5);
        selector.selectedKeys().clear();
        while (true) {
          in.clear();
          SocketAddress from;
          try {
            from = client.receive(in);
          } catch (java.net.PortUnreachableException e) {
            throw new IOException("the server is not there: " + server, e);
          }
          if (from == null) {
            break;
          }
          inFlight = Math.max(0, inFlight - 1);
          lastEcho = System.nanoTime();
          if (lastEcho >= measureFrom && lastEcho < end) {
            counted++;
          }
        }
      }
      return counted / (measure.toNanos() / 1e9);
    }
  }

  /**
   * Runs the comparison and prints the table.
   *
   * @param args {@code quick} for a smoke test of a few seconds
   * @throws Exception if a server cannot start
   */
  public static void main(String[] args) throws Exception {
    boolean quick = args.length > 0 && args[0].equals("quick");
    int rounds = quick ? 1 : 5;
    Duration warmup = quick ? Duration.ofMillis(300) : Duration.ofSeconds(2);
    Duration measure = quick ? Duration.ofMillis(700) : Duration.ofSeconds(5);
    Map<String, List<Double>> results = new LinkedHashMap<>();
    for (int round = 1; round <= rounds; round++) {
      for (int size : SIZES) {
        for (String name : List.of("Weft NIO", "Netty NIO")) {
          try (Server server = name.startsWith("Weft") ? weft() : nettyNio()) {
            double pps = run(server.address(), size, warmup, measure);
            results.computeIfAbsent(name + " " + size + " B", k -> new ArrayList<>()).add(pps);
            System.out.printf(Locale.ROOT, "round %d  %-9s %5d B  %,12.0f packets/s%n",
                round, name, size, pps);
          }
        }
      }
    }
    System.out.printf(Locale.ROOT, "%n%-20s %16s%n", "UDP echo (" + rounds + " rounds)",
        "median packets/s");
    results.forEach((key, values) -> System.out.printf(Locale.ROOT, "%-20s %,16.0f%n", key,
        median(values)));
  }

  static double median(List<Double> values) {
    double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

}
