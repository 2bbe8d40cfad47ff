package dev.weft.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The parent's handle on a server running in its own JVM (see {@link ServerMain}), so that its
 * resident memory is its own and its JIT and GC do not mix with the load client's.
 */
final class ChildServer implements AutoCloseable {
  private static final long ANSWER_TIMEOUT_SECONDS = 60;
  private static final AtomicInteger LAUNCHES = new AtomicInteger();

  final ServerKind kind;
  private final Process process;
  private final PrintWriter commands;
  private final BlockingQueue<String> answers = new LinkedBlockingQueue<>();
  private final Path log;
  private final int echoPort;
  private final int httpPort;

  private ChildServer(ServerKind kind, List<String> jvmFlags, Path logDir) throws IOException {
    this.kind = kind;
    Files.createDirectories(logDir);
    log = logDir.resolve(kind.name().toLowerCase(java.util.Locale.ROOT) + ".log");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmFlags);
    if (Boolean.getBoolean("bench.jfr")) {
      // One recording per child, written when it exits; read it with
      // jfr print --events jdk.ExecutionSample, or jfr summary.
      command.add("-XX:StartFlightRecording=settings=profile,dumponexit=true,filename="
          + logDir.resolve(kind.name().toLowerCase(java.util.Locale.ROOT) + "-"
              + LAUNCHES.incrementAndGet() + ".jfr"));
    }
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(ServerMain.class.getName());
    command.add(kind.name());
    process =
        new ProcessBuilder(command)
            .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    commands =
        new PrintWriter(process.getOutputStream(), true, StandardCharsets.US_ASCII);
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader in =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII))) {
                String line;
                while ((line = in.readLine()) != null) {
                  answers.add(line);
                }
                answers.add("ERROR the child exited");
              } catch (IOException e) {
                answers.add("ERROR " + e);
              }
            },
            "child-" + kind.name());
    reader.setDaemon(true);
    reader.start();
    // The JVM may print before the server does (a JFR start-up note, for one): skip to READY.
    String ready = next();
    while (!ready.startsWith("READY") && !ready.startsWith("ERROR")) {
      ready = next();
    }
    String[] parts = ready.split(" ");
    if (parts.length != 3 || !parts[0].equals("READY")) {
      close();
      throw new IOException(kind.label + " did not start: " + ready + "; see " + log);
    }
    echoPort = Integer.parseInt(parts[1]);
    httpPort = Integer.parseInt(parts[2]);
  }

  /**
   * Starts a server of the given kind in a child JVM and waits until it listens.
   *
   * @param kind which server
   * @param jvmFlags flags for the child JVM (heap, GC)
   * @param logDir where the child's standard error goes
   * @return the running child
   * @throws IOException if it cannot start
   */
  static ChildServer launch(ServerKind kind, List<String> jvmFlags, Path logDir)
      throws IOException {
    return new ChildServer(kind, jvmFlags, logDir);
  }

  InetSocketAddress echo() {
    return new InetSocketAddress("127.0.0.1", echoPort);
  }

  boolean servesHttp() {
    return httpPort > 0;
  }

  InetSocketAddress http() {
    return new InetSocketAddress("127.0.0.1", httpPort);
  }

  long pid() {
    return process.pid();
  }

  /**
   * Sends a command and returns its one-line answer.
   *
   * @param command see {@link ServerMain}
   * @return the answer
   * @throws IOException if the child answers an error or not in time
   */
  String ask(String command) throws IOException {
    commands.println(command);
    String answer = next();
    if (answer.startsWith("ERROR")) {
      throw new IOException(kind.label + ": " + answer + "; see " + log);
    }
    return answer;
  }

  /**
   * Reads the child's resident set size from {@code /proc/<pid>/status}.
   *
   * @return VmRSS in bytes
   * @throws IOException if it cannot be read
   */
  long residentBytes() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
      }
    }
    throw new IOException("no VmRSS for " + kind.label + " (pid " + pid() + ")");
  }

  /**
   * Reads the CPU time the child's threads have used so far: the exact total from each thread's
   * {@code /proc/<pid>/task/<tid>/schedstat} (nanoseconds on CPU), and the user/kernel split from
   * {@code /proc/<pid>/stat} (sampled in 10 ms ticks, so only the proportion is used).
   *
   * @return the CPU time
   * @throws UncheckedIOException if it cannot be read
   */
  CpuTime cpuTime() {
    try {
      long total = 0;
      Path proc = Path.of("/proc", Long.toString(pid()));
      try (DirectoryStream<Path> tasks = Files.newDirectoryStream(proc.resolve("task"))) {
        for (Path task : tasks) {
          try {
            total += Long.parseLong(Files.readString(task.resolve("schedstat")).split(" ")[0]);
          } catch (NoSuchFileException ended) {
            // A thread that ended between listing and reading.
          }
        }
      }
      String stat = Files.readString(proc.resolve("stat"));
      // Fields after the command name (which may contain spaces) start at field 3, "state".
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return new CpuTime(total, Long.parseLong(fields[11]), Long.parseLong(fields[12]));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** CPU time of a process: exact total nanoseconds, and user and kernel clock ticks. */
  record CpuTime(long totalNanos, long userTicks, long kernelTicks) {
    CpuTime minus(CpuTime earlier) {
      return new CpuTime(totalNanos - earlier.totalNanos, userTicks - earlier.userTicks,
          kernelTicks - earlier.kernelTicks);
    }
  }

  private String next() throws IOException {
    try {
      String line = answers.poll(ANSWER_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      if (line == null) {
        throw new IOException(
            kind.label + " gave no answer in " + ANSWER_TIMEOUT_SECONDS + " s; see " + log);
      }
      return line;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted waiting for " + kind.label, e);
    }
  }

  @Override
  public void close() {
    commands.println("quit");
    commands.close();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
