package dev.weft.reactor.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.reactor.AlreadyCalledException;
import dev.weft.reactor.AlreadyCancelledException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TimerQueueTest {
  private long now;
  private final List<String> ran = new ArrayList<>();
  private final TimerQueue queue = new TimerQueue(Instant.EPOCH, () -> now, () -> {});

  private TimerQueue.Timer at(long nanos, String name) {
    return queue.schedule(Duration.ofNanos(nanos), () -> ran.add(name));
  }

  private void runDue() {
    TimerQueue.Timer t;
    while ((t = queue.pollDue(now)) != null) {
      t.run();
    }
  }

  @Test
  void callsRunInDueTimeOrderThenSchedulingOrder() {
    at(30, "c");
    at(10, "a1");
    at(20, "b");
    at(10, "a2");
    now = 100;
    runDue();
    assertThat(ran).containsExactly("a1", "a2", "b", "c");
  }

  @Test
  void onlyDueCallsArePolled() {
    at(10, "a");
    at(20, "b");
    now = 15;
    runDue();
    assertThat(ran).containsExactly("a");
    assertThat(queue.size()).isEqualTo(1);
    assertThat(queue.nextDueNanos()).isEqualTo(20);
  }

  @Test
  void emptyQueueReportsNoNextDueTime() {
    assertThat(queue.isEmpty()).isTrue();
    assertThat(queue.peek()).isNull();
    assertThat(queue.nextDueNanos()).isEqualTo(Long.MAX_VALUE);
    assertThat(queue.pollDue(Long.MAX_VALUE)).isNull();
  }

  @Test
  void cancelRemovesTheCallAtOnce() {
    TimerQueue.Timer a = at(10, "a");
    at(20, "b");
    a.cancel();
    assertThat(queue.size()).isEqualTo(1);
    assertThat(a.isCancelled()).isTrue();
    assertThat(a.isActive()).isFalse();
    now = 100;
    runDue();
    assertThat(ran).containsExactly("b");
  }

  @Test
  void cancellingTwiceFailsWithAlreadyCancelled() {
    TimerQueue.Timer a = at(10, "a");
    a.cancel();
    assertThatThrownBy(a::cancel)
        .isInstanceOf(AlreadyCancelledException.class)
        .hasMessageContaining("cancelled");
  }

  @Test
  void cancellingAfterTheCallRanFailsWithAlreadyCalled() {
    TimerQueue.Timer a = at(10, "a");
    now = 10;
    runDue();
    assertThat(a.isCalled()).isTrue();
    assertThatThrownBy(a::cancel).isInstanceOf(AlreadyCalledException.class);
    assertThatThrownBy(() -> a.reset(Duration.ZERO)).isInstanceOf(AlreadyCalledException.class);
    assertThatThrownBy(() -> a.delay(Duration.ZERO)).isInstanceOf(AlreadyCalledException.class);
  }

  @Test
  void aPolledCallCountsAsCalledBeforeItRuns() {
    TimerQueue.Timer a = at(0, "a");
    TimerQueue.Timer polled = queue.pollDue(0);
    assertThat(polled).isSameAs(a);
    assertThat(a.isCalled()).isTrue();
    assertThatThrownBy(a::cancel).isInstanceOf(AlreadyCalledException.class);
  }

  @Test
  void aTimerRunsOnlyOnce() {
    TimerQueue.Timer a = at(0, "a");
    queue.pollDue(0).run();
    assertThatThrownBy(a::run).isInstanceOf(IllegalStateException.class).hasMessageContaining("once");
    assertThat(ran).containsExactly("a");
  }

  @Test
  void resetMovesTheCallRelativeToNow() {
    TimerQueue.Timer a = at(10, "a");
    at(20, "b");
    now = 5;
    a.reset(Duration.ofNanos(100));
    assertThat(a.dueNanos()).isEqualTo(105);
    now = 50;
    runDue();
    assertThat(ran).containsExactly("b");
    now = 105;
    runDue();
    assertThat(ran).containsExactly("b", "a");
  }

  @Test
  void resettingToTheSameTimeAsAnotherCallRunsAfterIt() {
    TimerQueue.Timer a = at(10, "a");
    at(10, "b");
    a.reset(Duration.ofNanos(10));
    now = 10;
    runDue();
    assertThat(ran).containsExactly("b", "a");
  }

  @Test
  void delayPostponesFromTheDueTime() {
    TimerQueue.Timer a = at(10, "a");
    now = 5;
    a.delay(Duration.ofNanos(15));
    assertThat(a.dueNanos()).isEqualTo(25);
    assertThat(a.time()).isEqualTo(Instant.EPOCH.plusNanos(25));
  }

  @Test
  void negativeDelaysAreRejectedWithTheValue() {
    TimerQueue.Timer a = at(10, "a");
    assertThatThrownBy(() -> queue.schedule(Duration.ofSeconds(-1), () -> {}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("delay must not be negative: PT-1S");
    assertThatThrownBy(() -> a.reset(Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("PT-0.001S");
    assertThatThrownBy(() -> a.delay(Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void hugeDelaysSaturateInsteadOfOverflowing() {
    now = 1000;
    TimerQueue.Timer far = queue.schedule(Duration.ofDays(365L * 1_000_000), () -> {});
    assertThat(far.dueNanos()).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void theOwnerCheckGuardsEveryMutation() {
    List<String> checks = new ArrayList<>();
    TimerQueue guarded = new TimerQueue(Instant.EPOCH, () -> 0, () -> checks.add("check"));
    TimerQueue.Timer t = guarded.schedule(Duration.ofNanos(5), () -> {});
    t.delay(Duration.ZERO);
    t.reset(Duration.ZERO);
    t.cancel();
    assertThat(checks).hasSize(4);

    TimerQueue refusing =
        new TimerQueue(
            Instant.EPOCH,
            () -> 0,
            () -> {
              throw new IllegalStateException("wrong thread");
            });
    assertThatThrownBy(() -> refusing.schedule(Duration.ZERO, () -> {}))
        .hasMessage("wrong thread");
    assertThat(refusing.size()).isZero();
  }

  @Test
  void pendingListsCallsInRunOrderAndClearCancelsThemAll() {
    TimerQueue.Timer b = at(20, "b");
    TimerQueue.Timer a = at(10, "a");
    assertThat(queue.pending()).containsExactly(a, b);
    assertThat(queue.clear()).containsExactly(a, b);
    assertThat(queue.isEmpty()).isTrue();
    assertThat(a.isCancelled()).isTrue();
  }

  @Test
  void cancelledCallsDoNotPileUpInTheHeap() {
    List<TimerQueue.Timer> keep = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      keep.add(at(1_000_000 + i, "keep" + i));
    }
    for (int i = 0; i < 20_000; i++) {
      at(i, "churn").cancel();
      assertThat(queue.entryCount()).isLessThanOrEqualTo(2 * keep.size() + 17);
    }
    assertThat(queue.size()).isEqualTo(100);
  }

  @Test
  void repeatedResetsDoNotPileUpInTheHeap() {
    TimerQueue.Timer watchdog = at(10, "watchdog");
    at(20, "other");
    for (int i = 0; i < 20_000; i++) {
      now = i;
      watchdog.reset(Duration.ofNanos(10));
      assertThat(queue.entryCount()).isLessThanOrEqualTo(2 * 2 + 17);
    }
    assertThat(queue.size()).isEqualTo(2);
    now = 19_999 + 10;
    runDue();
    assertThat(ran).containsExactly("other", "watchdog");
  }

  @Test
  void randomScheduleAndCancelKeepsHeapOrderAndShrinks() {
    Random random = new Random(42);
    List<TimerQueue.Timer> live = new ArrayList<>();
    for (int i = 0; i < 20_000; i++) {
      long due = random.nextInt(1_000_000);
      live.add(queue.schedule(Duration.ofNanos(due), () -> {}));
      if (random.nextBoolean()) {
        live.remove(random.nextInt(live.size())).cancel();
      }
    }
    for (int i = live.size() - 1; i >= 100; i--) {
      live.remove(i).cancel();
    }
    assertThat(queue.size()).isEqualTo(live.size());
    long last = -1;
    TimerQueue.Timer t;
    now = Long.MAX_VALUE;
    while ((t = queue.pollDue(now)) != null) {
      assertThat(t.dueNanos()).isGreaterThanOrEqualTo(last);
      assertThat(live.remove(t)).isTrue();
      last = t.dueNanos();
    }
    assertThat(live).isEmpty();
  }

  @Test
  void randomResetsDelaysAndCancelsKeepDueTimeOrder() {
    Random random = new Random(7);
    List<TimerQueue.Timer> live = new ArrayList<>();
    for (int i = 0; i < 5_000; i++) {
      live.add(queue.schedule(Duration.ofNanos(random.nextInt(1_000)), () -> {}));
      TimerQueue.Timer some = live.get(random.nextInt(live.size()));
      switch (random.nextInt(3)) {
        case 0 -> some.reset(Duration.ofNanos(random.nextInt(1_000)));
        case 1 -> some.delay(Duration.ofNanos(random.nextInt(10)));
        default -> {
          live.remove(some);
          some.cancel();
        }
      }
    }
    now = Long.MAX_VALUE;
    TimerQueue.Timer previous = null;
    TimerQueue.Timer t;
    int drained = 0;
    while ((t = queue.pollDue(now)) != null) {
      // Ties by scheduling order are checked exactly in resettingToTheSameTimeAsAnotherCallRunsAfterIt.
      if (previous != null) {
        assertThat(t.dueNanos()).isGreaterThanOrEqualTo(previous.dueNanos());
      }
      assertThat(live.remove(t)).isTrue();
      previous = t;
      drained++;
    }
    assertThat(live).isEmpty();
    assertThat(drained).isPositive();
  }

  @Test
  void batchesSortedInBulkRunInExactlyTheOrderOfAReferenceModel() {
    // Large batches take the sorting path, small ones the sift path; ties on due time, resets
    // and cancels between batches, and polls in between must all give the model's order.
    Random random = new Random(11);
    java.util.TreeMap<long[], TimerQueue.Timer> model =
        new java.util.TreeMap<>(
            java.util.Comparator.<long[]>comparingLong(k -> k[0]).thenComparingLong(k -> k[1]));
    java.util.Map<TimerQueue.Timer, long[]> keyOf = new java.util.HashMap<>();
    long seq = 0;
    for (int round = 0; round < 20; round++) {
      int batch = random.nextBoolean() ? 1 + random.nextInt(20) : 1_000 + random.nextInt(2_000);
      for (int i = 0; i < batch; i++) {
        TimerQueue.Timer t = queue.schedule(Duration.ofNanos(random.nextInt(2_000)), () -> {});
        long[] key = {t.dueNanos(), seq++};
        model.put(key, t);
        keyOf.put(t, key);
      }
      List<TimerQueue.Timer> all = new ArrayList<>(keyOf.keySet());
      all.sort(java.util.Comparator.comparingLong(t -> keyOf.get(t)[1]));
      for (int i = 0; i < 50 && !all.isEmpty(); i++) {
        TimerQueue.Timer some = all.get(random.nextInt(all.size()));
        model.remove(keyOf.get(some));
        if (random.nextBoolean()) {
          some.cancel();
          keyOf.remove(some);
          all.remove(some);
        } else {
          some.reset(Duration.ofNanos(random.nextInt(50_000)));
          long[] key = {some.dueNanos(), seq++};
          model.put(key, some);
          keyOf.put(some, key);
        }
      }
      now += random.nextInt(1_000);
      TimerQueue.Timer t;
      while ((t = queue.pollDue(now)) != null) {
        assertThat(t).isSameAs(model.pollFirstEntry().getValue());
        keyOf.remove(t);
      }
      assertThat(queue.size()).isEqualTo(model.size());
      assertThat(queue.pending()).containsExactlyElementsOf(model.values());
    }
  }

  @Test
  void toStringShowsStateAndDueTime() {
    TimerQueue.Timer a = at(1_500_000_000L, "a");
    assertThat(a.toString()).startsWith("DelayedCall[pending, due PT1.5S");
  }

  @Test
  void aMarkLeavesCallsScheduledAfterItForTheNextTurn() {
    Runnable[] again = new Runnable[1];
    again[0] = () -> {
      ran.add("again");
      queue.schedule(Duration.ZERO, again[0]);
    };
    queue.schedule(Duration.ZERO, again[0]);
    at(0, "other");

    for (int turn = 0; turn < 3; turn++) {
      long mark = queue.sequenceMark();
      TimerQueue.Timer t;
      while ((t = queue.pollDue(now, mark)) != null) {
        t.run();
      }
    }

    assertThat(ran).containsExactly("again", "other", "again", "again");
    assertThat(queue.size()).isEqualTo(1);
  }

  @Test
  void aMarkDoesNotHoldBackCallsDueLater() {
    at(5, "later");
    long mark = queue.sequenceMark();
    now = 10;
    assertThat(queue.pollDue(now, mark)).isNotNull();
  }

  @Test
  void aSortedBatchAndCallsSiftedBesideItRunInExactlySchedulingOrderOnTies() {
    // 5,000 calls over 100 due times take the sorting path into the run; the 10 scheduled after
    // the first read are sifted into the heap, and on equal due times they must still come after
    // every call of the batch.
    List<TimerQueue.Timer> expected = new ArrayList<>();
    Random random = new Random(3);
    List<long[]> keys = new ArrayList<>();
    for (int i = 0; i < 5_000; i++) {
      keys.add(new long[] {random.nextInt(100), i});
      expected.add(queue.schedule(Duration.ofNanos(keys.get(i)[0]), () -> {}));
    }
    assertThat(queue.nextDueNanos()).isZero();
    for (int i = 0; i < 10; i++) {
      keys.add(new long[] {10 * i, 5_000 + i});
      expected.add(queue.schedule(Duration.ofNanos(10 * i), () -> {}));
    }
    List<Integer> byKey = new ArrayList<>();
    for (int i = 0; i < keys.size(); i++) {
      byKey.add(i);
    }
    byKey.sort(
        java.util.Comparator.<Integer>comparingLong(i -> keys.get(i)[0])
            .thenComparingLong(i -> keys.get(i)[1]));

    now = 1_000;
    List<TimerQueue.Timer> drained = new ArrayList<>();
    TimerQueue.Timer t;
    while ((t = queue.pollDue(now)) != null) {
      drained.add(t);
    }
    assertThat(drained).containsExactlyElementsOf(byKey.stream().map(expected::get).toList());
  }

  @Test
  void aSortedBatchSpanningTheWholeTimelineRunsInDueTimeOrder() {
    // Due times from 0 to the saturated end of time: the sort needs all eight bytes of the span.
    Random random = new Random(5);
    List<Long> dues = new ArrayList<>();
    for (int i = 0; i < 3_000; i++) {
      long delay = switch (i % 4) {
        case 0 -> random.nextInt(10);
        case 1 -> random.nextLong() >>> 1;
        case 2 -> Long.MAX_VALUE;
        default -> random.nextLong() >>> 40;
      };
      dues.add(queue.schedule(Duration.ofNanos(delay), () -> {}).dueNanos());
    }
    dues.sort(null);
    now = Long.MAX_VALUE;
    List<Long> drained = new ArrayList<>();
    TimerQueue.Timer t;
    while ((t = queue.pollDue(now)) != null) {
      drained.add(t.dueNanos());
    }
    assertThat(drained).containsExactlyElementsOf(dues);
  }

  @Test
  void cancellingMostOfASortedBatchShrinksIt() {
    List<TimerQueue.Timer> batch = new ArrayList<>();
    for (int i = 0; i < 100_000; i++) {
      batch.add(at(100_000 - i, "batch"));
    }
    assertThat(queue.nextDueNanos()).isEqualTo(1);
    for (int i = 10; i < batch.size(); i++) {
      batch.get(i).cancel();
    }
    assertThat(queue.size()).isEqualTo(10);
    assertThat(queue.entryCount()).isLessThanOrEqualTo(2 * 10 + 17);
    now = 100_000;
    runDue();
    assertThat(ran).hasSize(10);
  }
}
