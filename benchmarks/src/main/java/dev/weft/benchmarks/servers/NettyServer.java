package dev.weft.benchmarks.servers;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.ResourceLeakDetector;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Netty 4.2 serving echo and HTTP on one event loop (accept and I/O on the same thread), with the
 * NIO or the epoll transport, written the way Netty's own examples write them: the received
 * buffer is written back as is, and flushed once per read batch.
 */
public final class NettyServer implements BenchServer {
  private final EventLoopGroup group;
  private final Channel echo;
  private final Channel http;
  private final AtomicInteger connections = new AtomicInteger();

  private NettyServer(boolean epoll, int backlog) throws InterruptedException {
    // Netty's default samples 1% of buffers for leak tracking; benchmarks of Netty turn it off.
    ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
    if (epoll) {
      Epoll.ensureAvailability();
    }
    IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
    Class<? extends ServerChannel> channel =
        epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    group = new MultiThreadIoEventLoopGroup(1, io);
    InetSocketAddress loopback = new InetSocketAddress("127.0.0.1", 0);
    echo = bootstrap(channel, backlog, () -> new Echo(connections)).bind(loopback).sync().channel();
    http = bootstrap(channel, backlog, () -> new Http(connections)).bind(loopback).sync().channel();
  }

  /**
   * Starts a Netty server on its own single-thread event loop.
   *
   * @param epoll {@code true} for the epoll transport, {@code false} for NIO
   * @param backlog the listen backlog
   * @return the running server
   * @throws InterruptedException if interrupted while binding
   */
  public static NettyServer start(boolean epoll, int backlog) throws InterruptedException {
    return new NettyServer(epoll, backlog);
  }

  private ServerBootstrap bootstrap(
      Class<? extends ServerChannel> channel, int backlog, Supplier<ChannelHandler> handler) {
    return new ServerBootstrap()
        .group(group)
        .channel(channel)
        .option(ChannelOption.SO_BACKLOG, backlog)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childHandler(
            new ChannelInitializer<Channel>() {
              @Override
              protected void initChannel(Channel ch) {
                ch.pipeline().addLast(handler.get());
              }
            });
  }

  @Override
  public int echoPort() {
    return ((InetSocketAddress) echo.localAddress()).getPort();
  }

  @Override
  public int httpPort() {
    return ((InetSocketAddress) http.localAddress()).getPort();
  }

  @Override
  public int openConnections() {
    return connections.get();
  }

  @Override
  public void close() throws InterruptedException {
    echo.close().sync();
    http.close().sync();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
  }

  /** Counts connections; shared by both handlers. */
  private abstract static class Counting extends ChannelInboundHandlerAdapter {
    private final AtomicInteger connections;

    Counting(AtomicInteger connections) {
      this.connections = connections;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
      connections.incrementAndGet();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      connections.decrementAndGet();
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
      ctx.flush();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }
  }

  private static final class Echo extends Counting {
    Echo(AtomicInteger connections) {
      super(connections);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ctx.write(msg, ctx.voidPromise());
    }
  }

  private static final class Http extends Counting {
    private static final ByteBuf RESPONSE =
        Unpooled.unreleasableBuffer(
            Unpooled.directBuffer(HttpHello.RESPONSE.length).writeBytes(HttpHello.RESPONSE));
    private final HttpHello scanner = new HttpHello();

    Http(AtomicInteger connections) {
      super(connections);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ByteBuf in = (ByteBuf) msg;
      try {
        for (int i = in.readerIndex(), end = in.writerIndex(); i < end; i++) {
          if (scanner.endsRequest(in.getByte(i))) {
            ctx.write(RESPONSE.duplicate(), ctx.voidPromise());
          }
        }
      } finally {
        in.release();
      }
    }
  }
}
