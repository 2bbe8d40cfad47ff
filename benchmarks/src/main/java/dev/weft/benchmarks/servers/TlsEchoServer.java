package dev.weft.benchmarks.servers;

import dev.weft.reactor.BaseProtocol;
import dev.weft.reactor.ListeningPort;
import dev.weft.reactor.ProtocolFactory;
import dev.weft.reactor.nio.NioReactor;
import dev.weft.reactor.tls.TlsConfig;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ResourceLeakDetector;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;

/**
 * A TLS echo server on one event-loop thread in this JVM, Weft's or Netty's, both on the JDK's
 * TLS provider with the same {@link SSLContext}, so the TLS comparison measures the layers and
 * not the crypto. Each reports the CPU time its loop thread has used, the figure the load of
 * other processes disturbs least.
 */
public abstract sealed class TlsEchoServer implements AutoCloseable {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private final long loopThreadId;
  private final String loopNativeId;

  TlsEchoServer(long loopThreadId, String loopNativeId) {
    this.loopThreadId = loopThreadId;
    this.loopNativeId = loopNativeId;
  }

  /**
   * Starts Weft's {@code NioReactor} with {@code listenTLS} and an echo that registers its
   * transport as its own producer (back-pressure with no code).
   *
   * @param context the server's context
   * @return the running server
   * @throws Exception if it cannot start
   */
  public static TlsEchoServer weft(SSLContext context) throws Exception {
    return Weft.start(context);
  }

  /**
   * Starts Netty NIO with an {@link SslHandler} over an engine from {@code context} (Netty's
   * JDK provider path), and an echo that writes each read back, flushes per read batch and
   * stops reading while the channel is not writable.
   *
   * @param context the server's context
   * @return the running server
   * @throws Exception if it cannot start
   */
  public static TlsEchoServer netty(SSLContext context) throws Exception {
    return Netty.start(context);
  }

  /**
   * Returns the loopback port the server listens on.
   *
   * @return the port
   */
  public abstract int port();

  /**
   * Returns the name for the result table.
   *
   * @return the label
   */
  public abstract String label();

  /**
   * Returns the CPU time the loop thread has used so far.
   *
   * @return nanoseconds
   */
  public long loopCpuNanos() {
    return THREADS.getThreadCpuTime(loopThreadId);
  }

  /**
   * Returns the loop thread's Linux thread id, the name of its entry under
   * {@code /proc/self/task}, so a harness can read how long it waited for a CPU.
   *
   * @return the id, or an empty string where {@code /proc} has none
   */
  public String loopNativeId() {
    return loopNativeId;
  }

  /** Reads the calling thread's Linux thread id; empty off Linux. */
  static String currentNativeId() {
    try {
      return Files.readSymbolicLink(Path.of("/proc/thread-self")).getFileName().toString();
    } catch (IOException | UnsupportedOperationException e) {
      return "";
    }
  }

  @Override
  public abstract void close() throws Exception;

  private static final class Weft extends TlsEchoServer {
    private final NioReactor reactor;
    private final int port;

    private Weft(NioReactor reactor, int port, long thread, String nativeId) {
      super(thread, nativeId);
      this.reactor = reactor;
      this.port = port;
    }

    static Weft start(SSLContext context) throws Exception {
      NioReactor reactor = NioReactor.builder().threadName("weft-tls-echo").build();
      reactor.start();
      CompletableFuture<int[]> started = new CompletableFuture<>();
      CompletableFuture<Long> thread = new CompletableFuture<>();
      CompletableFuture<String> nativeId = new CompletableFuture<>();
      reactor.callFromThread(() -> {
        try {
          thread.complete(Thread.currentThread().getId());
          nativeId.complete(currentNativeId());
          ListeningPort listening = reactor.listenTLS(0, ProtocolFactory.of(EchoBack::new),
              TlsConfig.server(context).build(), 1024, "127.0.0.1");
          started.complete(new int[] {listening.host().getPort()});
        } catch (RuntimeException e) {
          started.completeExceptionally(e);
        }
      });
      return new Weft(reactor, started.get(10, TimeUnit.SECONDS)[0], thread.get(10, TimeUnit.SECONDS),
          nativeId.get(10, TimeUnit.SECONDS));
    }

    @Override
    public int port() {
      return port;
    }

    @Override
    public String label() {
      return "Weft TlsLayer";
    }

    @Override
    public void close() throws Exception {
      reactor.stop();
      reactor.awaitTermination(Duration.ofSeconds(10));
    }
  }

  /** Weft's echo: the transport is the producer of its own output. */
  private static final class EchoBack extends BaseProtocol {
    @Override
    public void connectionMade() {
      transport().registerProducer(transport(), true);
    }

    @Override
    public void dataReceived(ByteBuffer data) {
      transport().write(data);
    }
  }

  private static final class Netty extends TlsEchoServer {
    private final EventLoopGroup group;
    private final Channel channel;

    private Netty(EventLoopGroup group, Channel channel, long thread, String nativeId) {
      super(thread, nativeId);
      this.group = group;
      this.channel = channel;
    }

    static Netty start(SSLContext context) throws Exception {
      ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
      EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
      long thread = group.submit(() -> Thread.currentThread().getId()).get(10, TimeUnit.SECONDS);
      String nativeId = group.submit(TlsEchoServer::currentNativeId).get(10, TimeUnit.SECONDS);
      Channel channel = new ServerBootstrap()
          .group(group)
          .channel(NioServerSocketChannel.class)
          .option(ChannelOption.SO_BACKLOG, 1024)
          .childOption(ChannelOption.TCP_NODELAY, true)
          .childHandler(new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
              SSLEngine engine = context.createSSLEngine();
              engine.setUseClientMode(false);
              ch.pipeline().addLast(new SslHandler(engine), new NettyEcho());
            }
          })
          .bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
      return new Netty(group, channel, thread, nativeId);
    }

    @Override
    public int port() {
      return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    @Override
    public String label() {
      return "Netty SslHandler";
    }

    @Override
    public void close() throws Exception {
      channel.close().sync();
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }
  }

  /** Netty's echo, written as its examples write it, plus reading paused while not writable. */
  private static final class NettyEcho extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ctx.write(msg, ctx.voidPromise());
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
      ctx.flush();
      if (!ctx.channel().isWritable()) {
        ctx.channel().config().setAutoRead(false);
      }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
      if (ctx.channel().isWritable()) {
        ctx.channel().config().setAutoRead(true);
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }
  }
}
