package dev.weft.reactor.nio;

import dev.weft.reactor.testing.conformance.ReactorDriver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;

/**
 * Drives a {@link NioReactor} running on its own thread: actions are handed over with
 * {@code callFromThread} and awaited, conditions are polled on the reactor thread, and every
 * wait is bounded by {@link #BOUND} of real time.
 */
final class NioReactorDriver implements ReactorDriver {
  /** The longest any single wait may take before the scenario fails. */
  static final Duration BOUND = Duration.ofSeconds(10);
  private static final String LOOPBACK = "127.0.0.1";

  final RecordingLogger logger = new RecordingLogger();
  private final NioReactor reactor;
  private final List<AutoCloseable> resources = new ArrayList<>();
  private @Nullable InetSocketAddress unanswered;
  /** Host name to its address, or to the reason its lookup fails; null if the builder's resolver is used. */
  private final @Nullable Map<String, Object> hostNames;

  NioReactorDriver() {
    this(defaults(), null);
  }

  private static NioReactor.Builder defaults() {
    // Shutdown gives up on BEFORE triggers well within the bound of close().
    return NioReactor.builder().shutdownTimeout(Duration.ofSeconds(5));
  }

  /** A driver for the conformance scenarios: default settings and the driver's host table. */
  static NioReactorDriver forConformance() {
    return withHostTable(defaults());
  }

  /** A driver whose reactor resolves with the resolver {@code builder} has (the system's by default). */
  NioReactorDriver(NioReactor.Builder builder) {
    this(builder, null);
  }

  private NioReactorDriver(NioReactor.Builder builder, @Nullable Map<String, Object> hostNames) {
    this.hostNames = hostNames;
    if (hostNames != null) {
      builder.resolver(host -> lookUp(hostNames, host));
    }
    this.reactor = builder.threadName("weft-test-reactor").logger(logger).build().start();
  }

  /**
   * A driver whose reactor resolves names from the driver's own table ({@link #addHostName},
   * {@link #failHostName}), as the conformance scenarios need: the system's DNS is never asked.
   */
  static NioReactorDriver withHostTable(NioReactor.Builder builder) {
    return new NioReactorDriver(builder, new ConcurrentHashMap<>());
  }

  private static List<InetAddress> lookUp(Map<String, Object> hostNames, String host)
      throws UnknownHostException {
    Object answer = hostNames.get(host.toLowerCase(Locale.ROOT));
    if (answer instanceof InetAddress address) {
      return List.of(address);
    }
    throw new UnknownHostException(answer instanceof String reason ? reason
        : host + ": not in the conformance driver's host table");
  }

  @Override
  public NioReactor reactor() {
    return reactor;
  }

  @Override
  public void onReactor(Runnable action) {
    onReactor(
        () -> {
          action.run();
          return null;
        });
  }

  @Override
  public <T> T onReactor(Callable<T> action) {
    if (reactor.isReactorThread()) {
      return call(action);
    }
    CompletableFuture<T> result = new CompletableFuture<>();
    reactor.callFromThread(
        () -> {
          try {
            result.complete(action.call());
          } catch (Throwable t) {
            result.completeExceptionally(t);
          }
        });
    try {
      return result.get(BOUND.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException("action failed on the reactor thread", cause);
    } catch (TimeoutException e) {
      throw new AssertionError("the reactor did not run the action within " + BOUND, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while waiting for the reactor", e);
    }
  }

  private static <T> T call(Callable<T> action) {
    try {
      return action.call();
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void runUntil(BooleanSupplier condition, String description) {
    runUntil(condition, description, BOUND);
  }

  /** Polls {@code condition} on the reactor thread until it holds, at most {@code bound}. */
  void runUntil(BooleanSupplier condition, String description, Duration bound) {
    long deadline = System.nanoTime() + bound.toNanos();
    while (!onReactor(condition::getAsBoolean)) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("still waiting after " + bound + " for: " + description);
      }
      // Polling interval, not synchronisation: the condition decides, the bound limits.
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
    }
  }

  @Override
  public void passTime(Duration duration) {
    CompletableFuture<Void> passed = new CompletableFuture<>();
    onReactor(() -> reactor.callLater(duration, () -> passed.complete(null)));
    try {
      passed.get(duration.plus(BOUND).toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new AssertionError("reactor time did not pass " + duration + " within the bound", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while letting time pass", e);
    }
  }

  @Override
  public String loopbackHost() {
    return LOOPBACK;
  }

  @Override
  public int refusingPort() {
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK))) {
      // Closed at once: nothing listens there afterwards, and ephemeral ports are not reused soon.
      return probe.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot find a free loopback port", e);
    }
  }

  /**
   * A loopback server socket with backlog 1 whose accept queue is filled and never accepted: Linux
   * then drops further SYNs, so a connection attempt stays unanswered until its timeout.
   */
  @Override
  public InetSocketAddress unansweredAddress() {
    InetSocketAddress known = unanswered;
    if (known != null) {
      return known;
    }
    try {
      ServerSocket full = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK));
      resources.add(full);
      InetSocketAddress address = new InetSocketAddress(LOOPBACK, full.getLocalPort());
      for (int i = 0; i < 16; i++) {
        Socket filler = new Socket();
        try {
          filler.connect(address, 250);
        } catch (SocketTimeoutException queueFull) {
          filler.close();
          unanswered = address;
          return address;
        }
        resources.add(filler);
      }
      throw new AssertionError("the accept queue of a backlog-1 socket did not fill up");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot set up an unanswered address", e);
    }
  }

  private Map<String, Object> hostNames() {
    Map<String, Object> table = hostNames;
    if (table == null) {
      throw new IllegalStateException("this driver's reactor uses the resolver its builder had;"
          + " create it with NioReactorDriver.withHostTable(builder) to map names");
    }
    return table;
  }

  @Override
  public void addHostName(String name, String ipLiteral) {
    try {
      hostNames().put(name.toLowerCase(Locale.ROOT), InetAddress.getByName(ipLiteral));
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("not an IP literal: " + ipLiteral, e);
    }
  }

  @Override
  public void failHostName(String name, String reason) {
    hostNames().put(name.toLowerCase(Locale.ROOT), reason);
  }

  @Override
  public void stopReactor() {
    onReactor(reactor::stop);
    try {
      if (!reactor.awaitTermination(BOUND)) {
        throw new AssertionError("the reactor did not stop within " + BOUND);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while waiting for the reactor to stop", e);
    }
  }

  @Override
  public List<Throwable> reportedErrors() {
    return logger.errors();
  }

  @Override
  public void close() {
    try {
      if (reactor.isRunning()) {
        reactor.stop();
      }
      if (!reactor.awaitTermination(BOUND)) {
        reactor.crash();
        throw new AssertionError("the reactor did not stop within " + BOUND);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      reactor.crash();
    } finally {
      for (AutoCloseable resource : resources) {
        try {
          resource.close();
        } catch (Exception e) {
          // Test scaffolding: a socket that fails to close is gone anyway.
        }
      }
    }
  }

  @Override
  public String toString() {
    return "NioReactorDriver[" + reactor + "]";
  }
}
