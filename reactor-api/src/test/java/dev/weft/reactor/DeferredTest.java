package dev.weft.reactor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class DeferredTest {

  @Nested
  class Completion {
    @Test
    void callbacksRunWithTheValueWhenItSucceeds() {
      Deferred<String> d = new Deferred<>();
      List<String> seen = new ArrayList<>();
      d.thenAccept(seen::add);
      assertThat(seen).isEmpty();
      assertThat(d.complete("hello")).isTrue();
      assertThat(seen).containsExactly("hello");
      assertThat(d).isCompletedWithValue("hello");
    }

    @Test
    void completingTwiceIsALoudError() {
      Deferred<String> d = new Deferred<>();
      d.complete("first");
      assertThatThrownBy(() -> d.complete("second"))
          .isInstanceOf(AlreadyCalledException.class)
          .hasMessageContaining("already completed (succeeded)");
      assertThatThrownBy(() -> d.completeExceptionally(new RuntimeException("late")))
          .isInstanceOf(AlreadyCalledException.class);
      assertThat(d.join()).isEqualTo("first");
    }

    @Test
    void failingAFailedDeferredIsALoudErrorToo() {
      Deferred<String> d = Deferred.failed(new IllegalStateException("boom"));
      assertThatThrownBy(() -> d.completeExceptionally(new RuntimeException()))
          .isInstanceOf(AlreadyCalledException.class)
          .hasMessageContaining("failed");
    }

    @Test
    void succeededAndFailedFactoriesAreAlreadyComplete() {
      assertThat(Deferred.succeeded(42)).isCompletedWithValue(42);
      assertThat(Deferred.succeeded(null)).isCompletedWithValue(null);
      assertThat(Deferred.<Integer>failed(new ConnectionRefusedException("no")))
          .isCompletedExceptionally();
      assertThatThrownBy(() -> Deferred.failed(null))
          .isInstanceOf(NullPointerException.class)
          .hasMessage("reason");
    }

    @Test
    void toStringSaysTheState() {
      Deferred<String> d = new Deferred<>();
      assertThat(d).hasToString("Deferred[pending]");
      d.complete("x");
      assertThat(d).hasToString("Deferred[succeeded]");
    }
  }

  @Nested
  class Chaining {
    @Test
    void chainedStagesAreDeferredsAtCompileTimeAndRunTime() {
      Deferred<Integer> d = new Deferred<>();
      Deferred<String> chained = d.thenApply(i -> i * 2).thenApply(String::valueOf);
      Deferred<String> composed = chained.thenCompose(s -> Deferred.succeeded(s + "!"));
      Deferred<String> handled = composed.handle((s, e) -> s).whenComplete((s, e) -> {});
      d.complete(21);
      assertThat(chained).isInstanceOf(Deferred.class).isCompletedWithValue("42");
      assertThat(handled).isCompletedWithValue("42!");
    }

    @Test
    void failuresPropagateAndCanBeRecovered() {
      Deferred<Integer> d = new Deferred<>();
      Deferred<Integer> recovered = d.thenApply(i -> i + 1).exceptionally(e -> -1);
      d.completeExceptionally(new ConnectionLostException("gone"));
      assertThat(recovered).isCompletedWithValue(-1);
    }

    @Test
    void combineAndRunAndAcceptStayDeferred() {
      Deferred<Integer> a = new Deferred<>();
      Deferred<Integer> b = new Deferred<>();
      Deferred<Integer> sum = a.thenCombine(b, Integer::sum);
      Deferred<Void> ran = sum.thenRun(() -> {});
      a.complete(1);
      b.complete(2);
      assertThat(sum).isCompletedWithValue(3);
      assertThat(ran).isCompleted();
    }

    @Test
    void exceptionallyComposeRecoversWithAnotherStage() {
      Deferred<String> d = Deferred.failed(new DnsLookupException("no such host"));
      assertThat(d.exceptionallyCompose(e -> Deferred.succeeded("fallback")))
          .isCompletedWithValue("fallback");
    }

    @Test
    void fromAdaptsAPlainFutureAndCancelsIt() {
      CompletableFuture<String> plain = new CompletableFuture<>();
      Deferred<String> d = Deferred.from(plain);
      d.cancel(true);
      assertThat(plain).isCancelled();

      CompletableFuture<String> other = new CompletableFuture<>();
      Deferred<String> follows = Deferred.from(other);
      other.complete("done");
      assertThat(follows).isCompletedWithValue("done");
      assertThat(Deferred.from(follows)).isSameAs(follows);
    }
  }

  @Nested
  class Cancellation {
    @Test
    void cancelRunsTheProducersCancellerOnce() {
      AtomicInteger calls = new AtomicInteger();
      Deferred<String> d = new Deferred<>(self -> calls.incrementAndGet());
      assertThat(d.cancel(false)).isTrue();
      assertThat(d.cancel(false)).isFalse();
      assertThat(calls).hasValue(1);
      assertThat(d).isCancelled();
    }

    @Test
    void theCancellerMayFailTheDeferredWithAMoreSpecificReason() {
      Deferred<String> d =
          new Deferred<>(self -> self.completeExceptionally(new ConnectCancelledException("stopped")));
      d.cancel(true);
      assertThat(d.isCancelled()).isFalse();
      assertThatThrownBy(d::join).hasCauseInstanceOf(ConnectCancelledException.class);
    }

    @Test
    void aLateResultFromTheProducerAfterCancelIsIgnored() {
      Deferred<String> d = new Deferred<>(self -> {});
      d.cancel(false);
      assertThat(d.complete("too late")).isFalse();
      assertThat(d.completeExceptionally(new RuntimeException())).isFalse();
      assertThat(d).isCancelled();
    }

    @Test
    void cancellingACompletedDeferredDoesNothing() {
      AtomicInteger calls = new AtomicInteger();
      Deferred<String> d = new Deferred<>(self -> calls.incrementAndGet());
      d.complete("x");
      assertThat(d.cancel(true)).isFalse();
      assertThat(calls).hasValue(0);
    }

    @Test
    void cancellingAChainedStageReachesTheOriginalCanceller() {
      AtomicInteger calls = new AtomicInteger();
      Deferred<Integer> source = new Deferred<>(self -> calls.incrementAndGet());
      Deferred<String> chained = source.thenApply(i -> i * 2).thenApply(String::valueOf);
      chained.cancel(true);
      assertThat(calls).hasValue(1);
      assertThat(source).isCancelled();
      assertThat(chained).isCompletedExceptionally();
      // The chained stage fails the way CompletableFuture propagates any upstream failure.
      assertThatThrownBy(chained::join)
          .isInstanceOf(CompletionException.class)
          .hasCauseInstanceOf(CancellationException.class);
    }

    @Test
    void aCancellerThatThrowsStillLeavesTheDeferredCancelled() {
      Deferred<String> d =
          new Deferred<>(
              self -> {
                throw new IllegalStateException("canceller broke");
              });
      assertThatThrownBy(() -> d.cancel(false)).hasMessage("canceller broke");
      assertThat(d).isCancelled();
    }
  }

  @Nested
  class Timeouts {
    private final ManualTime time = new ManualTime();

    @Test
    void timesOutOnReactorTimeAndStopsTheProducer() {
      AtomicInteger cancelled = new AtomicInteger();
      Deferred<String> d = new Deferred<>(self -> cancelled.incrementAndGet());
      d.withTimeout(Duration.ofSeconds(5), time);
      time.advance(Duration.ofMillis(4_999));
      assertThat(d).isNotDone();
      time.advance(Duration.ofMillis(1));
      assertThat(d).isCompletedExceptionally();
      assertThatThrownBy(d::join)
          .isInstanceOf(CompletionException.class)
          .hasCauseInstanceOf(TimeoutException.class)
          .hasMessageContaining("PT5S");
      assertThat(cancelled).hasValue(1);
    }

    @Test
    void theProducersCompletionAfterATimeoutIsIgnored() {
      Deferred<String> d = new Deferred<>(self -> self.complete("from canceller"));
      d.withTimeout(Duration.ofSeconds(1), time);
      time.advance(Duration.ofSeconds(1));
      assertThat(d.complete("late")).isFalse();
      assertThatThrownBy(d::join).hasCauseInstanceOf(TimeoutException.class);
    }

    @Test
    void completingInTimeCancelsTheTimer() {
      Deferred<String> d = new Deferred<>();
      d.withTimeout(Duration.ofSeconds(5), time);
      assertThat(time.pending()).isEqualTo(1);
      d.complete("in time");
      assertThat(time.pending()).isZero();
      time.advance(Duration.ofSeconds(10));
      assertThat(d).isCompletedWithValue("in time");
    }

    @Test
    void aCompletedDeferredSchedulesNoTimer() {
      Deferred.succeeded("x").withTimeout(Duration.ofSeconds(1), time);
      assertThat(time.pending()).isZero();
    }

    @Test
    void negativeTimeoutsAreRejected() {
      assertThatThrownBy(() -> new Deferred<>().withTimeout(Duration.ofSeconds(-3), time))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("timeout must not be negative: PT-3S");
    }

    @Test
    void realTimeTimeoutsAreRefusedWithTheAlternativeNamed() {
      Deferred<String> d = new Deferred<>();
      assertThatThrownBy(() -> d.orTimeout(1, TimeUnit.SECONDS))
          .isInstanceOf(UnsupportedOperationException.class)
          .hasMessageContaining("withTimeout");
      assertThatThrownBy(() -> d.completeOnTimeout("x", 1, TimeUnit.SECONDS))
          .isInstanceOf(UnsupportedOperationException.class);
    }
  }

  @Nested
  class AsyncStages {
    @Test
    void asyncStagesRunOnTheGivenReactorExecutorNotTheCommonPool() {
      List<Runnable> queued = new ArrayList<>();
      Executor reactor = queued::add;
      Deferred<Integer> d = new Deferred<>(reactor, null);
      Deferred<Integer> async = d.thenApplyAsync(i -> i + 1);
      d.complete(1);
      assertThat(async).isNotDone();
      assertThat(queued).hasSize(1);
      queued.get(0).run();
      assertThat(async).isCompletedWithValue(2);
    }

    @Test
    void chainedStagesInheritTheExecutor() {
      List<Runnable> queued = new ArrayList<>();
      Deferred<Integer> d = new Deferred<>(queued::add, null);
      Deferred<Integer> later = d.thenApply(i -> i).thenApplyAsync(i -> i * 10);
      d.complete(3);
      queued.forEach(Runnable::run);
      assertThat(later).isCompletedWithValue(30);
    }

    @Test
    void withoutAnExecutorAsyncStagesFailLoudly() {
      Deferred<Integer> d = Deferred.succeeded(1);
      Deferred<Integer> async = d.thenApplyAsync(i -> i + 1);
      assertThatThrownBy(async::join)
          .hasCauseInstanceOf(IllegalStateException.class)
          .hasMessageContaining("no reactor to run async stages on");
    }
  }
}
