package dev.weft.benchmarks.jmh;

import dev.weft.reactor.BaseProtocol;
import dev.weft.reactor.ClientFactory;
import dev.weft.reactor.ConnectionClosedException;
import dev.weft.reactor.ConnectionEndedException;
import dev.weft.reactor.ProtocolFactory;
import dev.weft.reactor.testing.Clock;
import dev.weft.reactor.testing.MemoryListeningPort;
import dev.weft.reactor.testing.MemoryReactor;
import dev.weft.reactor.testing.Pump;
import dev.weft.reactor.testing.net.Host;
import dev.weft.reactor.testing.net.Network;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What one complete connection test costs on each fake, from nothing to the final check, with
 * 64 bytes each way: an echo server, a client that writes 64 bytes, reads the echo and closes,
 * and a check that both ends saw a clean close.
 *
 * <ul>
 *   <li>{@link #network()}: a new {@link Network} with two hosts; the client host connects to the
 *       server host by name (resolved through the network's table), and the bytes, the SYN,
 *       the FIN travel links on the Clock (1 ms latency, fake) until the network is idle.
 *   <li>{@link #networkWithoutCallSites()}: the same on a Clock that notes no call sites.
 *   <li>{@link #networkWithoutConnection()}: the same network, hosts and listener, without the
 *       connection, to tell what the setup costs from what the connection costs.
 *   <li>{@link #pump()}: the two protocols joined by {@link Pump#connect}.
 *   <li>{@link #memoryReactor()}: a lone {@link MemoryReactor}: the test connects the recorded
 *       attempt to the recorded port and flushes the pump.
 *   <li>{@link #embeddedChannel()}: the same job on Netty's {@link EmbeddedChannel}, the way a
 *       Netty handler test runs: the echo handler in a new channel, 64 bytes written inbound,
 *       the echo read outbound and checked, the channel closed and the handler's
 *       {@code channelInactive} checked. It has no client side, so it does less than the Weft
 *       tests.
 * </ul>
 *
 * <p>Run: {@code ./mvnw -q -Pjmh -DskipTests -pl benchmarks -am package
 * -Djmh.args="SimulatedConnectionBenchmark"}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SimulatedConnectionBenchmark {
  static final int SIZE = 64;
  private static final byte[] PAYLOAD = new byte[SIZE];

  static {
    Arrays.fill(PAYLOAD, (byte) 'w');
  }

  /**
   * The test on a simulated network: resolve, connect, 64 B each way, close.
   *
   * @return the network, so the work is not optimised away
   */
  @Benchmark
  public Network network() {
    return echoOnce(Network.create(1));
  }

  /**
   * {@link #network()} on a Clock that notes no call sites ({@code Clock.captureCallSites(false)}):
   * what the stack walk that names the user's line in a dirty-reactor report costs.
   *
   * @return the network, so the work is not optimised away
   */
  @Benchmark
  public Network networkWithoutCallSites() {
    return echoOnce(
        Network.builder().seed(1).clock(new Clock().captureCallSites(false)).build());
  }

  /** Two hosts on {@code network}, one echo exchange by name between them, checked. */
  private static Network echoOnce(Network network) {
    Host server = network.host("server");
    Host client = network.host("client");
    Echo echo = new Echo();
    Client writer = new Client();
    server.reactor().listenTCP(80, ProtocolFactory.of(() -> echo));
    client.reactor().connectTCP("server", 80, ClientFactory.of(() -> writer));
    network.runUntilIdle();
    check(echo, writer);
    return network;
  }

  /**
   * Only what {@link #network()} builds before the connection: the network, its two hosts, the
   * listening port. The difference from {@link #network()} is the connection itself.
   *
   * @return the network, so the work is not optimised away
   */
  @Benchmark
  public Network networkWithoutConnection() {
    Network network = Network.create(1);
    Host server = network.host("server");
    network.host("client");
    Echo echo = new Echo();
    server.reactor().listenTCP(80, ProtocolFactory.of(() -> echo));
    network.runUntilIdle();
    return network;
  }

  /**
   * The test on a bare {@link Pump}.
   *
   * @return the pump, so the work is not optimised away
   */
  @Benchmark
  public Pump pump() {
    return pumpOnce(PAYLOAD);
  }

  /** The echo exchange of {@code payload} on a bare {@link Pump}, checked. */
  static Pump pumpOnce(byte[] payload) {
    Echo echo = new Echo();
    Client writer = new Client(payload);
    Pump pump = Pump.connect(echo, writer);
    pump.flush();
    check(echo, writer);
    return pump;
  }

  /**
   * The test through a {@link MemoryReactor}'s recorded port and connection attempt.
   *
   * @return the reactor, so the work is not optimised away
   */
  @Benchmark
  public MemoryReactor memoryReactor() {
    return memoryReactorOnce(PAYLOAD);
  }

  /** The echo exchange of {@code payload} through a lone {@link MemoryReactor}, checked. */
  static MemoryReactor memoryReactorOnce(byte[] payload) {
    MemoryReactor reactor = new MemoryReactor();
    Echo echo = new Echo();
    Client writer = new Client(payload);
    MemoryListeningPort port =
        (MemoryListeningPort) reactor.listenTCP(8080, ProtocolFactory.of(() -> echo));
    reactor.connectTCP("127.0.0.1", 8080, ClientFactory.of(() -> writer));
    reactor.lastClientAttempt().connectTo(port).flush();
    check(echo, writer);
    return reactor;
  }

  /**
   * The same job on Netty's {@link EmbeddedChannel}: echo handler, 64 B in, 64 B out, close.
   *
   * @return the channel, so the work is not optimised away
   */
  @Benchmark
  public EmbeddedChannel embeddedChannel() {
    NettyEcho echo = new NettyEcho();
    EmbeddedChannel channel = new EmbeddedChannel(echo);
    channel.writeInbound(Unpooled.wrappedBuffer(PAYLOAD));
    ByteBuf echoed = channel.readOutbound();
    int received = echoed.readableBytes();
    echoed.release();
    channel.close();
    if (received != SIZE || !echo.inactive) {
      throw new IllegalStateException(
          "EmbeddedChannel test failed: received " + received + ", inactive " + echo.inactive);
    }
    return channel;
  }

  /** Fails unless the client read its whole echo and both ends saw a clean close. */
  private static void check(Echo echo, Client client) {
    if (client.received != client.payload.length
        || !(client.reason instanceof ConnectionClosedException)
        || !(echo.reason instanceof ConnectionClosedException)) {
      throw new IllegalStateException(
          "fake connection test failed: received " + client.received + ", client "
              + client.reason + ", server " + echo.reason);
    }
  }

  /** Echoes what it receives and remembers why it ended. */
  static final class Echo extends BaseProtocol {
    @Nullable ConnectionEndedException reason;

    @Override
    public void dataReceived(ByteBuffer data) {
      transport().write(data);
    }

    @Override
    public void connectionLost(ConnectionEndedException reason) {
      this.reason = reason;
    }
  }

  /** Sends its payload (64 bytes unless told), closes once it is echoed back, remembers why. */
  static final class Client extends BaseProtocol {
    final byte[] payload;
    int received;
    @Nullable ConnectionEndedException reason;

    Client() {
      this(PAYLOAD);
    }

    Client(byte[] payload) {
      this.payload = payload;
    }

    @Override
    public void connectionMade() {
      transport().write(payload);
    }

    @Override
    public void dataReceived(ByteBuffer data) {
      received += data.remaining();
      if (received == payload.length) {
        transport().loseConnection();
      }
    }

    @Override
    public void connectionLost(ConnectionEndedException reason) {
      this.reason = reason;
    }
  }

  /** Netty's echo handler: writes back what it reads; remembers the channel going inactive. */
  static final class NettyEcho extends ChannelInboundHandlerAdapter {
    boolean inactive;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ctx.writeAndFlush(msg);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      inactive = true;
      ctx.fireChannelInactive();
    }
  }
}
