package dev.weft.benchmarks.jmh;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Netty's event-loop scheduling ({@code EventLoop.schedule}) on one NIO event loop. */
final class NettyTimerLoop implements TimerLoop {
  private static final Runnable NOTHING = () -> {};
  private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
  private final EventLoop loop = group.next();
  private ScheduledFuture<?>[] scheduled = new ScheduledFuture<?>[0];
  private int fired;

  @Override
  public void scheduleThenCancel(int count) throws Exception {
    loop.submit(
            () -> {
              if (scheduled.length < count) {
                scheduled = new ScheduledFuture<?>[count];
              }
              for (int i = 0; i < count; i++) {
                scheduled[i] = loop.schedule(NOTHING, 60, TimeUnit.SECONDS);
              }
              for (int i = 0; i < count; i++) {
                scheduled[i].cancel(false);
                scheduled[i] = null;
              }
            })
        .get(10, TimeUnit.SECONDS);
  }

  @Override
  public void scheduleAndFire(int count) throws Exception {
    CompletableFuture<Void> done = new CompletableFuture<>();
    loop.execute(
        () -> {
          fired = 0;
          Runnable tick =
              () -> {
                if (++fired == count) {
                  done.complete(null);
                }
              };
          for (int i = 0; i < count; i++) {
            loop.schedule(tick, 0, TimeUnit.NANOSECONDS);
          }
        });
    done.get(10, TimeUnit.SECONDS);
  }

  @Override
  public void scheduleScrambledAndDrain(int count) throws Exception {
    CompletableFuture<Void> done = new CompletableFuture<>();
    loop.execute(
        () -> {
          fired = 0;
          Runnable tick =
              () -> {
                if (++fired == count) {
                  done.complete(null);
                }
              };
          for (int i = 0; i < count; i++) {
            loop.schedule(tick, TimerLoop.scrambledDelayNanos(i, count), TimeUnit.NANOSECONDS);
          }
        });
    done.get(60, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws InterruptedException {
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
  }
}
