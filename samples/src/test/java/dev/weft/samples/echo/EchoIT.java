package dev.weft.samples.echo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.reactor.BaseProtocol;
import dev.weft.reactor.ConnectionEndedException;
import dev.weft.reactor.ListeningPort;
import dev.weft.reactor.Protocol;
import dev.weft.reactor.Transport;
import dev.weft.reactor.endpoints.Endpoints;
import dev.weft.samples.NioHarness;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

class EchoIT {
  /** The default high-water mark and read buffer of a NioReactor. */
  private static final long HIGH_WATER_MARK = 64 * 1024;
  private static final long ONE_READ = 64 * 1024;
  /** What the peer tries to write, as the hostile client of issue 9 did. */
  private static final long FLOOD = 400L * 1024 * 1024;
  /** The longest the flood may take before the test gives up. */
  private static final long FLOOD_BOUND_NANOS = TimeUnit.SECONDS.toNanos(60);

  private static byte patternAt(long offset) {
    return (byte) (offset % 251);
  }

  /** Sends a payload and completes once the same number of bytes came back. */
  static final class Sender extends BaseProtocol {
    final byte[] payload;
    final ByteArrayOutputStream received = new ByteArrayOutputStream();
    final CompletableFuture<byte[]> echoed = new CompletableFuture<>();

    Sender(byte[] payload) {
      this.payload = payload;
    }

    @Override
    public void connectionMade() {
      transport().write(payload);
    }

    @Override
    public void dataReceived(ByteBuffer data) {
      byte[] bytes = new byte[data.remaining()];
      data.get(bytes);
      received.writeBytes(bytes);
      if (received.size() >= payload.length) {
        transport().loseConnection();
        echoed.complete(received.toByteArray());
      }
    }

    @Override
    public void connectionLost(ConnectionEndedException reason) {
      echoed.completeExceptionally(reason);
    }
  }

  /**
   * A raw socket that writes and never reads: the echo stops reading once its own buffer is at
   * its high-water mark, the kernel buffers fill, and the peer's writes stall long before 400 MB.
   * Then the peer reads, and every byte it wrote comes back in order.
   */
  @Test
  void aPeerThatWritesHundredsOfMegabytesAndNeverReadsCannotGrowTheServer() throws Exception {
    AtomicReference<Transport> serverSide = new AtomicReference<>();
    try (NioHarness nio = new NioHarness("echo-flood-it")) {
      ListeningPort port = nio.call(() ->
          Endpoints.server(nio.reactor(), "tcp:0:interface=127.0.0.1")
              .listen(peer -> capturing(new Echo(), serverSide)));
      long heapBefore = usedHeapAfterGc();

      try (SocketChannel peer = SocketChannel.open(
          new InetSocketAddress("127.0.0.1", port.host().getPort()))) {
        peer.configureBlocking(false);
        long written = flood(nio, peer, serverSide);
        long buffered = nio.run(() -> serverSide.get().pendingBytes());
        long heapGrowth = usedHeapAfterGc() - heapBefore;

        assertThat(written).as("the peer's writes stalled").isLessThan(FLOOD);
        assertThat(buffered).as("bytes the echo buffers")
            .isGreaterThan(HIGH_WATER_MARK)
            .isLessThanOrEqualTo(HIGH_WATER_MARK + ONE_READ);
        assertThat(heapGrowth).as("heap growth while flooded, after GC")
            .isLessThan(64L * 1024 * 1024);

        assertThat(readBack(peer, written)).as("bytes echoed in order").isEqualTo(written);
      }
    }
  }

  /** Writes the pattern until 400 MB are written or the echo stopped reading and writes stall. */
  private static long flood(NioHarness nio, SocketChannel peer, AtomicReference<Transport> server)
      throws Exception {
    ByteBuffer chunk = ByteBuffer.allocate(1024 * 1024);
    long written = 0;
    long deadline = System.nanoTime() + FLOOD_BOUND_NANOS;
    while (written < FLOOD) {
      chunk.clear();
      for (int i = 0; i < chunk.capacity(); i++) {
        chunk.put(i, patternAt(written + i));
      }
      int n = peer.write(chunk);
      written += n;
      if (n > 0) {
        continue;
      }
      // The socket is full. Above its high-water mark the echo has paused its own reading, and
      // it stays paused for good because this peer never reads: the flood is over.
      Transport t = server.get();
      if (t != null && nio.run(() -> t.pendingBytes() > HIGH_WATER_MARK)) {
        return written;
      }
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("the flood neither stalled nor finished within 60 s");
      }
      // Polling interval, not synchronisation: the state above decides.
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
    }
    return written;
  }

  /** Reads until {@code expected} bytes came back, checking the pattern; bounded. */
  private static long readBack(SocketChannel peer, long expected) throws Exception {
    ByteBuffer buffer = ByteBuffer.allocate(1024 * 1024);
    long read = 0;
    long deadline = System.nanoTime() + FLOOD_BOUND_NANOS;
    while (read < expected) {
      buffer.clear();
      int n = peer.read(buffer);
      if (n < 0) {
        throw new AssertionError("the echo closed after " + read + " of " + expected + " bytes");
      }
      for (int i = 0; i < n; i++) {
        if (buffer.get(i) != patternAt(read + i)) {
          throw new AssertionError("byte " + (read + i) + " came back wrong");
        }
      }
      read += n;
      if (n == 0) {
        if (System.nanoTime() - deadline > 0) {
          throw new AssertionError("only " + read + " of " + expected + " bytes came back in 60 s");
        }
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
      }
    }
    return read;
  }

  private static long usedHeapAfterGc() {
    Runtime runtime = Runtime.getRuntime();
    System.gc();
    return runtime.totalMemory() - runtime.freeMemory();
  }

  /** Wraps a protocol so that the test can read its transport's buffered bytes. */
  private static Protocol capturing(Protocol inner, AtomicReference<Transport> transport) {
    return new Protocol() {
      @Override
      public void makeConnection(Transport t) {
        transport.set(t);
        inner.makeConnection(t);
      }

      @Override
      public void dataReceived(ByteBuffer data) {
        inner.dataReceived(data);
      }

      @Override
      public void writabilityChanged(boolean writable) {
        inner.writabilityChanged(writable);
      }

      @Override
      public void connectionLost(ConnectionEndedException reason) {
        inner.connectionLost(reason);
      }
    };
  }

  @Test
  void echoesAMegabyteOverLoopback() throws Exception {
    byte[] payload = new byte[1 << 20];
    new Random(1).nextBytes(payload);
    Sender sender = new Sender(payload);
    try (NioHarness nio = new NioHarness("echo-it")) {
      ListeningPort port = nio.call(() ->
          Endpoints.server(nio.reactor(), "tcp:0:interface=127.0.0.1").listen(Echo.factory()));
      Protocol connected = nio.call(() ->
          Endpoints.client(nio.reactor(), "tcp:127.0.0.1:" + port.host().getPort())
              .connect(peer -> sender));

      assertThat(connected).isSameAs(sender);
      assertThat(NioHarness.await(sender.echoed)).isEqualTo(payload);
    }
  }
}
