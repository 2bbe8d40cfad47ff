package dev.weft.benchmarks.servers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The floor: the smallest correct echo server on one {@link Selector} thread. It reads into one
 * reused direct buffer and writes straight back; only a partial write costs anything more (the
 * rest is copied aside and the key waits for {@code OP_WRITE} instead of reading, which is the
 * back-pressure). No timers, no task queue, no pipeline: what any selector design pays at least.
 */
public final class SelectorEchoServer implements BenchServer {
  private final Selector selector;
  private final ServerSocketChannel server;
  private final Thread loop;
  private final AtomicInteger connections = new AtomicInteger();
  private final ByteBuffer buffer = ByteBuffer.allocateDirect(64 * 1024);
  private volatile boolean running = true;

  private SelectorEchoServer(int backlog) throws IOException {
    selector = Selector.open();
    server = ServerSocketChannel.open();
    server.bind(new InetSocketAddress("127.0.0.1", 0), backlog);
    server.configureBlocking(false);
    server.register(selector, SelectionKey.OP_ACCEPT);
    loop = new Thread(this::run, "selector-echo");
    loop.start();
  }

  /**
   * Starts the server on its own thread.
   *
   * @param backlog the listen backlog
   * @return the running server
   * @throws IOException if the port cannot be opened
   */
  public static SelectorEchoServer start(int backlog) throws IOException {
    return new SelectorEchoServer(backlog);
  }

  private void run() {
    try {
      while (running) {
        selector.select(this::handle);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void handle(SelectionKey key) {
    try {
      if (key.isAcceptable()) {
        SocketChannel ch;
        while ((ch = server.accept()) != null) {
          ch.configureBlocking(false);
          ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
          ch.register(selector, SelectionKey.OP_READ);
          connections.incrementAndGet();
        }
        return;
      }
      SocketChannel ch = (SocketChannel) key.channel();
      if (key.isWritable()) {
        ByteBuffer pending = (ByteBuffer) key.attachment();
        ch.write(pending);
        if (!pending.hasRemaining()) {
          key.attach(null);
          key.interestOps(SelectionKey.OP_READ);
        }
      } else if (key.isReadable()) {
        buffer.clear();
        if (ch.read(buffer) < 0) {
          close(key);
          return;
        }
        buffer.flip();
        ch.write(buffer);
        if (buffer.hasRemaining()) {
          key.attach(ByteBuffer.allocate(buffer.remaining()).put(buffer).flip());
          key.interestOps(SelectionKey.OP_WRITE);
        }
      }
    } catch (IOException e) {
      close(key);
    }
  }

  private void close(SelectionKey key) {
    key.cancel();
    try {
      key.channel().close();
    } catch (IOException ignored) {
      // Closing a broken socket: nothing left to do with it.
    }
    connections.decrementAndGet();
  }

  @Override
  public int echoPort() {
    return server.socket().getLocalPort();
  }

  @Override
  public int httpPort() {
    return -1;
  }

  @Override
  public int openConnections() {
    return connections.get();
  }

  @Override
  public void close() throws IOException, InterruptedException {
    running = false;
    selector.wakeup();
    loop.join(5_000);
    for (SelectionKey key : selector.keys()) {
      key.channel().close();
    }
    selector.close();
  }
}
