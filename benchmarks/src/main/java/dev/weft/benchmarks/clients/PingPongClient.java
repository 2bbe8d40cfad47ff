package dev.weft.benchmarks.clients;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Request/response load on one selector thread: each of {@code connections} sockets sends a
 * request, waits until {@code replyLength} bytes came back, records the round trip and sends the
 * next. Used for echo ping-pong (reply = request) and for HTTP keep-alive (one request in flight
 * per connection, like wrk without pipelining).
 *
 * <p>Bounded: it runs for the warm-up plus the measured window and no longer, and fails if no
 * reply arrives for {@link #STALL}.
 */
public final class PingPongClient {
  /** A server that answers nothing for this long is broken, not slow. */
  public static final Duration STALL = Duration.ofSeconds(5);

  private final SocketAddress server;
  private final int connections;
  private final byte[] request;
  private final int replyLength;

  /**
   * Creates a client; nothing is opened until {@link #run}.
   *
   * @param server the server's loopback address, or a UNIX-domain socket address
   * @param connections how many connections, each with one request in flight
   * @param request the request bytes
   * @param replyLength the length of each complete reply
   */
  public PingPongClient(SocketAddress server, int connections, byte[] request, int replyLength) {
    if (!(server instanceof java.net.UnixDomainSocketAddress)
        && !(server instanceof InetSocketAddress inet && inet.getAddress().isLoopbackAddress())) {
      throw new IllegalArgumentException(
          "server must be a loopback or UNIX-domain address: " + server);
    }
    if (connections < 1) {
      throw new IllegalArgumentException("connections must be at least 1: " + connections);
    }
    this.server = server;
    this.connections = connections;
    this.request = request.clone();
    this.replyLength = replyLength;
  }

  /** What one measured window produced. */
  public record Result(double perSecond, long p50Nanos, long p99Nanos) {}

  /**
   * Opens the connections, runs the warm-up and then the measured window, and closes them.
   *
   * @param warmup load not counted, to reach steady state
   * @param measure the counted window
   * @return round trips per second in the window, and their p50 and p99 latency
   * @throws IOException if a connection fails or the server stalls
   */
  public Result run(Duration warmup, Duration measure) throws IOException {
    return run(warmup, measure, () -> {}, () -> {});
  }

  /**
   * As {@link #run(Duration, Duration)}, telling the caller when the measured window opens and
   * closes (on this thread, between two selections), e.g. to read the server's CPU time.
   *
   * @param warmup load not counted
   * @param measure the counted window
   * @param windowOpens runs once when the warm-up ends
   * @param windowCloses runs once when the window ends, before the connections close
   * @return as {@link #run(Duration, Duration)}
   * @throws IOException as {@link #run(Duration, Duration)}
   */
  public Result run(Duration warmup, Duration measure, Runnable windowOpens, Runnable windowCloses)
      throws IOException {
    LatencyHistogram histogram = new LatencyHistogram();
    ByteBuffer readBuffer = ByteBuffer.allocateDirect(64 * 1024);
    List<SocketChannel> channels = new ArrayList<>(connections);
    try (Selector selector = Selector.open()) {
      for (int i = 0; i < connections; i++) {
        SocketChannel ch = SocketChannel.open(server);
        channels.add(ch);
        if (server instanceof InetSocketAddress) {
          ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
        }
        ch.configureBlocking(false);
        SelectionKey key = ch.register(selector, SelectionKey.OP_READ);
        key.attach(new Exchange(key, request));
      }
      long start = System.nanoTime();
      long measureFrom = start + warmup.toNanos();
      long end = measureFrom + measure.toNanos();
      long[] lastReply = {start};
      long[] counted = {0};
      for (SelectionKey key : selector.keys()) {
        ((Exchange) key.attachment()).send(start);
      }
      long now = start;
      boolean open = false;
      while (now < end) {
        if (!open && now >= measureFrom) {
          open = true;
          windowOpens.run();
        }
        selector.select(
            key -> {
              Exchange ex = (Exchange) key.attachment();
              try {
                if (key.isWritable()) {
                  ex.flush();
                }
                if (key.isReadable()) {
                  readBuffer.clear();
                  int n = ex.channel.read(readBuffer);
                  if (n < 0) {
                    throw new IOException("server closed a connection");
                  }
                  ex.received += n;
                  if (ex.received > replyLength) {
                    throw new IOException(
                        "reply longer than expected: " + ex.received + " > " + replyLength);
                  }
                  if (ex.received == replyLength) {
                    long t = System.nanoTime();
                    lastReply[0] = t;
                    if (t >= measureFrom && t < end) {
                      counted[0]++;
                      histogram.record(t - ex.sentAt);
                    }
                    ex.send(t);
                  }
                }
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            },
            100);
        now = System.nanoTime();
        if (now - lastReply[0] > STALL.toNanos()) {
          throw new IOException("no reply for " + STALL + " from " + server);
        }
      }
      windowCloses.run();
      double seconds = measure.toNanos() / 1e9;
      return new Result(
          counted[0] / seconds, histogram.percentile(0.50), histogram.percentile(0.99));
    } catch (UncheckedIOException e) {
      throw e.getCause();
    } finally {
      for (SocketChannel ch : channels) {
        ch.close();
      }
    }
  }

  /** One connection's request in flight. */
  private static final class Exchange {
    final SelectionKey key;
    final SocketChannel channel;
    final ByteBuffer out;
    long sentAt;
    int received;

    Exchange(SelectionKey key, byte[] request) {
      this.key = key;
      this.channel = (SocketChannel) key.channel();
      this.out = ByteBuffer.allocateDirect(request.length).put(request);
    }

    void send(long now) throws IOException {
      sentAt = now;
      received = 0;
      out.clear();
      flush();
    }

    void flush() throws IOException {
      channel.write(out);
      int ops = out.hasRemaining() ? SelectionKey.OP_READ | SelectionKey.OP_WRITE : SelectionKey.OP_READ;
      if (key.interestOps() != ops) {
        key.interestOps(ops);
      }
    }
  }
}
