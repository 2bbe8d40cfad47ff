package dev.weft.benchmarks.scale;

import dev.weft.benchmarks.clients.PingPongClient;
import dev.weft.reactor.BaseProtocol;
import dev.weft.reactor.ProtocolFactory;
import dev.weft.reactor.nio.NioReactorGroup;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Echo ping-pong (64-byte messages, one in flight per connection) against a {@code
 * NioReactorGroup} of 1 and of 2 reactors, in interleaved rounds: round trips per second and the
 * reactors' CPU per round trip (user and system time of their threads, read in this JVM). The
 * load client is {@link PingPongClient}: one thread, in this JVM, on the same cores.
 *
 * <p>Properties: {@code bench.rounds} (default 3), {@code bench.connections} (default 64),
 * {@code bench.seconds} (measured window, default 5; 2 s of warm-up before it), {@code
 * bench.clients} (client threads, default 1).
 */
public final class GroupEchoBench {
  private static final byte[] MESSAGE = new byte[64];

  private GroupEchoBench() {}

  /** Writes back whatever it receives. */
  static final class Echo extends BaseProtocol {
    @Override
    public void dataReceived(ByteBuffer data) {
      transport().write(data);
    }
  }

  /**
   * Runs the benchmark and prints the table.
   *
   * @param args none
   * @throws Exception if a server or the client fails
   */
  public static void main(String[] args) throws Exception {
    int rounds = Integer.getInteger("bench.rounds", 3);
    int connections = Integer.getInteger("bench.connections", 64);
    int clients = Integer.getInteger("bench.clients", 1);
    Duration measure = Duration.ofSeconds(Integer.getInteger("bench.seconds", 5));
    Map<Integer, List<double[]>> results = new LinkedHashMap<>();
    for (int round = 1; round <= rounds; round++) {
      for (int size : new int[] {1, 2}) {
        String prefix = "groupbench" + size + "r" + round;
        NioReactorGroup group = NioReactorGroup.builder().size(size).threadNamePrefix(prefix)
            .build();
        NioReactorGroup.GroupPort port =
            group.listenTCP(0, r -> ProtocolFactory.of(Echo::new), 1024, "127.0.0.1");
        group.start();
        try {
          double[] figures = load(port.host().getPort(), prefix, connections, clients, measure);
          results.computeIfAbsent(size, k -> new ArrayList<>()).add(figures);
          System.out.printf("round %d, %d reactor(s) (%s): %,10.0f round trips/s %8.0f ns CPU each%n",
              round, size, group.acceptMode(), figures[0], figures[1]);
        } finally {
          group.stop();
          group.awaitTermination(Duration.ofSeconds(10));
        }
      }
    }
    System.out.printf("%nmedians over %d rounds, %d connections, %d client thread(s)%n",
        rounds, connections, clients);
    System.out.printf("| reactors | round trips/s | server CPU ns per round trip |%n|---|---|---|%n");
    for (Map.Entry<Integer, List<double[]>> e : results.entrySet()) {
      System.out.printf("| %d | %,.0f | %,.0f |%n", e.getKey(),
          ServerThreads.median(e.getValue().stream().mapToDouble(f -> f[0]).toArray()),
          ServerThreads.median(e.getValue().stream().mapToDouble(f -> f[1]).toArray()));
    }
  }

  private static double[] load(int port, String prefix, int connections, int clients,
      Duration measure) throws Exception {
    long[] cpu = new long[2];
    double[] perSecond = new double[clients];
    List<Thread> threads = new ArrayList<>();
    Exception[] failure = new Exception[1];
    for (int c = 0; c < clients; c++) {
      int index = c;
      Thread t = new Thread(() -> {
        PingPongClient client = new PingPongClient(
            new InetSocketAddress("127.0.0.1", port), connections / clients, MESSAGE, MESSAGE.length);
        try {
          perSecond[index] = client.run(Duration.ofSeconds(2), measure,
              () -> {
                if (index == 0) {
                  cpu[0] = ServerThreads.cpuNanos(prefix);
                }
              },
              () -> {
                if (index == 0) {
                  cpu[1] = ServerThreads.cpuNanos(prefix);
                }
              }).perSecond();
        } catch (Exception e) {
          failure[0] = e;
        }
      }, "groupbench-client-" + c);
      threads.add(t);
      t.start();
    }
    for (Thread t : threads) {
      t.join();
    }
    if (failure[0] != null) {
      throw failure[0];
    }
    double total = 0;
    for (double p : perSecond) {
      total += p;
    }
    double nsPerTrip = (cpu[1] - cpu[0]) / (total * measure.toNanos() / 1e9);
    return new double[] {total, nsPerTrip};
  }
}
