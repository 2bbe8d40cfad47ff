package dev.weft.benchmarks.clients;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs {@code wrk} (one thread, keep-alive, no pipelining) when it is on the {@code PATH}; the
 * harness falls back to {@link PingPongClient} otherwise.
 */
public final class WrkClient {
  private static final Pattern REQUESTS = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
  private static final boolean AVAILABLE = findOnPath();

  private WrkClient() {}

  /**
   * Tells whether {@code wrk} is installed.
   *
   * @return {@code true} if an executable {@code wrk} is on the {@code PATH}
   */
  public static boolean available() {
    return AVAILABLE;
  }

  /**
   * Runs wrk against {@code server} for {@code duration}, rounded up to whole seconds.
   *
   * @param server a loopback HTTP server
   * @param connections concurrent keep-alive connections
   * @param duration how long
   * @return requests per second as wrk reports them
   * @throws IOException if wrk fails, overruns, or prints no rate
   */
  public static double run(InetSocketAddress server, int connections, Duration duration)
      throws IOException {
    if (!server.getAddress().isLoopbackAddress()) {
      throw new IllegalArgumentException("server must be a loopback address: " + server);
    }
    long seconds = Math.max(1, (duration.toMillis() + 999) / 1000);
    Process wrk =
        new ProcessBuilder(
                List.of(
                    "wrk", "-t1", "-c" + connections, "-d" + seconds + "s",
                    "http://127.0.0.1:" + server.getPort() + "/"))
            .redirectErrorStream(true)
            .start();
    try {
      if (!wrk.waitFor(seconds + 30, TimeUnit.SECONDS)) {
        wrk.destroyForcibly();
        throw new IOException("wrk did not finish in " + (seconds + 30) + " s");
      }
      String output = new String(wrk.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      Matcher m = REQUESTS.matcher(output);
      if (wrk.exitValue() != 0 || !m.find()) {
        throw new IOException("wrk failed (exit " + wrk.exitValue() + "):\n" + output);
      }
      return Double.parseDouble(m.group(1));
    } catch (InterruptedException e) {
      wrk.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while wrk ran", e);
    }
  }

  private static boolean findOnPath() {
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String dir : path.split(File.pathSeparator)) {
      if (new File(dir, "wrk").canExecute()) {
        return true;
      }
    }
    return false;
  }
}
