package dev.weft.benchmarks;

import dev.weft.benchmarks.clients.IdleClient;
import dev.weft.benchmarks.clients.PingPongClient;
import dev.weft.benchmarks.clients.StreamClient;
import dev.weft.benchmarks.clients.WrkClient;
import dev.weft.benchmarks.servers.HttpHello;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Runs the same workloads against Weft's {@code NioReactor}, Netty NIO, Netty epoll and a bare
 * selector loop, interleaved (round 1: A B C D, round 2: B C D A, ...), with fresh server JVMs
 * every round, and prints a table of medians with Weft's paired ratio to each (the median of the
 * per-round ratios), the server's CPU per operation beside each rate, and which side (client or
 * server) was saturated.
 *
 * <p>Usage: {@code LoadHarness [quick|full] [workloads]}, where workloads is a comma-separated
 * subset of {@code echo,stream,http,idle} (all by default). Every server runs in its own child
 * JVM on one event-loop thread; the load client runs here on this one thread; everything is on
 * 127.0.0.1. Every loop is bounded in time and the whole run stops by itself.
 */
public final class LoadHarness {
  private static final List<String> THROUGHPUT_JVM = List.of("-Xms512m", "-Xmx512m");
  // Fixed heap (no resizing to blur RSS), a small young generation that settle fills completely,
  // and a serial collector that compacts the survivors into an old generation whose touched pages
  // are then what the connections retain.
  private static final List<String> IDLE_JVM =
      List.of("-Xms256m", "-Xmx256m", "-Xmn16m", "-XX:+UseSerialGC");
  private static final int[][] ECHO = {{1, 64}, {1, 4096}, {100, 64}, {100, 4096}};
  private static final int HTTP_CONNECTIONS = 100;

  private static final List<String> WORKLOADS = List.of("echo", "stream", "http", "idle");

  private final Settings settings;
  private final Set<String> workloads;
  private final PrintStream out;
  private final Path logDir = Path.of("target", "bench-logs");
  private final ResultTable table = new ResultTable();
  private final long deadline;

  /** How long and how much: the quick mode smoke-tests the harness, the full mode measures. */
  record Settings(
      String name,
      int rounds,
      Duration warmup,
      Duration measure,
      long streamBytes,
      int idleConnections,
      Duration limit) {
    static Settings of(String mode) {
      return switch (mode) {
        case "quick" -> new Settings(
            "quick", 2, Duration.ofMillis(150), Duration.ofMillis(250), 32L << 20, 1_000,
            Duration.ofMinutes(3));
        case "full" -> new Settings(
            "full", 5, Duration.ofSeconds(1), Duration.ofSeconds(2), 1L << 30, 10_000,
            Duration.ofMinutes(30));
        default -> throw new IllegalArgumentException("mode must be quick or full: " + mode);
      };
    }
  }

  private int round;

  private LoadHarness(Settings settings, Set<String> workloads, PrintStream out) {
    this.settings = settings;
    this.workloads = workloads;
    this.out = out;
    this.deadline = System.nanoTime() + settings.limit().toNanos();
  }

  /**
   * Runs the harness and prints the table to standard output.
   *
   * @param args {@code quick} or {@code full} (the default), then optionally a comma-separated
   *     subset of {@code echo,stream,http,idle}
   * @throws Exception if the harness itself fails; a failing measurement is reported and skipped
   */
  public static void main(String[] args) throws Exception {
    Settings settings = Settings.of(args.length == 0 ? "full" : args[0]);
    Set<String> workloads = new LinkedHashSet<>(WORKLOADS);
    if (args.length > 1 && !args[1].isBlank() && !args[1].equals("all")) {
      workloads = new LinkedHashSet<>(List.of(args[1].split(",")));
      for (String w : workloads) {
        if (!WORKLOADS.contains(w)) {
          throw new IllegalArgumentException("workloads must be among " + WORKLOADS + ": " + w);
        }
      }
    }
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    new LoadHarness(settings, workloads, out).run();
  }

  private void run() throws Exception {
    out.println("# Weft load harness, " + settings.name() + " mode: " + String.join(",", workloads));
    out.println(Machine.describe());
    out.println("- server JVM flags: " + String.join(" ", THROUGHPUT_JVM)
        + " (idle test: " + String.join(" ", IDLE_JVM) + "); fresh server JVMs every round");
    out.println();
    clearLogs();
    List<ServerKind> kinds = new ArrayList<>(List.of(ServerKind.values()));
    for (round = 0; round < settings.rounds() && !overtime(); round++) {
      List<ServerKind> order = new ArrayList<>(kinds);
      Collections.rotate(order, -round);
      out.println("## round " + (round + 1) + " of " + settings.rounds() + ": " + labels(order));
      if (workloads.contains("echo") || workloads.contains("stream") || workloads.contains("http")) {
        Map<ServerKind, ChildServer> servers = launch(order);
        try {
          runThroughput(order, servers);
        } finally {
          for (ChildServer child : servers.values()) {
            child.close();
          }
        }
      }
      if (workloads.contains("idle")) {
        for (ServerKind kind : order) {
          idle(kind);
        }
      }
    }
    out.println();
    out.println("## Medians of " + settings.rounds() + " rounds (" + settings.name() + " mode)");
    out.println("Higher is better for rates; lower is better for latency, CPU and memory. Weft/X is"
        + " the median of the per-round ratios. 'saturated' says whose thread was runnable for at"
        + " least " + Math.round(Saturation.SATURATED * 100) + "% of the window (on a CPU or"
        + " waiting for one), in most rounds.");
    out.println();
    table.print(out);
    out.println();
    out.println("load average at end: " + Machine.loadAverage());
  }

  /** Fresh children for one round, probed; a server that fails to start is skipped this round. */
  private Map<ServerKind, ChildServer> launch(List<ServerKind> order) {
    Map<ServerKind, ChildServer> servers = new EnumMap<>(ServerKind.class);
    for (ServerKind kind : order) {
      try {
        ChildServer child = ChildServer.launch(kind, THROUGHPUT_JVM, logDir);
        try {
          Probe.check(child);
        } catch (IOException e) {
          child.close();
          throw e;
        }
        servers.put(kind, child);
      } catch (IOException e) {
        out.println("  skipping " + kind.label + " this round: " + e.getMessage());
      }
    }
    return servers;
  }

  private void runThroughput(List<ServerKind> order, Map<ServerKind, ChildServer> servers) {
    List<ChildServer> running =
        order.stream().filter(servers::containsKey).map(servers::get).toList();
    if (workloads.contains("echo")) {
      for (int[] echo : ECHO) {
        for (ChildServer server : running) {
          echo(server, echo[0], echo[1]);
        }
      }
    }
    if (workloads.contains("stream")) {
      for (ChildServer server : running) {
        stream(server);
      }
    }
    if (workloads.contains("http")) {
      for (ChildServer server : running) {
        http(server);
      }
    }
  }

  /** Children append to their logs within a run; a new run starts with none. */
  private void clearLogs() throws IOException {
    if (!Files.isDirectory(logDir)) {
      return;
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(logDir, "*.{log,jfr}")) {
      for (Path file : files) {
        Files.delete(file);
      }
    }
  }

  private boolean overtime() {
    if (System.nanoTime() > deadline) {
      out.println("time limit " + settings.limit() + " reached; stopping early");
      return true;
    }
    return false;
  }

  private void echo(ChildServer server, int connections, int size) {
    String row = "echo " + connections + (connections == 1 ? " conn " : " conns ") + sizeLabel(size);
    measure(server, row, () -> {
      byte[] message = new byte[size];
      for (int i = 0; i < size; i++) {
        message[i] = (byte) ('a' + i % 26);
      }
      CpuWindow cpu = new CpuWindow(server);
      PingPongClient.Result r =
          new PingPongClient(server.echo(), connections, message, size)
              .run(settings.warmup(), settings.measure(), cpu::open, cpu::close);
      double cpuMicros = cpu.microsPer(r.perSecond() * seconds(settings.measure()));
      add(row, "round trips/s", server.kind, r.perSecond());
      table.addVerdict(row, server.kind, cpu.verdict());
      add(row + " server CPU", "µs/round trip", server.kind, cpuMicros);
      add(row + " p50", "µs", server.kind, r.p50Nanos() / 1e3);
      add(row + " p99", "µs", server.kind, r.p99Nanos() / 1e3);
      return String.format(
          Locale.ROOT, "%,.0f rt/s  p50 %.1f µs  p99 %.1f µs  server CPU %.2f µs/rt (%s)",
          r.perSecond(), r.p50Nanos() / 1e3, r.p99Nanos() / 1e3, cpuMicros, cpu.describe());
    });
  }

  private void stream(ChildServer server) {
    String row = "stream " + sizeLabel(settings.streamBytes()) + " through echo";
    measure(server, row, () -> {
      StreamClient.run(server.echo(), Math.min(settings.streamBytes(), 64L << 20),
          Duration.ofSeconds(60));
      CpuWindow cpu = new CpuWindow(server);
      cpu.open();
      double mbs = StreamClient.run(server.echo(), settings.streamBytes(), Duration.ofSeconds(120));
      cpu.close();
      double gib = settings.streamBytes() / (double) (1L << 30);
      double cpuSeconds = cpu.serverUsage.cpuNanos() / 1e9 / gib;
      add(row, "MB/s", server.kind, mbs);
      table.addVerdict(row, server.kind, cpu.verdict());
      add(row + " server CPU", "s/GiB", server.kind, cpuSeconds);
      return String.format(Locale.ROOT, "%,.0f MB/s  server CPU %.3f s/GiB (%s)",
          mbs, cpuSeconds, cpu.describe());
    });
  }

  private void http(ChildServer server) {
    if (!server.servesHttp()) {
      return;
    }
    String row = "HTTP keep-alive, " + HTTP_CONNECTIONS + " conns, Java client";
    measure(server, row, () -> {
      CpuWindow cpu = new CpuWindow(server);
      double perSecond =
          new PingPongClient(
                  server.http(), HTTP_CONNECTIONS, HttpHello.REQUEST, HttpHello.RESPONSE.length)
              .run(settings.warmup(), settings.measure(), cpu::open, cpu::close)
              .perSecond();
      double cpuMicros = cpu.microsPer(perSecond * seconds(settings.measure()));
      add(row, "requests/s", server.kind, perSecond);
      table.addVerdict(row, server.kind, cpu.verdict());
      add(row + " server CPU", "µs/request", server.kind, cpuMicros);
      return String.format(
          Locale.ROOT, "%,.0f req/s  server CPU %.2f µs/req (%s)", perSecond, cpuMicros,
          cpu.describe());
    });
    if (WrkClient.available()) {
      String wrkRow = "HTTP keep-alive, " + HTTP_CONNECTIONS + " conns, wrk";
      measure(server, wrkRow, () -> {
        // wrk runs whole seconds; the quick mode's warm-up is the Java client's run just before.
        if (settings.warmup().compareTo(Duration.ofSeconds(1)) >= 0) {
          WrkClient.run(server.http(), HTTP_CONNECTIONS, settings.warmup());
        }
        CpuWindow cpu = new CpuWindow(server);
        cpu.open();
        double perSecond = WrkClient.run(server.http(), HTTP_CONNECTIONS, settings.measure());
        cpu.close();
        double cpuMicros = cpu.microsPer(perSecond * seconds(settings.measure()));
        add(wrkRow, "requests/s", server.kind, perSecond);
        table.addVerdict(wrkRow, server.kind, cpu.verdict());
        add(wrkRow + " server CPU", "µs/request", server.kind, cpuMicros);
        return String.format(Locale.ROOT, "%,.0f req/s  server CPU %.2f µs/req (%s)",
            perSecond, cpuMicros, cpu.describe());
      });
    }
  }

  private void idle(ServerKind kind) {
    int count = settings.idleConnections();
    String row = String.format(Locale.ROOT, "%,d idle conns", count);
    try (ChildServer server = ChildServer.launch(kind, IDLE_JVM, logDir)) {
      measure(server, row, () -> {
        server.ask("settle");
        long before = server.residentBytes();
        try (IdleClient idle = IdleClient.open(server.echo(), count)) {
          awaitConnections(server, count);
          server.ask("settle");
          long after = server.residentBytes();
          double perConnection = (after - before) / (double) count;
          add(row + ": server RSS", "MB", kind, after / 1e6);
          add(row + ": RSS per conn", "KB", kind, perConnection / 1e3);
          return String.format(
              Locale.ROOT, "RSS %.1f MB -> %.1f MB, %.2f KB per connection",
              before / 1e6, after / 1e6, perConnection / 1e3);
        }
      });
    } catch (IOException e) {
      out.println("  " + row + " / " + kind.label + ": FAILED " + e.getMessage());
    }
  }

  private static void awaitConnections(ChildServer server, int count) throws IOException {
    long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    int seen;
    while ((seen = Integer.parseInt(server.ask("conns"))) < count) {
      if (System.nanoTime() > until) {
        throw new IOException(server.kind.label + " saw " + seen + " of " + count + " connections");
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted", e);
      }
    }
  }

  /** One measurement that prints one line of progress. */
  private interface Measurement {
    String run() throws IOException;
  }

  private void measure(ChildServer server, String row, Measurement measurement) {
    if (System.nanoTime() > deadline) {
      return;
    }
    try {
      String result = measurement.run();
      out.printf(Locale.ROOT, "  %-40s %-16s %s%n", row, server.kind.label, result);
    } catch (IOException | RuntimeException e) {
      out.printf(Locale.ROOT, "  %-40s %-16s FAILED %s%n", row, server.kind.label, e);
    }
  }

  private void add(String row, String unit, ServerKind kind, double value) {
    table.add(row, unit, kind, round, value);
  }

  private static double seconds(Duration d) {
    return d.toNanos() / 1e9;
  }

  /**
   * The server's and the client's CPU over the measured window: how much work each operation
   * costs the server (a figure the load of other processes disturbs far less than a rate), and
   * which side was saturated. Opened and closed on the client's thread, which is this one (for
   * wrk, its CPU is the harness's reaped children's).
   */
  private static final class CpuWindow {
    private final ChildServer server;
    private long startNanos;
    private ThreadTimes serverStart;
    private ThreadTimes clientStart;
    private long childrenStart;
    private ChildServer.CpuTime splitStart = new ChildServer.CpuTime(0, 0, 0);
    private ChildServer.CpuTime split = new ChildServer.CpuTime(0, 0, 0);
    Saturation.Usage serverUsage = new Saturation.Usage(0, 0, 0, 0);
    private Saturation.Usage clientUsage = new Saturation.Usage(0, 0, 0, 0);

    CpuWindow(ChildServer server) {
      this.server = server;
    }

    void open() {
      splitStart = server.cpuTime();
      serverStart = ThreadTimes.ofProcess(server.pid());
      clientStart = ThreadTimes.ofCurrentThread();
      childrenStart = ChildrenCpu.nanos();
      startNanos = System.nanoTime();
    }

    void close() {
      long wall = System.nanoTime() - startNanos;
      serverUsage = ThreadTimes.ofProcess(server.pid()).since(serverStart, wall);
      clientUsage = ThreadTimes.ofCurrentThread().since(clientStart, wall);
      long children = ChildrenCpu.nanos() - childrenStart;
      if (children > 0) {
        // wrk ran as a child: its CPU is known only once reaped, without its run-queue wait.
        clientUsage = new Saturation.Usage(children, children, children, wall);
      }
      split = server.cpuTime().minus(splitStart);
    }

    double microsPer(double operations) {
      return operations == 0 ? Double.NaN : serverUsage.cpuNanos() / operations / 1e3;
    }

    Saturation.Bound verdict() {
      return Saturation.classify(clientUsage.busy(), serverUsage.busy());
    }

    String describe() {
      long ticks = split.userTicks() + split.kernelTicks();
      String userKernel = ticks == 0 ? "no CPU ticks" : String.format(
          Locale.ROOT, "%.0f%% user", 100.0 * split.userTicks() / ticks);
      return String.format(Locale.ROOT,
          "%s; server %.2f cores, loop busy %.0f%% (got CPU %.0f%%); client busy %.0f%% (got CPU"
              + " %.0f%%): %s",
          userKernel, serverUsage.cores(), 100 * serverUsage.busy(), 100 * serverUsage.cpuShare(),
          100 * clientUsage.busy(), 100 * clientUsage.cpuShare(), verdict().label);
    }
  }

  private static String sizeLabel(long bytes) {
    if (bytes >= 1L << 30) {
      return (bytes >> 30) + " GiB";
    }
    if (bytes >= 1L << 20) {
      return (bytes >> 20) + " MiB";
    }
    return bytes >= 1024 ? (bytes >> 10) + " KiB" : bytes + " B";
  }

  private static String labels(List<ServerKind> kinds) {
    return String.join(", ", kinds.stream().map(k -> k.label).toList());
  }
}
