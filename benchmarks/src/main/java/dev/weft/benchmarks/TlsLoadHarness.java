package dev.weft.benchmarks;

import dev.weft.benchmarks.clients.TlsClients;
import dev.weft.benchmarks.servers.TlsEchoServer;
import dev.weft.reactor.testing.tls.TestCertificates;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.SSLContext;

/**
 * The TLS comparison: Weft's {@code TlsLayer} on {@code NioReactor} against Netty's
 * {@code SslHandler} on Netty NIO, both on the JDK provider with the same certificate and
 * {@link SSLContext}, each on one event-loop thread in this JVM, interleaved round by round (A B,
 * then B A). Workloads: TLS echo ping-pong (1 and 100 connections, 64 B and 4 KiB), a stream
 * through the TLS echo, and handshakes per second. Prints each measurement, then medians with
 * Weft's ratio to Netty, for rates and for the server loop's CPU time per operation (read from
 * the loop thread itself, so the load of other processes disturbs it least).
 *
 * <p>Usage: {@code TlsLoadHarness [quick|full] [stream MiB]}: quick smoke-tests (2 rounds,
 * short windows, 32 MiB stream); full measures (3 rounds, 1 s warm-up, 3 s windows, 1 GiB
 * stream, or the given size). The clients are JDK {@code SSLSocket}s, one thread per connection,
 * in this JVM too: the same for both servers.
 */
public final class TlsLoadHarness {
  private static final int[][] ECHO = {{1, 64}, {1, 4096}, {100, 64}, {100, 4096}};
  private static final int HANDSHAKE_THREADS = 4;

  private final int rounds;
  private final Duration warmup;
  private final Duration measure;
  private final long streamBytes;
  private final PrintStream out;
  /** row -> unit -> server label -> values */
  private final Map<String, Map<String, List<Double>>> results = new LinkedHashMap<>();

  private TlsLoadHarness(int rounds, Duration warmup, Duration measure, long streamBytes,
      PrintStream out) {
    this.rounds = rounds;
    this.warmup = warmup;
    this.measure = measure;
    this.streamBytes = streamBytes;
    this.out = out;
  }

  /**
   * Runs the comparison and prints it.
   *
   * @param args {@code quick} or {@code full} (the default), then optionally the stream size in
   *     MiB
   * @throws Exception if a server cannot start
   */
  public static void main(String[] args) throws Exception {
    boolean quick = args.length > 0 && args[0].equals("quick");
    long stream = args.length > 1 ? Long.parseLong(args[1]) << 20 : quick ? 32L << 20 : 1L << 30;
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    TlsLoadHarness harness = quick
        ? new TlsLoadHarness(2, Duration.ofMillis(300), Duration.ofMillis(700), stream, out)
        : new TlsLoadHarness(3, Duration.ofSeconds(1), Duration.ofSeconds(3), stream, out);
    harness.run(quick ? "quick" : "full");
    System.exit(0);
  }

  private void run(String mode) throws Exception {
    out.println("# Weft vs Netty over TLS, " + mode + " mode");
    out.println(Machine.describe());
    TestCertificates certificates = TestCertificates.create("127.0.0.1");
    SSLContext serverContext = certificates.serverContext();
    SSLContext clientContext = certificates.clientContext();
    try (TlsEchoServer weft = TlsEchoServer.weft(serverContext);
        TlsEchoServer netty = TlsEchoServer.netty(serverContext)) {
      List<TlsEchoServer> servers = new ArrayList<>(List.of(weft, netty));
      for (int round = 0; round < rounds; round++) {
        out.println("## round " + (round + 1) + " of " + rounds);
        for (int[] echo : ECHO) {
          for (TlsEchoServer server : servers) {
            echo(server, clientContext, echo[0], echo[1]);
          }
        }
        for (TlsEchoServer server : servers) {
          stream(server, clientContext);
        }
        for (TlsEchoServer server : servers) {
          handshakes(server, clientContext);
        }
        java.util.Collections.reverse(servers);
      }
      out.println();
      out.println("## Medians of " + rounds + " rounds; ratio = Weft / Netty (rates: higher is"
          + " better; CPU per operation: lower is better)");
      out.println();
      print(weft.label(), netty.label());
      out.println();
      out.println("load average at end: " + Machine.loadAverage());
    }
  }

  private void echo(TlsEchoServer server, SSLContext client, int connections, int size) {
    String row = "TLS echo " + connections + (connections == 1 ? " conn " : " conns ")
        + (size >= 1024 ? size / 1024 + " KiB" : size + " B");
    measure(server, row, "round trips/s", cpu -> TlsClients.pingPong(
        client, server.port(), connections, size, warmup, measure, cpu::open, cpu::close));
  }

  private void stream(TlsEchoServer server, SSLContext client) {
    String row = "TLS stream " + (streamBytes >= 1L << 30 ? (streamBytes >> 30) + " GiB"
        : (streamBytes >> 20) + " MiB") + " through echo";
    measure(server, row, "MB/s", cpu -> {
      TlsClients.Window w = TlsClients.stream(client, server.port(), streamBytes,
          Duration.ofMinutes(5), cpu::open, cpu::close);
      return new TlsClients.Window(w.operations(), w.nanos());
    });
  }

  private void handshakes(TlsEchoServer server, SSLContext client) {
    String row = "TLS handshakes, " + HANDSHAKE_THREADS + " clients at once";
    measure(server, row, "handshakes/s", cpu -> TlsClients.handshakes(
        client, server.port(), HANDSHAKE_THREADS, warmup, measure, cpu::open, cpu::close));
  }

  private interface Run {
    TlsClients.Window run(Cpu cpu) throws Exception;
  }

  /** The loop thread's CPU time over the measured window. */
  private static final class Cpu {
    private final TlsEchoServer server;
    private long start;
    private long used;

    Cpu(TlsEchoServer server) {
      this.server = server;
    }

    void open() {
      start = server.loopCpuNanos();
    }

    void close() {
      used = server.loopCpuNanos() - start;
    }
  }

  private void measure(TlsEchoServer server, String row, String unit, Run run) {
    Cpu cpu = new Cpu(server);
    try {
      TlsClients.Window w = run.run(cpu);
      boolean bytes = unit.equals("MB/s");
      double rate = bytes ? w.operations() / (w.nanos() / 1e9) / 1e6 : w.perSecond();
      double cpuPer = bytes ? cpu.used / 1e3 / (w.operations() / 1e6) : cpu.used / 1e3 / w.operations();
      String cpuUnit = bytes ? "loop CPU µs/MB" : "loop CPU µs/op";
      add(row, unit, server.label(), rate);
      add(row, cpuUnit, server.label(), cpuPer);
      out.printf(Locale.ROOT, "  %-40s %-18s %,12.1f %s   %8.2f %s%n", row, server.label(), rate,
          unit, cpuPer, cpuUnit);
    } catch (Exception e) {
      out.printf(Locale.ROOT, "  %-40s %-18s FAILED %s%n", row, server.label(), e);
    }
  }

  private void add(String row, String unit, String label, double value) {
    results.computeIfAbsent(row + " | " + unit, k -> new LinkedHashMap<>())
        .computeIfAbsent(label, k -> new ArrayList<>()).add(value);
  }

  private void print(String weft, String netty) {
    out.printf(Locale.ROOT, "| %-36s | %-22s | %13s | %16s | %5s |%n", "workload", "unit", weft,
        netty, "ratio");
    out.println("|---|---|--:|--:|--:|");
    results.forEach((key, byServer) -> {
      String[] rowAndUnit = key.split(" \\| ", 2);
      double w = median(byServer.get(weft));
      double n = median(byServer.get(netty));
      out.printf(Locale.ROOT, "| %-36s | %-22s | %13.1f | %16.1f | %5.2f |%n", rowAndUnit[0],
          rowAndUnit[1], w, n, w / n);
    });
  }

  private static double median(List<Double> values) {
    if (values == null || values.isEmpty()) {
      return Double.NaN;
    }
    double[] sorted = values.stream().mapToDouble(Double::doubleValue).toArray();
    Arrays.sort(sorted);
    int mid = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  }
}
