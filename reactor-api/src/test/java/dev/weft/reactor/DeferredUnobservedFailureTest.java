package dev.weft.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A failure that nobody observes is reported: tracked by a reactor that tracks (the fakes), or
 * reported when the Deferred becomes unreachable (production).
 */
class DeferredUnobservedFailureTest {
  private final RecordingReactorExecutor reactor = RecordingReactorExecutor.onThisThread();

  @Test
  void anExceptionThrownInACallbackWhoseStageNobodyReadsIsTracked() {
    Deferred<String> connected = new Deferred<>(reactor, null);
    connected.thenAccept(protocol -> {
      throw new IllegalStateException("bug in the user's callback");
    });

    connected.complete("protocol");

    assertThat(reactor.stillUnobserved()).singleElement().satisfies(d ->
        assertThat(d).isCompletedExceptionally());
    Deferred<?> lost = reactor.tracked.get(0);
    assertThat(lost.handle((v, e) -> e).join())
        .isInstanceOf(CompletionException.class)
        .hasRootCauseMessage("bug in the user's callback");
  }

  @Test
  void observingTheFailureLaterTakesItOffTheList() {
    Deferred<String> d = new Deferred<>(reactor, null);
    Deferred<Integer> stage = d.thenApply(String::length);
    d.completeExceptionally(new ConnectionRefusedException("no"));
    assertThat(reactor.stillUnobserved()).containsExactly(stage);

    stage.exceptionally(e -> -1);

    assertThat(reactor.stillUnobserved()).isEmpty();
  }

  @Test
  void aFailureHandedToADependentIsTheDependentsToReport() {
    Deferred<String> d = new Deferred<>(reactor, null);
    Deferred<String> recovered = d.exceptionally(e -> "fallback");

    d.completeExceptionally(new ConnectionRefusedException("no"));

    assertThat(recovered.join()).isEqualTo("fallback");
    assertThat(reactor.tracked).isEmpty();
  }

  @Test
  void theStageOfAWhenCompleteThatSawTheFailureIsNotReported() {
    Deferred<String> d = new Deferred<>(reactor, null);
    d.whenComplete((v, e) -> {});

    d.completeExceptionally(new ConnectionRefusedException("logged by the action"));

    assertThat(reactor.stillUnobserved()).isEmpty();
  }

  @Test
  void butAWhenCompleteActionThatThrowsIsReported() {
    Deferred<String> d = new Deferred<>(reactor, null);
    d.whenComplete((v, e) -> {
      throw new IllegalArgumentException("broken action");
    });

    d.complete("fine");

    assertThat(reactor.stillUnobserved()).hasSize(1);
  }

  @Test
  void aProducerFailureWithNobodyListeningIsTrackedUntilRead() {
    Deferred<String> d = new Deferred<>(reactor, null);

    d.completeExceptionally(new ConnectionRefusedException("nobody listened"));
    assertThat(reactor.stillUnobserved()).containsExactly(d);

    assertThat(d.isCompletedExceptionally()).isTrue();
    assertThat(reactor.stillUnobserved()).isEmpty();
  }

  @Test
  void cancellationsAndTimeoutsAreTreatedApart() {
    ManualTime time = new ManualTime();
    Deferred<String> cancelled = new Deferred<>(reactor, null);
    cancelled.thenApply(s -> s);
    cancelled.cancel(false);
    assertThat(reactor.tracked).as("a cancellation is never reported").isEmpty();

    Deferred<String> timedOut = new Deferred<>(reactor, null);
    timedOut.withTimeout(Duration.ofSeconds(1), time);
    time.advance(Duration.ofSeconds(1));
    assertThat(reactor.stillUnobserved()).as("a timeout nobody reads is").containsExactly(timedOut);
  }

  @Test
  void allOfObservesItsArgumentsAndPassesTheFailureOn() {
    Deferred<String> a = new Deferred<>(reactor, null);
    Deferred<String> b = new Deferred<>(reactor, null);
    Deferred<Void> both = Deferred.allOf(a, b);

    a.completeExceptionally(new ConnectionRefusedException("a"));
    b.complete("b");

    assertThat(reactor.stillUnobserved()).containsExactly(both);
    assertThat(a.isObserved()).isTrue();
  }

  @Test
  void withoutTrackingAnUnreachableUnobservedFailureIsReportedOnce() throws Exception {
    RecordingReactorExecutor production = new RecordingReactorExecutor(new Thread(), false);
    failAndForget(production, "dropped on the floor");
    Deferred<String> kept = new Deferred<>(production, null);
    kept.completeExceptionally(new ConnectionRefusedException("read later"));
    kept.exceptionally(e -> "handled");

    // Garbage collection is the trigger, as in Twisted: ask for it until the report arrives.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (production.reported.isEmpty() && System.nanoTime() < deadline) {
      System.gc();
      Thread.sleep(10);
    }

    assertThat(production.reported).singleElement().satisfies(failure ->
        assertThat(failure).hasRootCauseMessage("dropped on the floor"));
    assertThat(kept.isObserved()).isTrue();
  }

  private static void failAndForget(ReactorExecutor executor, String message) {
    new Deferred<String>(executor, null).thenRun(() -> {}).thenApply(v -> v);
    Deferred<String> source = new Deferred<>(executor, null);
    source.thenRun(() -> {
      throw new IllegalStateException(message);
    });
    source.complete("go");
  }

  @Test
  void plainCompletableFutureAllOfIsNotSeenButTheDeferredOneIs() {
    Deferred<String> a = new Deferred<>(reactor, null);
    CompletableFuture<Void> plain = CompletableFuture.allOf(a);
    a.completeExceptionally(new ConnectionRefusedException("a"));

    assertThat(plain).isCompletedExceptionally();
    assertThat(reactor.stillUnobserved())
        .as("documented: CompletableFuture.allOf reads its arguments without telling them")
        .containsExactly(a);
  }
}
