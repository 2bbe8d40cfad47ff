package dev.weft.benchmarks;

import dev.weft.benchmarks.clients.PingPongClient;
import dev.weft.reactor.BaseProtocol;
import dev.weft.reactor.ListeningPort;
import dev.weft.reactor.ProtocolFactory;
import dev.weft.reactor.nio.NioReactor;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Echo ping-pong over a UNIX-domain socket beside the same over TCP loopback, both served by one
 * Weft {@link NioReactor} (one loop thread, the same echo protocol on both ports), driven by the
 * harness's {@link PingPongClient} on this thread. Rounds alternate which transport goes first;
 * the table shows medians of round trips per second and of p50/p99 latency, and UNIX's ratio to
 * TCP.
 *
 * <p>Usage: {@code UnixEchoHarness [quick|full]}. Unlike {@link LoadHarness} the server runs in
 * this JVM, on its own thread: the comparison is between two transports of the same server, so
 * what the shared JVM costs is the same on both sides. Bounded: every window is fixed and the
 * client fails a stalled server after {@link PingPongClient#STALL}.
 */
public final class UnixEchoHarness {
  private static final int[][] LOADS = {{1, 64}, {1, 4096}, {100, 64}, {100, 4096}};

  private UnixEchoHarness() {}

  /**
   * Runs the comparison and prints the table to standard output.
   *
   * @param args {@code quick} (a smoke test) or {@code full} (the default)
   * @throws Exception if the server or a measurement fails
   */
  public static void main(String[] args) throws Exception {
    boolean quick = args.length > 0 && args[0].equals("quick");
    int rounds = quick ? 2 : 5;
    Duration warmup = quick ? Duration.ofMillis(150) : Duration.ofSeconds(1);
    Duration measure = quick ? Duration.ofMillis(250) : Duration.ofSeconds(2);
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    out.println("# Weft echo ping-pong: UNIX-domain socket vs TCP loopback, "
        + (quick ? "quick" : "full") + " mode");
    out.println(Machine.describe());
    out.println();

    Path dir = Files.createTempDirectory(Path.of("/tmp"), "weft-bench");
    Path socket = dir.resolve("echo.sock");
    NioReactor reactor = NioReactor.builder().threadName("weft-bench").build();
    try {
      ProtocolFactory echo = ProtocolFactory.of(Echo::new);
      ListeningPort tcpPort = reactor.listenTCP(0, echo, 1024, "127.0.0.1");
      reactor.listenUNIX(socket, echo, 1024);
      reactor.start();
      SocketAddress tcp = new InetSocketAddress("127.0.0.1", tcpPort.host().getPort());
      SocketAddress unix = java.net.UnixDomainSocketAddress.of(socket);

      List<double[]>[] tcpRuns = runs();
      List<double[]>[] unixRuns = runs();
      for (int round = 0; round < rounds; round++) {
        out.println("## round " + (round + 1) + " of " + rounds);
        for (int i = 0; i < LOADS.length; i++) {
          boolean unixFirst = round % 2 == 1;
          for (int side = 0; side < 2; side++) {
            boolean isUnix = (side == 0) == unixFirst;
            double[] r = measure(isUnix ? unix : tcp, LOADS[i], warmup, measure);
            (isUnix ? unixRuns : tcpRuns)[i].add(r);
            out.printf(Locale.ROOT, "  %-4s %3d conn x %4d B: %,10.0f rt/s  p50 %6.1f us  p99 %6.1f us%n",
                isUnix ? "unix" : "tcp", LOADS[i][0], LOADS[i][1], r[0], r[1], r[2]);
          }
        }
      }
      out.println();
      out.println("| load | TCP loopback rt/s | UNIX socket rt/s | UNIX / TCP | TCP p50 / p99 (µs) | UNIX p50 / p99 (µs) |");
      out.println("|---|---:|---:|---:|---:|---:|");
      for (int i = 0; i < LOADS.length; i++) {
        double[] t = medians(tcpRuns[i]);
        double[] u = medians(unixRuns[i]);
        out.printf(Locale.ROOT, "| %d conn × %d B | %,.0f | %,.0f | %.2f× | %.1f / %.1f | %.1f / %.1f |%n",
            LOADS[i][0], LOADS[i][1], t[0], u[0], u[0] / t[0], t[1], t[2], u[1], u[2]);
      }
    } finally {
      reactor.stop();
      if (!reactor.awaitTermination(Duration.ofSeconds(10))) {
        reactor.crash();
      }
      Files.deleteIfExists(socket);
      Files.deleteIfExists(dir);
    }
  }

  @SuppressWarnings("unchecked")
  private static List<double[]>[] runs() {
    List<double[]>[] runs = new List[LOADS.length];
    for (int i = 0; i < runs.length; i++) {
      runs[i] = new ArrayList<>();
    }
    return runs;
  }

  /** Round trips per second, p50 and p99 in microseconds. */
  private static double[] measure(SocketAddress server, int[] load, Duration warmup, Duration measure)
      throws IOException {
    byte[] message = new byte[load[1]];
    Arrays.fill(message, (byte) 'x');
    PingPongClient.Result r =
        new PingPongClient(server, load[0], message, load[1]).run(warmup, measure);
    return new double[] {r.perSecond(), r.p50Nanos() / 1e3, r.p99Nanos() / 1e3};
  }

  private static double[] medians(List<double[]> runs) {
    double[] result = new double[3];
    for (int k = 0; k < 3; k++) {
      int column = k;
      double[] values = runs.stream().mapToDouble(r -> r[column]).sorted().toArray();
      result[k] = values[values.length / 2];
    }
    return result;
  }

  /** Writes back what it reads: the same protocol on both ports. */
  private static final class Echo extends BaseProtocol {
    @Override
    public void dataReceived(ByteBuffer data) {
      transport().write(data);
    }
  }
}
