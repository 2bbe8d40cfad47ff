package dev.weft.benchmarks.scale;

import dev.weft.reactor.BaseProtocol;
import dev.weft.reactor.ListeningPort;
import dev.weft.reactor.ProtocolFactory;
import dev.weft.reactor.PullProducer;
import dev.weft.reactor.Transport;
import dev.weft.reactor.nio.NioReactor;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.DefaultFileRegion;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Serves one large file (1 GiB by default, a temporary file deleted at the end) to a loopback
 * client that reads and discards it, and reports MB/s and the server thread's CPU per GiB, for:
 * Weft's {@code Transport.sendFile} (transferTo, so sendfile), Weft copying the file through the
 * heap (a pull producer writing 64 KiB reads, the way a server without file regions does it),
 * and Netty's {@code DefaultFileRegion} on its NIO and epoll transports. Rounds interleave the
 * servers; the figures are medians over rounds. Server and client run in this JVM, each on one
 * thread, sharing the machine's cores.
 *
 * <p>Properties: {@code bench.fileBytes} (default 1 GiB), {@code bench.rounds} (default 3).
 */
public final class FileServeBench {
  private static final String THREAD = "filebench";

  private FileServeBench() {}

  /** A server of one file; {@link #close()} stops it. */
  private interface FileServer extends AutoCloseable {
    int port();

    @Override
    void close() throws Exception;
  }

  /**
   * Runs the benchmark and prints the table.
   *
   * @param args none
   * @throws Exception if a server cannot start or the file cannot be written
   */
  public static void main(String[] args) throws Exception {
    long size = Long.getLong("bench.fileBytes", 1L << 30);
    int rounds = Integer.getInteger("bench.rounds", 3);
    Path file = Files.createTempFile("weft-file-bench", ".bin");
    try {
      write(file, size);
      Map<String, List<double[]>> results = new LinkedHashMap<>();
      List<String> kinds = new ArrayList<>(List.of("Weft sendFile", "Weft heap copy", "Netty NIO region"));
      if (Epoll.isAvailable()) {
        kinds.add("Netty epoll region");
      }
      for (int round = 1; round <= rounds; round++) {
        for (String kind : kinds) {
          try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
              FileServer server = start(kind, channel)) {
            double[] figures = fetch(server.port(), size);
            results.computeIfAbsent(kind, k -> new ArrayList<>()).add(figures);
            System.out.printf("round %d %-20s %8.0f MB/s %8.1f ms CPU/GiB%n",
                round, kind, figures[0], figures[1]);
          }
        }
      }
      System.out.printf("%nmedians over %d rounds, %d bytes per fetch%n", rounds, size);
      System.out.printf("| server | MB/s | server CPU ms per GiB |%n|---|---|---|%n");
      for (Map.Entry<String, List<double[]>> e : results.entrySet()) {
        double[] mbs = e.getValue().stream().mapToDouble(f -> f[0]).toArray();
        double[] cpu = e.getValue().stream().mapToDouble(f -> f[1]).toArray();
        System.out.printf("| %s | %,.0f | %,.1f |%n",
            e.getKey(), ServerThreads.median(mbs), ServerThreads.median(cpu));
      }
    } finally {
      Files.deleteIfExists(file);
    }
  }

  private static void write(Path file, long size) throws IOException {
    ByteBuffer block = ByteBuffer.allocateDirect(1 << 20);
    for (int i = 0; i < block.capacity(); i++) {
      block.put(i, (byte) (i * 31 + (i >> 9)));
    }
    try (FileChannel out = FileChannel.open(file, StandardOpenOption.WRITE)) {
      for (long at = 0; at < size; ) {
        block.clear().limit((int) Math.min(block.capacity(), size - at));
        at += out.write(block, at);
      }
    }
  }

  /** Fetches the whole file once; returns MB/s and server CPU ms per GiB. */
  private static double[] fetch(int port, long size) throws IOException {
    ByteBuffer sink = ByteBuffer.allocateDirect(1 << 20);
    long cpuBefore = ServerThreads.cpuNanos(THREAD);
    long start = System.nanoTime();
    long got = 0;
    try (SocketChannel client = SocketChannel.open(new InetSocketAddress("127.0.0.1", port))) {
      int n;
      while ((n = client.read(sink.clear())) >= 0) {
        got += n;
      }
    }
    long nanos = System.nanoTime() - start;
    long cpu = ServerThreads.cpuNanos(THREAD) - cpuBefore;
    if (got != size) {
      throw new IllegalStateException("received " + got + " of " + size + " bytes");
    }
    double mbs = size / 1e6 / (nanos / 1e9);
    double cpuMsPerGiB = cpu / 1e6 * ((1L << 30) / (double) size);
    return new double[] {mbs, cpuMsPerGiB};
  }

  private static FileServer start(String kind, FileChannel file) throws Exception {
    return switch (kind) {
      case "Weft sendFile" -> weft(file, false);
      case "Weft heap copy" -> weft(file, true);
      case "Netty NIO region" -> netty(file, false);
      case "Netty epoll region" -> netty(file, true);
      default -> throw new IllegalArgumentException("unknown server: " + kind);
    };
  }

  private static FileServer weft(FileChannel file, boolean copy) throws Exception {
    long size = file.size();
    NioReactor reactor = NioReactor.builder().threadName(THREAD + "-weft").build();
    ListeningPort port = reactor.listenTCP(0, ProtocolFactory.of(() -> new BaseProtocol() {
      @Override
      public void connectionMade() {
        if (copy) {
          transport().registerProducer(new CopyingProducer(file, size, transport()), false);
        } else {
          transport().sendFile(file, 0, size);
          transport().loseConnection();
        }
      }

      @Override
      public void dataReceived(ByteBuffer data) {}
    }), 50, "127.0.0.1");
    reactor.start();
    return new FileServer() {
      @Override
      public int port() {
        return port.host().getPort();
      }

      @Override
      public void close() throws Exception {
        reactor.stop();
        reactor.awaitTermination(Duration.ofSeconds(10));
      }
    };
  }

  /** Reads 64 KiB at a time into the heap and writes it: sending a file without file regions. */
  private static final class CopyingProducer implements PullProducer {
    private final FileChannel file;
    private final long size;
    private final Transport transport;
    private final ByteBuffer chunk = ByteBuffer.allocate(64 * 1024);
    private long sent;

    CopyingProducer(FileChannel file, long size, Transport transport) {
      this.file = file;
      this.size = size;
      this.transport = transport;
    }

    @Override
    public void resumeProducing() {
      if (sent >= size) {
        transport.unregisterProducer();
        transport.loseConnection();
        return;
      }
      try {
        chunk.clear();
        int n = file.read(chunk, sent);
        chunk.flip();
        sent += n;
        transport.write(chunk);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public void stopProducing() {}
  }

  private static FileServer netty(FileChannel file, boolean epoll) throws Exception {
    long size = file.size();
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(1,
        new DefaultThreadFactory(THREAD + "-netty"),
        epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
    Channel server = new ServerBootstrap()
        .group(group)
        .channel(epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class)
        .childHandler(new ChannelInitializer<Channel>() {
          @Override
          protected void initChannel(Channel ch) {
            ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
              @Override
              public void channelActive(ChannelHandlerContext ctx) {
                // The region closes the channel when released; each round opens its own.
                ctx.writeAndFlush(new DefaultFileRegion(file, 0, size))
                    .addListener(ChannelFutureListener.CLOSE);
              }
            });
          }
        })
        .bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
    return new FileServer() {
      @Override
      public int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
      }

      @Override
      public void close() throws Exception {
        server.close().sync();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
      }
    };
  }
}
