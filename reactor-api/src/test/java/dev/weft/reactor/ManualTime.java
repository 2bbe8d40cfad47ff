package dev.weft.reactor;

import dev.weft.reactor.internal.TimerQueue;
import java.time.Duration;
import java.time.Instant;

/** A tiny hand-driven {@link ReactorTime} for the API's own tests (reactor-testing has the real fake). */
public final class ManualTime implements ReactorTime {
  private long nanos;
  private final TimerQueue timers = new TimerQueue(Instant.EPOCH, () -> nanos, () -> {});

  @Override
  public Instant now() {
    return timers.toInstant(nanos);
  }

  @Override
  public DelayedCall callLater(Duration delay, Runnable call) {
    return timers.schedule(delay, call);
  }

  public void advance(Duration by) {
    long target = nanos + by.toNanos();
    TimerQueue.Timer t;
    while ((t = timers.pollDue(target)) != null) {
      nanos = Math.max(nanos, t.dueNanos());
      t.run();
    }
    nanos = target;
  }

  public int pending() {
    return timers.size();
  }
}
