package dev.weft.reactor.nio.internal;

import dev.weft.reactor.Deferred;
import dev.weft.reactor.DnsLookupException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The loop's two small pools for blocking work: one behind {@code callInThread} and
 * {@code deferToThread}, one for host name lookups. Each is created on first use, its daemon
 * threads time out when idle, and results return to the loop with {@code callFromThread}.
 * Methods are called on the loop thread (the caller checks).
 */
final class BlockingPools {
  private static final Pattern IPV4_LITERAL =
      Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");

  private final EventLoop loop;
  private final LoopSettings settings;
  private @Nullable ExecutorService workers;
  private @Nullable ExecutorService resolvers;

  BlockingPools(EventLoop loop) {
    this.loop = loop;
    this.settings = loop.settings;
  }

  static boolean isIpLiteral(String host) {
    return host.indexOf(':') >= 0 || IPV4_LITERAL.matcher(host).matches();
  }

  void callInThread(Runnable work) {
    workers().execute(
        () -> {
          try {
            work.run();
          } catch (Throwable t) {
            loop.report("callInThread work threw", t);
          }
        });
  }

  <T> Deferred<T> deferToThread(Callable<T> work) {
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

  Deferred<List<InetAddress>> resolve(String host) {
    Deferred<List<InetAddress>> result = new Deferred<>(loop.executor(), null);
    if (isIpLiteral(host)) {
      try {
        // A literal is parsed, never looked up.
        result.complete(List.of(InetAddress.getByName(host)));
      } catch (UnknownHostException e) {
        result.completeExceptionally(new DnsLookupException("not a valid IP literal: " + host, e));
      }
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

  /** Lets running work finish but takes no more; lookups in flight are abandoned. */
  void shutdown() {
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
}
