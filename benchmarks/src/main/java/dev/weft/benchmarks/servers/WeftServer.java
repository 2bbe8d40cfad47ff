package dev.weft.benchmarks.servers;

import dev.weft.reactor.BaseProtocol;
import dev.weft.reactor.ConnectionEndedException;
import dev.weft.reactor.ListeningPort;
import dev.weft.reactor.ProtocolFactory;
import dev.weft.reactor.nio.NioReactor;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Weft's {@link NioReactor} serving echo and HTTP on its one loop thread, with protocols written
 * only against reactor-api, as a user would write them.
 */
public final class WeftServer implements BenchServer {
  private static final ByteBuffer RESPONSE =
      ByteBuffer.allocateDirect(HttpHello.RESPONSE.length).put(HttpHello.RESPONSE).flip()
          .asReadOnlyBuffer();
  private final NioReactor reactor;
  private final int echoPort;
  private final int httpPort;
  private final AtomicInteger connections = new AtomicInteger();

  private WeftServer(int backlog) {
    reactor = NioReactor.builder().threadName("weft-bench").build();
    // The building thread owns the reactor until start(), so the ports open here.
    ListeningPort echo =
        reactor.listenTCP(0, ProtocolFactory.of(() -> new Echo(connections)), backlog, "127.0.0.1");
    ListeningPort http =
        reactor.listenTCP(0, ProtocolFactory.of(() -> new Http(connections)), backlog, "127.0.0.1");
    echoPort = echo.host().getPort();
    httpPort = http.host().getPort();
    reactor.start();
  }

  /**
   * Starts a Weft server on its own reactor thread.
   *
   * @param backlog the listen backlog
   * @return the running server
   */
  public static WeftServer start(int backlog) {
    return new WeftServer(backlog);
  }

  @Override
  public int echoPort() {
    return echoPort;
  }

  @Override
  public int httpPort() {
    return httpPort;
  }

  @Override
  public int openConnections() {
    return connections.get();
  }

  @Override
  public void close() throws InterruptedException {
    reactor.stop();
    if (!reactor.awaitTermination(Duration.ofSeconds(10))) {
      throw new IllegalStateException("the reactor did not stop within 10 s: " + reactor);
    }
  }

  /** Counts connections; shared by both protocols. */
  private abstract static class Counting extends BaseProtocol {
    private final AtomicInteger connections;

    Counting(AtomicInteger connections) {
      this.connections = connections;
    }

    @Override
    public void connectionMade() {
      connections.incrementAndGet();
    }

    @Override
    public void connectionLost(ConnectionEndedException reason) {
      connections.decrementAndGet();
    }
  }

  private static final class Echo extends Counting {
    Echo(AtomicInteger connections) {
      super(connections);
    }

    @Override
    public void dataReceived(ByteBuffer data) {
      transport().write(data);
    }
  }

  private static final class Http extends Counting {
    private final HttpHello scanner = new HttpHello();

    Http(AtomicInteger connections) {
      super(connections);
    }

    @Override
    public void dataReceived(ByteBuffer data) {
      for (int i = data.position(), end = data.limit(); i < end; i++) {
        if (scanner.endsRequest(data.get(i))) {
          transport().write(RESPONSE);
        }
      }
    }
  }
}
