package dev.weft.benchmarks;

import dev.weft.benchmarks.servers.BenchServer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Entry point of a server child process: {@code ServerMain <KIND>} starts one server, prints
 * {@code READY <echoPort> <httpPort>} and answers commands on standard input, one per line:
 *
 * <ul>
 *   <li>{@code conns}: prints the number of open connections;
 *   <li>{@code settle}: touches the young generation with short-lived garbage, runs a full GC and
 *       prints the heap in use, so the RSS read next reflects what is retained, not what
 *       happened to be allocated;
 *   <li>{@code quit}, or end of input: closes the server and exits.
 * </ul>
 *
 * <p>A child never outlives its parent (end of input stops it) and never runs longer than
 * {@link #MAX_LIFETIME}.
 */
final class ServerMain {
  static final Duration MAX_LIFETIME = Duration.ofMinutes(30);
  // Garbage to allocate in settle: comfortably more than the young generation the harness sets.
  private static final long SETTLE_GARBAGE = 128L << 20;
  private static volatile Object sink = new Object();

  private ServerMain() {}

  /**
   * Runs one server until the parent says {@code quit} or goes away.
   *
   * @param args the {@link ServerKind} name
   * @throws Exception if the server cannot start
   */
  public static void main(String[] args) throws Exception {
    if (args.length != 1) {
      throw new IllegalArgumentException("usage: ServerMain <KIND>");
    }
    ServerKind kind = ServerKind.valueOf(args[0]);
    Thread watchdog =
        new Thread(
            () -> {
              try {
                Thread.sleep(MAX_LIFETIME.toMillis());
              } catch (InterruptedException e) {
                return;
              }
              Runtime.getRuntime().halt(3);
            },
            "lifetime-watchdog");
    watchdog.setDaemon(true);
    watchdog.start();
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.US_ASCII);
    try (BenchServer server = kind.start();
        BufferedReader in =
            new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII))) {
      out.println("READY " + server.echoPort() + " " + server.httpPort());
      String line;
      while ((line = in.readLine()) != null && !line.equals("quit")) {
        switch (line) {
          case "conns" -> out.println(server.openConnections());
          case "settle" -> out.println(settle());
          default -> out.println("ERROR unknown command: " + line);
        }
      }
    }
    System.exit(0);
  }

  private static long settle() {
    for (long allocated = 0; allocated < SETTLE_GARBAGE; allocated += 4096) {
      sink = new byte[4096 - 16];
    }
    System.gc();
    System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
