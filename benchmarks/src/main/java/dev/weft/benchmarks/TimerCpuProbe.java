package dev.weft.benchmarks;

import dev.weft.reactor.DelayedCall;
import dev.weft.reactor.nio.NioReactor;
import dev.weft.reactor.testing.Clock;
import dev.weft.reactor.testing.MemoryReactor;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Timer costs in CPU time of the thread that does the work, so a loaded machine, which stretches
 * wall-clock times many fold, disturbs them far less than a JMH score: a million timers that come
 * due together, drained on the fake {@link Clock} (alone and with four idle fake reactors on it),
 * on {@link NioReactor}'s loop and on a Netty NIO event loop; and a million timers scheduled a minute ahead then cancelled, per timer. Rounds are
 * interleaved; medians are printed.
 *
 * <p>Usage: {@code TimerCpuProbe [rounds]} (default 5).
 */
public final class TimerCpuProbe {
  private static final int TIMERS = 1_000_000;
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static final Runnable NOTHING = () -> {};

  private TimerCpuProbe() {}

  /**
   * Runs the probe and prints medians.
   *
   * @param args optionally the number of rounds
   * @throws Exception if a loop fails or stalls
   */
  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    Map<String, List<Double>> results = new LinkedHashMap<>();
    NioReactor reactor = NioReactor.builder().threadName("weft-timers").build().start();
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    EventLoop netty = group.next();
    try {
      for (int round = 0; round < rounds; round++) {
        add(results, "fake Clock: 1M due drained, ms CPU", clockDrain(0) / 1e6);
        add(results, "fake Clock, 4 reactors: 1M drained, ms CPU", clockDrain(4) / 1e6);
        add(results, "nio loop: 1M due drained, ms CPU",
            onWeft(reactor, done -> weftDrain(reactor, done)) / 1e6);
        add(results, "Netty loop: 1M due drained, ms CPU", onNetty(netty, TimerCpuProbe::nettyDrain) / 1e6);
        long[] weft = new long[2];
        onWeft(reactor, done -> weftScheduleCancel(reactor, weft, done));
        add(results, "nio loop: schedule, ns CPU", weft[0] / (double) TIMERS);
        add(results, "nio loop: cancel, ns CPU", weft[1] / (double) TIMERS);
        long[] nt = new long[2];
        onNetty(netty, (loop, done) -> nettyScheduleCancel(loop, nt, done));
        add(results, "Netty loop: schedule, ns CPU", nt[0] / (double) TIMERS);
        add(results, "Netty loop: cancel, ns CPU", nt[1] / (double) TIMERS);
        System.out.println("round " + (round + 1) + " done");
      }
    } finally {
      reactor.stop();
      reactor.awaitTermination(Duration.ofSeconds(10));
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }
    System.out.println("median of " + rounds + " rounds, CPU time of the working thread:");
    results.forEach((name, values) -> System.out.printf(
        Locale.ROOT, "  %-40s %10.1f   (rounds: %s)%n", name, ResultTable.median(values),
        values.stream().map(v -> String.format(Locale.ROOT, "%.0f", v)).toList()));
  }

  private static void add(Map<String, List<Double>> results, String name, double value) {
    results.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
  }

  private static long cpu() {
    return THREADS.getCurrentThreadCpuTime();
  }

  private static long scrambled(int i) {
    // A stride coprime with the count visits every slot once, out of order.
    return (long) i * 7_919 % TIMERS * 1_000_000L / TIMERS;
  }

  /** Drains on a Clock with {@code reactors} idle fake reactors, whose turns it must also run. */
  private static long clockDrain(int reactors) {
    Clock clock = new Clock().captureCallSites(false);
    for (int i = 0; i < reactors; i++) {
      new MemoryReactor(clock);
    }
    long[] ran = {0};
    Runnable call = () -> ran[0]++;
    long start = cpu();
    for (int i = 0; i < TIMERS; i++) {
      clock.callLater(Duration.ofNanos(1 + scrambled(i)), call);
    }
    clock.advance(Duration.ofSeconds(1));
    long used = cpu() - start;
    check(ran[0]);
    return used;
  }

  private static void check(long ran) {
    if (ran != TIMERS) {
      throw new IllegalStateException("ran " + ran + " timers, expected " + TIMERS);
    }
  }

  /** Runs {@code batch} on the Weft loop; it completes the future with the CPU it measured. */
  private static long onWeft(NioReactor reactor, Consumer<CompletableFuture<Long>> batch)
      throws Exception {
    CompletableFuture<Long> done = new CompletableFuture<>();
    reactor.callFromThread(() -> batch.accept(done));
    return done.get(120, TimeUnit.SECONDS);
  }

  private static void weftDrain(NioReactor reactor, CompletableFuture<Long> done) {
    long start = cpu();
    int[] fired = {0};
    Runnable tick = () -> {
      if (++fired[0] == TIMERS) {
        done.complete(cpu() - start);
      }
    };
    for (int i = 0; i < TIMERS; i++) {
      reactor.callLater(Duration.ofNanos(scrambled(i)), tick);
    }
  }

  private static long onNetty(EventLoop loop, NettyBatch batch) throws Exception {
    CompletableFuture<Long> done = new CompletableFuture<>();
    loop.execute(() -> batch.run(loop, done));
    return done.get(120, TimeUnit.SECONDS);
  }

  private interface NettyBatch {
    void run(EventLoop loop, CompletableFuture<Long> done);
  }

  private static void nettyDrain(EventLoop loop, CompletableFuture<Long> done) {
    long start = cpu();
    int[] fired = {0};
    Runnable tick = () -> {
      if (++fired[0] == TIMERS) {
        done.complete(cpu() - start);
      }
    };
    for (int i = 0; i < TIMERS; i++) {
      loop.schedule(tick, scrambled(i), TimeUnit.NANOSECONDS);
    }
  }

  private static void weftScheduleCancel(
      NioReactor reactor, long[] out, CompletableFuture<Long> done) {
    DelayedCall[] calls = new DelayedCall[TIMERS];
    Duration minute = Duration.ofMinutes(1);
    long start = cpu();
    for (int i = 0; i < TIMERS; i++) {
      calls[i] = reactor.callLater(minute, NOTHING);
    }
    long scheduled = cpu();
    for (int i = 0; i < TIMERS; i++) {
      calls[i].cancel();
    }
    long cancelled = cpu();
    out[0] = scheduled - start;
    out[1] = cancelled - scheduled;
    done.complete(0L);
  }

  private static void nettyScheduleCancel(EventLoop loop, long[] out, CompletableFuture<Long> done) {
    Future<?>[] futures = new Future<?>[TIMERS];
    long start = cpu();
    for (int i = 0; i < TIMERS; i++) {
      futures[i] = loop.schedule(NOTHING, 60, TimeUnit.SECONDS);
    }
    long scheduled = cpu();
    for (int i = 0; i < TIMERS; i++) {
      futures[i].cancel(false);
    }
    long cancelled = cpu();
    out[0] = scheduled - start;
    out[1] = cancelled - scheduled;
    done.complete(0L);
  }
}
