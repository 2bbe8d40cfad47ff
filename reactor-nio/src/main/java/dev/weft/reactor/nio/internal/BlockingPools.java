package dev.weft.reactor.nio.internal;

import dev.weft.reactor.Deferred;
import dev.weft.reactor.DnsLookupException;
import dev.weft.reactor.internal.IpLiterals;
import java.net.InetAddress;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * The reactor's two small pools for blocking work: one behind {@code callInThread} and
 * {@code deferToThread}, one for host name lookups. Each is created on first use, its daemon
 * threads time out when idle, and results return to the loop with {@code callFromThread}.
 * The public methods check their arguments and the calling thread.
 */
public final class BlockingPools implements Facet {
  private final EventLoop loop;
  private final LoopSettings settings;
  private @Nullable ExecutorService workers;
  private @Nullable ExecutorService resolvers;

  /**
   * Creates the pools, without threads yet.
   *
   * @param loop the loop results are delivered on
   */
  public BlockingPools(EventLoop loop) {
    this.loop = Objects.requireNonNull(loop, "loop");
    this.settings = loop.settings;
  }

  /**
   * Runs {@code work} on the work pool; what it throws is reported.
   *
   * @param work the work
   */
  public void callInThread(Runnable work) {
    Objects.requireNonNull(work, "work");
    loop.checkThread();
    workers().execute(
        () -> {
          try {
            work.run();
          } catch (Throwable t) {
            loop.report("callInThread work threw", t);
          }
        });
  }

  /**
   * Runs {@code work} on the work pool and completes the result on the loop.
   *
   * @param work the work
   * @param <T> the result type
   * @return its result, or what it threw
   */
  public <T> Deferred<T> deferToThread(Callable<T> work) {
    Objects.requireNonNull(work, "work");
    loop.checkThread();
    Deferred<T> result = new Deferred<>(loop.executor(), null);
    workers().execute(
        () -> {
          T value;
          try {
            value = work.call();
          } catch (Throwable t) {
            loop.callFromThread(() -> result.completeExceptionally(t));
            return;
          }
          loop.callFromThread(() -> result.complete(value));
        });
    return result;
  }

  /**
   * Answers an IP literal ({@link IpLiterals}) at once, without any lookup, and hands anything
   * else to the blocking resolver on the resolver pool.
   *
   * @param host a host name or IP literal
   * @return the addresses, or a {@link DnsLookupException}
   */
  public Deferred<List<InetAddress>> resolve(String host) {
    Objects.requireNonNull(host, "host");
    loop.checkThread();
    Deferred<List<InetAddress>> result = new Deferred<>(loop.executor(), null);
    InetAddress literal = IpLiterals.parse(host);
    if (literal != null) {
      result.complete(List.of(literal));
      return result;
    }
    ExecutorService r = resolvers;
    if (r == null) {
      r = pool("resolver", settings.resolverThreads());
      resolvers = r;
    }
    r.execute(
        () -> {
          List<InetAddress> addresses;
          try {
            addresses = List.copyOf(settings.resolver().resolve(host));
          } catch (Throwable t) {
            loop.callFromThread(
                () -> result.completeExceptionally(
                    new DnsLookupException("cannot resolve host '" + host + "'", t)));
            return;
          }
          loop.callFromThread(
              () -> {
                if (addresses.isEmpty()) {
                  result.completeExceptionally(
                      new DnsLookupException("host '" + host + "' resolved to no address"));
                } else {
                  result.complete(addresses);
                }
              });
        });
    return result;
  }

  @Override
  public void shutDown() {
    // Work in flight finishes on its own; its results are dropped once the loop is closed.
  }

  /** Lets running work finish but takes no more; lookups in flight are abandoned. */
  @Override
  public void release() {
    ExecutorService w = workers;
    if (w != null) {
      w.shutdown();
    }
    ExecutorService r = resolvers;
    if (r != null) {
      r.shutdownNow();
    }
  }

  private ExecutorService workers() {
    ExecutorService w = workers;
    if (w == null) {
      w = pool("pool", settings.threadPoolSize());
      workers = w;
    }
    return w;
  }

  private ExecutorService pool(String kind, int size) {
    AtomicInteger count = new AtomicInteger();
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(
            size,
            size,
            30,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            task -> {
              Thread t = new Thread(task, settings.threadName() + "-" + kind + "-" + count.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }

  @Override
  public String toString() {
    return "BlockingPools[" + settings.threadName() + "]";
  }
}
