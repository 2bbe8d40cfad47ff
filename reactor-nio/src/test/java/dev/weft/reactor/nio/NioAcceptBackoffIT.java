package dev.weft.reactor.nio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.weft.reactor.ListeningPort;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.channels.FileChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * Accepting when the process has run out of file descriptors: the reactor must report, back off
 * and recover, not spin. The test lowers this JVM's own descriptor limit with {@code prlimit}
 * for a moment, so every descriptor it needs later is opened before.
 */
@EnabledOnOs(OS.LINUX)
class NioAcceptBackoffIT {
  private static final Path PRLIMIT = Path.of("/usr/bin/prlimit");
  private static final String LOOPBACK = "127.0.0.1";

  @Test
  void acceptFailingWithTooManyOpenFilesBacksOffReportsAndRecovers() throws Exception {
    assumeTrue(Files.isExecutable(PRLIMIT), "needs prlimit to lower the descriptor limit");
    long originalSoft = softLimit();
    int clients = 20;
    List<ProbeProtocol> servers = new CopyOnWriteArrayList<>();
    List<SocketChannel> channels = new ArrayList<>();
    List<FileChannel> reserve = new ArrayList<>();
    try (NioReactorDriver d = new NioReactorDriver()) {
      ListeningPort port =
          d.onReactor(() -> d.reactor().listenTCP(0, peer -> add(servers, new ProbeProtocol(true)), 64, LOOPBACK));
      InetSocketAddress address = new InetSocketAddress(LOOPBACK, port.host().getPort());
      // Everything that needs a descriptor later is opened now, while the limit is normal.
      d.logger.log(System.Logger.Level.INFO, "descriptor limit about to be lowered");
      for (int i = 0; i < clients; i++) {
        channels.add(SocketChannel.open());
      }
      for (int i = 0; i < 16; i++) {
        reserve.add(FileChannel.open(Path.of("/dev/null")));
      }
      try {
        setSoftLimit(openFileDescriptors() + 4);
        for (SocketChannel channel : channels) {
          channel.connect(address);
        }
        d.runUntil(() -> acceptFailures(d) >= 3, "three failed accepts reported");
        // Backing off from 10 ms doubling: a spinning loop would have reported thousands.
        assertThat(acceptFailures(d)).isLessThan(20);
        d.onReactor(
            () -> {
              // On the reactor thread, so it cannot take the freed descriptors before prlimit runs.
              reserve.forEach(NioAcceptBackoffIT::closeQuietly);
              setSoftLimit(originalSoft);
            });
      } finally {
        if (softLimit() != originalSoft) {
          channels.forEach(NioAcceptBackoffIT::closeQuietly);
          reserve.forEach(NioAcceptBackoffIT::closeQuietly);
          setSoftLimit(originalSoft);
        }
      }

      d.runUntil(() -> servers.size() == clients, "every waiting connection accepted");
      assertThat(d.logger.errors())
          .allSatisfy(e -> assertThat(e).hasMessageContaining("Too many open files"));
    } finally {
      channels.forEach(NioAcceptBackoffIT::closeQuietly);
      reserve.forEach(NioAcceptBackoffIT::closeQuietly);
    }
  }

  private static long acceptFailures(NioReactorDriver d) {
    return d.logger.entries.stream().filter(e -> e.message().contains("pausing accepts")).count();
  }

  private static long softLimit() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
      if (line.startsWith("Max open files")) {
        return Long.parseLong(line.substring("Max open files".length()).trim().split("\\s+")[0]);
      }
    }
    throw new IllegalStateException("no 'Max open files' line in /proc/self/limits");
  }

  private static void setSoftLimit(long soft) {
    try {
      Process process =
          new ProcessBuilder(
                  PRLIMIT.toString(),
                  "--pid", Long.toString(ProcessHandle.current().pid()),
                  "--nofile=" + soft + ":")
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .start();
      if (!process.waitFor(NioReactorDriver.BOUND.toMillis(), TimeUnit.MILLISECONDS)
          || process.exitValue() != 0) {
        process.destroyForcibly();
        throw new IllegalStateException("prlimit could not set the descriptor limit to " + soft);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static long openFileDescriptors() throws IOException {
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      return fds.count();
    }
  }

  private static void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception e) {
      // Test cleanup: nothing useful to do about a descriptor that will not close.
    }
  }

  private static <T> T add(List<? super T> list, T item) {
    list.add(item);
    return item;
  }
}
