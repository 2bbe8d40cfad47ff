package dev.weft.benchmarks;

import dev.weft.benchmarks.clients.TlsClients;
import dev.weft.benchmarks.servers.TlsEchoServer;
import dev.weft.reactor.testing.tls.TestCertificates;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.SSLContext;

/**
 * The TLS comparison: Weft's {@code TlsLayer} on {@code NioReactor} against Netty's
 * {@code SslHandler} on Netty NIO, both on the JDK provider with the same certificate and
 * {@link SSLContext}, each on one event-loop thread in this JVM, interleaved round by round (A B,
 * then B A), after a warm-up pass that runs every workload once on each server unmeasured (so
 * the JIT's compiling of the JDK crypto both share is not billed to whichever goes first).
 * Workloads: TLS echo ping-pong (1 and 100 connections, 64 B and 4 KiB), a stream through the
 * TLS echo, and handshakes per second. Prints each measurement, then medians with
 * Weft's ratio to Netty, for rates and for the server loop's CPU time per operation (read from
 * the loop thread itself, so the load of other processes disturbs it least). The ratio is the
 * median of the per-round ratios (each round's Weft against the same round's Netty, measured
 * back to back), not a ratio of medians, as in {@link LoadHarness}. Each row also says which
 * side was saturated ({@link Saturation}): the server's loop thread, or the busiest client
 * thread (any other thread of this JVM).
 *
 * <p>Usage: {@code TlsLoadHarness [quick|full|handshakes] [stream MiB]}: quick smoke-tests (2
 * rounds, short windows, 32 MiB stream); full measures (5 rounds, 1 s warm-up, 3 s windows, 1 GiB
 * stream, or the given size); handshakes runs only the handshake rows, as full does (for a
 * profile); echo runs only the echo rows, as full does (for a profile). The clients are JDK {@code SSLSocket}s, one thread per connection,
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
  /** "row | unit" -> server label -> round -> value */
  private final Map<String, Map<String, Map<Integer, Double>>> results = new LinkedHashMap<>();
  /** row -> server label -> one verdict per round */
  private final Map<String, Map<String, List<Saturation.Bound>>> bounds = new LinkedHashMap<>();
  private final List<String> loopIds = new ArrayList<>();
  private int round;
  private boolean handshakesOnly;
  private boolean echoOnly;

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
   * @param args {@code quick}, {@code full} (the default), {@code handshakes} or {@code echo},
   *     then optionally the stream size in MiB
   * @throws Exception if a server cannot start
   */
  public static void main(String[] args) throws Exception {
    String mode = args.length > 0 ? args[0] : "full";
    if (!List.of("quick", "full", "handshakes", "echo").contains(mode)) {
      throw new IllegalArgumentException("mode must be quick, full, handshakes or echo: " + mode);
    }
    boolean quick = mode.equals("quick");
    long stream = args.length > 1 ? Long.parseLong(args[1]) << 20 : quick ? 32L << 20 : 1L << 30;
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    TlsLoadHarness harness = quick
        ? new TlsLoadHarness(2, Duration.ofMillis(300), Duration.ofMillis(700), stream, out)
        : new TlsLoadHarness(5, Duration.ofSeconds(1), Duration.ofSeconds(3), stream, out);
    harness.handshakesOnly = mode.equals("handshakes");
    harness.echoOnly = mode.equals("echo");
    harness.run(mode);
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
      loopIds.add(weft.loopNativeId());
      loopIds.add(netty.loopNativeId());
      warmUp(servers, clientContext);
      for (round = 0; round < rounds; round++) {
        out.println("## round " + (round + 1) + " of " + rounds);
        for (int[] echo : handshakesOnly ? new int[0][] : ECHO) {
          for (TlsEchoServer server : servers) {
            echo(server, clientContext, echo[0], echo[1]);
          }
        }
        for (TlsEchoServer server : handshakesOnly || echoOnly ? List.<TlsEchoServer>of() : servers) {
          stream(server, clientContext);
        }
        for (TlsEchoServer server : echoOnly ? List.<TlsEchoServer>of() : servers) {
          handshakes(server, clientContext);
        }
        java.util.Collections.reverse(servers);
      }
      out.println();
      out.println("## Medians of " + rounds + " rounds; ratio = median of the per-round Weft / Netty"
          + " ratios (rates: higher is better; CPU per operation: lower is better); saturated ="
          + " which side's busiest thread was runnable >= " + (int) (Saturation.SATURATED * 100)
          + "% of the window in most rounds, Weft / Netty (client-bound rates compare the"
          + " clients, not the servers: read CPU per operation there)");
      out.println();
      print(weft.label(), netty.label());
      out.println();
      out.println("load average at end: " + Machine.loadAverage());
    }
  }

  /**
   * Runs each workload once on each server before the first round, and records nothing. Both
   * servers share this JVM's JDK crypto, which the JIT keeps compiling for thousands of
   * handshakes: without this the loop CPU per handshake fell by a third from round 1 to round 5,
   * and whichever server went first in more rounds paid more of the compiling.
   */
  private void warmUp(List<TlsEchoServer> servers, SSLContext client) throws Exception {
    out.println("## warm-up, not measured: each workload once on each server");
    Duration window = warmup.multipliedBy(3);
    Runnable none = () -> {};
    for (TlsEchoServer server : servers) {
      for (int[] echo : handshakesOnly ? new int[0][] : ECHO) {
        TlsClients.pingPong(client, server.port(), echo[0], echo[1], warmup, window, none, none);
      }
      if (!echoOnly) {
        TlsClients.handshakes(client, server.port(), HANDSHAKE_THREADS, warmup,
            window.multipliedBy(2), none, none);
      }
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

  /**
   * The loop thread's CPU time over the measured window, and which side was saturated: the loop
   * thread, or the busiest other thread of this JVM (a client thread, in practice).
   */
  private final class Cpu {
    private final TlsEchoServer server;
    private long start;
    private long used;
    private long wallStart;
    private ThreadTimes before;
    private Saturation.Bound bound;

    Cpu(TlsEchoServer server) {
      this.server = server;
    }

    void open() {
      before = processTimes();
      wallStart = System.nanoTime();
      start = server.loopCpuNanos();
    }

    void close() {
      used = server.loopCpuNanos() - start;
      long wall = System.nanoTime() - wallStart;
      ThreadTimes after = processTimes();
      if (before == null || after == null || server.loopNativeId().isEmpty()) {
        return;
      }
      String loop = server.loopNativeId();
      ThreadTimes serverAfter = only(after, id -> id.equals(loop));
      ThreadTimes serverBefore = only(before, id -> id.equals(loop));
      ThreadTimes clientAfter = only(after, id -> !loopIds.contains(id));
      ThreadTimes clientBefore = only(before, id -> !loopIds.contains(id));
      bound = Saturation.classify(clientAfter.since(clientBefore, wall).busy(),
          serverAfter.since(serverBefore, wall).busy());
    }
  }

  private static ThreadTimes processTimes() {
    // null where /proc is missing: the saturation column then says "?".
    try {
      return ThreadTimes.ofProcess(ProcessHandle.current().pid());
    } catch (RuntimeException notLinux) {
      return null;
    }
  }

  private static ThreadTimes only(ThreadTimes times, java.util.function.Predicate<String> keep) {
    Map<String, long[]> kept = new java.util.HashMap<>();
    times.threads().forEach((id, t) -> {
      if (keep.test(id)) {
        kept.put(id, t);
      }
    });
    return new ThreadTimes(kept);
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
      String saturated = cpu.bound == null ? "?" : cpu.bound.label;
      if (cpu.bound != null) {
        bounds.computeIfAbsent(row, k -> new LinkedHashMap<>())
            .computeIfAbsent(server.label(), k -> new ArrayList<>()).add(cpu.bound);
      }
      out.printf(Locale.ROOT, "  %-40s %-18s %,12.1f %s   %8.2f %s   saturated: %s%n", row,
          server.label(), rate, unit, cpuPer, cpuUnit, saturated);
    } catch (Exception e) {
      out.printf(Locale.ROOT, "  %-40s %-18s FAILED %s%n", row, server.label(), e);
    }
  }

  private void add(String row, String unit, String label, double value) {
    results.computeIfAbsent(row + " | " + unit, k -> new LinkedHashMap<>())
        .computeIfAbsent(label, k -> new LinkedHashMap<>()).put(round, value);
  }

  private void print(String weft, String netty) {
    out.printf(Locale.ROOT, "| %-36s | %-22s | %13s | %16s | %5s | %-15s |%n", "workload", "unit",
        weft, netty, "ratio", "saturated");
    out.println("|---|---|--:|--:|--:|---|");
    results.forEach((key, byServer) -> {
      String[] rowAndUnit = key.split(" \\| ", 2);
      Map<Integer, Double> w = byServer.get(weft);
      Map<Integer, Double> n = byServer.get(netty);
      double ratio = ResultTable.median(ResultTable.pairedRatios(w, n));
      out.printf(Locale.ROOT, "| %-36s | %-22s | %13.1f | %16.1f | %5.2f | %-15s |%n",
          rowAndUnit[0], rowAndUnit[1], ResultTable.median(values(w)),
          ResultTable.median(values(n)), ratio, saturated(rowAndUnit[0], weft, netty));
    });
  }

  private String saturated(String row, String weft, String netty) {
    Map<String, List<Saturation.Bound>> byServer = bounds.getOrDefault(row, Map.of());
    Saturation.Bound w = Saturation.majority(byServer.getOrDefault(weft, List.of()));
    Saturation.Bound n = Saturation.majority(byServer.getOrDefault(netty, List.of()));
    return (w == null ? "?" : w.label) + " / " + (n == null ? "?" : n.label);
  }

  private static List<Double> values(Map<Integer, Double> byRound) {
    return byRound == null ? List.of() : new ArrayList<>(byRound.values());
  }
}
