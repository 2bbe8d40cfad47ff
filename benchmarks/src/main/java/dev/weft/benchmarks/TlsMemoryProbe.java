package dev.weft.benchmarks;

import dev.weft.reactor.BaseProtocol;
import dev.weft.reactor.Producer;
import dev.weft.reactor.Protocol;
import dev.weft.reactor.Transport;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayDeque;
import dev.weft.reactor.testing.MemoryReactor;
import dev.weft.reactor.testing.Pump;
import dev.weft.reactor.testing.tls.TestCertificates;
import dev.weft.reactor.tls.TlsConfig;
import dev.weft.reactor.tls.TlsLayer;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What an idle TLS connection keeps on the heap: opens {@code n} connection pairs in memory
 * (plain, then under the TLS layer), measures the heap after a full collection, sends 256 KiB
 * each way on every TLS pair and measures again. A layer whose buffers grew with the traffic
 * would show it in the second TLS figure.
 *
 * <p>Run: {@code java -cp <benchmarks class path> dev.weft.benchmarks.TlsMemoryProbe [n]}, or
 * through the {@code tls-memory} execution of the bench profile.
 */
public final class TlsMemoryProbe {
  private static final int TRAFFIC = 256 * 1024;

  private TlsMemoryProbe() {}

  /**
   * Prints the heap retained per connection pair.
   *
   * @param args optional: the number of pairs, 500 by default
   */
  public static void main(String[] args) {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 500;
    TestCertificates certificates = TestCertificates.create("localhost");
    TlsConfig server = certificates.serverConfig();
    TlsConfig client = certificates.clientConfig();
    MemoryReactor reactor = new MemoryReactor();
    List<Pump> kept = new ArrayList<>();

    long start = usedAfterGc();
    for (int i = 0; i < n; i++) {
      Pump pump = Pump.connect(new Sink(), new Sink());
      pump.flush();
      kept.add(pump);
    }
    long plain = usedAfterGc();
    List<Pair> tls = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Sink serverSink = new Sink();
      Sink clientSink = new Sink();
      Pair pair = new Pair(
          TlsLayer.wrap(serverSink, server, reactor, null, -1),
          TlsLayer.wrap(clientSink, client, reactor, "localhost", 443));
      pair.flush();
      tls.add(pair);
    }
    long handshaken = usedAfterGc();
    byte[] chunk = new byte[16 * 1024];
    for (Pair pair : tls) {
      Sink serverSide = (Sink) TlsLayer.unwrap(pair.server.protocol);
      Sink clientSide = (Sink) TlsLayer.unwrap(pair.client.protocol);
      for (int sent = 0; sent < TRAFFIC; sent += chunk.length) {
        clientSide.send(chunk);
        serverSide.send(chunk);
        pair.flush();
      }
      if (serverSide.received != TRAFFIC || clientSide.received != TRAFFIC) {
        throw new IllegalStateException("traffic lost: " + serverSide.received + ", " + clientSide.received);
      }
    }
    long afterTraffic = usedAfterGc();

    System.out.printf(Locale.ROOT, "%d connection pairs in memory (both ends on this heap)%n", n);
    System.out.printf(Locale.ROOT, "plain pair:                      %,8d bytes%n", (plain - start) / n);
    System.out.printf(Locale.ROOT, "TLS pair after the handshake:    %,8d bytes%n", (handshaken - plain) / n);
    System.out.printf(Locale.ROOT, "TLS pair after 256 KiB each way: %,8d bytes%n", (afterTraffic - plain) / n);
    if (kept.size() + tls.size() != 2 * n) {
      throw new IllegalStateException("lost a pump");
    }
  }

  /**
   * Two protocols joined by {@link QueueTransport}s, which keep nothing once delivered (a
   * {@code Pump}'s recording transports keep a history for assertions, which would be measured
   * instead of the layer).
   */
  static final class Pair {
    final QueueTransport server;
    final QueueTransport client;

    Pair(Protocol serverProtocol, Protocol clientProtocol) {
      server = new QueueTransport(serverProtocol, 443);
      client = new QueueTransport(clientProtocol, 50000);
      serverProtocol.makeConnection(server);
      clientProtocol.makeConnection(client);
    }

    void flush() {
      while (client.deliverTo(server) | server.deliverTo(client)) {
        // until nothing moves
      }
    }
  }

  /** The least transport there is: written bytes wait in a queue until delivered. */
  static final class QueueTransport implements Transport {

    /** Reads the region through a bounded buffer and writes it at once. */
    @Override
    public dev.weft.reactor.Deferred<Void> sendFile(
        java.nio.channels.FileChannel file, long position, long count) {
      dev.weft.reactor.internal.FileRegionQueue.checkRegion(file, position, count);
      try {
        for (long sent = 0; sent < count; ) {
          java.nio.ByteBuffer chunk =
              dev.weft.reactor.internal.FileRegionQueue.readChunk(file, position + sent, count - sent);
          if (chunk == null) {
            throw new java.io.EOFException("file ended " + (count - sent) + " bytes early");
          }
          sent += chunk.remaining();
          write(chunk);
        }
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      return dev.weft.reactor.Deferred.succeeded(null);
    }
    final Protocol protocol;
    private final ArrayDeque<byte[]> queue = new ArrayDeque<>();
    private final SocketAddress address;
    private long pending;

    QueueTransport(Protocol protocol, int port) {
      this.protocol = protocol;
      this.address = new InetSocketAddress("127.0.0.1", port);
    }

    boolean deliverTo(QueueTransport peer) {
      boolean moved = false;
      byte[] bytes;
      while ((bytes = queue.poll()) != null) {
        pending -= bytes.length;
        peer.protocol.dataReceived(ByteBuffer.wrap(bytes).asReadOnlyBuffer());
        moved = true;
      }
      return moved;
    }

    @Override
    public void write(ByteBuffer data) {
      byte[] bytes = new byte[data.remaining()];
      data.duplicate().get(bytes);
      queue.add(bytes);
      pending += bytes.length;
    }

    @Override
    public void write(byte[] data) {
      write(ByteBuffer.wrap(data));
    }

    @Override
    public void loseConnection() {}

    @Override
    public void abortConnection() {}

    @Override
    public void loseWriteConnection() {}

    @Override
    public SocketAddress host() {
      return address;
    }

    @Override
    public SocketAddress peer() {
      return address;
    }

    @Override
    public boolean isDisconnecting() {
      return false;
    }

    @Override
    public long pendingBytes() {
      return pending;
    }

    @Override
    public boolean isWritable() {
      return true;
    }

    @Override
    public void registerProducer(Producer producer, boolean streaming) {}

    @Override
    public void unregisterProducer() {}

    @Override
    public void pauseProducing() {}

    @Override
    public void resumeProducing() {}

    @Override
    public void stopProducing() {}
  }

  private static long usedAfterGc() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  /** Counts what it receives and writes what it is told to. */
  static final class Sink extends BaseProtocol {
    long received;

    void send(byte[] data) {
      transport().write(data);
    }

    @Override
    public void dataReceived(ByteBuffer data) {
      received += data.remaining();
    }
  }
}
