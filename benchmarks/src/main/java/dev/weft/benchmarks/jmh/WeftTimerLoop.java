package dev.weft.benchmarks.jmh;

import dev.weft.reactor.DelayedCall;
import dev.weft.reactor.nio.NioReactor;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Weft's {@link NioReactor} timers ({@code callLater}) on its loop thread. */
final class WeftTimerLoop implements TimerLoop {
  private static final Runnable NOTHING = () -> {};
  private static final Duration MINUTE = Duration.ofMinutes(1);
  private final NioReactor reactor = NioReactor.builder().threadName("weft-timers").build().start();
  private DelayedCall[] scheduled = new DelayedCall[0];
  private int fired;

  @Override
  public void scheduleThenCancel(int count) throws Exception {
    onLoop(
        done -> {
          if (scheduled.length < count) {
            scheduled = new DelayedCall[count];
          }
          for (int i = 0; i < count; i++) {
            scheduled[i] = reactor.callLater(MINUTE, NOTHING);
          }
          for (int i = 0; i < count; i++) {
            scheduled[i].cancel();
            scheduled[i] = null;
          }
          done.complete(null);
        });
  }

  @Override
  public void scheduleAndFire(int count) throws Exception {
    onLoop(
        done -> {
          fired = 0;
          Runnable tick =
              () -> {
                if (++fired == count) {
                  done.complete(null);
                }
              };
          for (int i = 0; i < count; i++) {
            reactor.callLater(Duration.ZERO, tick);
          }
        });
  }

  @Override
  public void scheduleScrambledAndDrain(int count) throws Exception {
    onLoop(
        done -> {
          fired = 0;
          Runnable tick =
              () -> {
                if (++fired == count) {
                  done.complete(null);
                }
              };
          for (int i = 0; i < count; i++) {
            reactor.callLater(Duration.ofNanos(TimerLoop.scrambledDelayNanos(i, count)), tick);
          }
        },
        60);
  }

  private void onLoop(java.util.function.Consumer<CompletableFuture<Void>> batch)
      throws Exception {
    onLoop(batch, 10);
  }

  private void onLoop(java.util.function.Consumer<CompletableFuture<Void>> batch, int seconds)
      throws Exception {
    CompletableFuture<Void> done = new CompletableFuture<>();
    reactor.callFromThread(
        () -> {
          try {
            batch.accept(done);
          } catch (RuntimeException e) {
            done.completeExceptionally(e);
          }
        });
    done.get(seconds, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws InterruptedException {
    reactor.stop();
    reactor.awaitTermination(Duration.ofSeconds(10));
  }
}
