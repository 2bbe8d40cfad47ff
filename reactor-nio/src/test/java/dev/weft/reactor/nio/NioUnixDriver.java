package dev.weft.reactor.nio;

import dev.weft.reactor.testing.conformance.ReactorDriver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * A {@link NioReactorDriver} that also hands out UNIX-domain socket paths, in a short temporary
 * directory under {@code /tmp} (socket paths are limited to about a hundred bytes, and the
 * default temporary directory may be long) that {@link #close()} removes.
 */
final class NioUnixDriver implements ReactorDriver {
  private final NioReactorDriver nio = new NioReactorDriver();
  private final Path dir = shortTempDirectory();
  private int paths;

  /** Creates a fresh directory with a short name under {@code /tmp}. */
  static Path shortTempDirectory() {
    try {
      return Files.createTempDirectory(Path.of("/tmp"), "weft");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a temporary directory under /tmp", e);
    }
  }

  /** Removes {@code dir} and everything in it; test scaffolding, so failures are ignored. */
  static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> tree = Files.walk(dir)) {
      for (Path p : tree.sorted(Comparator.reverseOrder()).toList()) {
        p.toFile().setWritable(true);
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      // A leftover file in /tmp is harmless; the next run uses a new directory.
    }
  }

  @Override
  public NioReactor reactor() {
    return nio.reactor();
  }

  @Override
  public void onReactor(Runnable action) {
    nio.onReactor(action);
  }

  @Override
  public <T> T onReactor(Callable<T> action) {
    return nio.onReactor(action);
  }

  @Override
  public void runUntil(BooleanSupplier condition, String description) {
    nio.runUntil(condition, description);
  }

  @Override
  public void passTime(Duration duration) {
    nio.passTime(duration);
  }

  @Override
  public String loopbackHost() {
    return nio.loopbackHost();
  }

  @Override
  public int refusingPort() {
    return nio.refusingPort();
  }

  @Override
  public InetSocketAddress unansweredAddress() {
    return nio.unansweredAddress();
  }

  /** Returns a new path in this driver's directory; nothing exists there yet. */
  @Override
  public Path unixSocketPath() {
    return dir.resolve("s" + ++paths + ".sock");
  }

  @Override
  public void close() {
    try {
      nio.close();
    } finally {
      deleteTree(dir);
    }
  }

  @Override
  public String toString() {
    return "NioUnixDriver[" + nio + ", " + dir + "]";
  }
}
