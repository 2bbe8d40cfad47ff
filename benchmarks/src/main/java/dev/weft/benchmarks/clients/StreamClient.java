package dev.weft.benchmarks.clients;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;

/**
 * Pushes a stream through an echo server on one connection and reads it all back, writing and
 * reading concurrently on one selector thread. Bounded by a deadline and a stall check.
 */
public final class StreamClient {
  private static final int CHUNK = 64 * 1024;

  private StreamClient() {}

  /**
   * Streams {@code bytes} through the echo server at {@code server}.
   *
   * @param server the echo server's loopback address
   * @param bytes how many bytes to send (and expect back)
   * @param deadline the longest the transfer may take
   * @return megabytes (10^6 bytes) per second echoed, counting each byte once
   * @throws IOException if the connection fails, the server stalls, or the deadline passes
   */
  public static double run(InetSocketAddress server, long bytes, Duration deadline)
      throws IOException {
    if (!server.getAddress().isLoopbackAddress()) {
      throw new IllegalArgumentException("server must be a loopback address: " + server);
    }
    ByteBuffer out = ByteBuffer.allocateDirect(CHUNK);
    for (int i = 0; i < CHUNK; i++) {
      out.put((byte) i);
    }
    ByteBuffer in = ByteBuffer.allocateDirect(CHUNK);
    try (Selector selector = Selector.open();
        SocketChannel ch = SocketChannel.open(server)) {
      ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
      ch.configureBlocking(false);
      SelectionKey key = ch.register(selector, SelectionKey.OP_READ | SelectionKey.OP_WRITE);
      long sent = 0;
      long received = 0;
      long start = System.nanoTime();
      long end = start + deadline.toNanos();
      long lastProgress = start;
      while (received < bytes) {
        boolean ready = selector.select(100) > 0;
        selector.selectedKeys().clear();
        long now = System.nanoTime();
        if (ready && key.isWritable()) {
          int n;
          do {
            out.clear();
            out.limit((int) Math.min(CHUNK, bytes - sent));
            n = ch.write(out);
            sent += n;
          } while (n > 0 && sent < bytes);
          if (sent == bytes) {
            key.interestOps(SelectionKey.OP_READ);
          }
        }
        if (ready && key.isReadable()) {
          int n;
          while ((n = ch.read(in.clear())) > 0) {
            received += n;
            lastProgress = now;
          }
          if (n < 0) {
            throw new IOException("server closed the stream after " + received + " bytes");
          }
        }
        if (now > end) {
          throw new IOException("stream not done within " + deadline + ": " + received + " bytes");
        }
        if (now - lastProgress > PingPongClient.STALL.toNanos()) {
          throw new IOException("stream stalled after " + received + " bytes");
        }
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      return bytes / seconds / 1e6;
    }
  }
}
