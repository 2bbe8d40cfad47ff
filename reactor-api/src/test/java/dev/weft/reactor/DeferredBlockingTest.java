package dev.weft.reactor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Blocking the reactor thread on its own pending Deferred fails at once instead of hanging. */
class DeferredBlockingTest {
  private final RecordingReactorExecutor reactor = RecordingReactorExecutor.onThisThread();

  @Test
  void joinOnThePendingDeferredOfTheReactorThreadFailsAtOnceAndSaysWhatToDo() {
    Deferred<String> pending = new Deferred<>(reactor, null);

    assertThatThrownBy(pending::join)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("Deferred.join() called on the reactor thread while the Deferred is pending")
        .hasMessageContaining("block forever")
        .hasMessageContaining("Chain a callback instead");
  }

  @Test
  void everyBlockingFormFailsTheSameWayAlsoOnChainedStages() {
    Deferred<String> pending = new Deferred<String>(reactor, null).thenApply(s -> s + "!");

    assertThatThrownBy(pending::get)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("Deferred.get() called on the reactor thread");
    assertThatThrownBy(() -> pending.get(1, TimeUnit.DAYS))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("Deferred.get(timeout, unit) called on the reactor thread");
  }

  @Test
  void aCompletedDeferredCanBeReadOnTheReactorThread() throws Exception {
    Deferred<String> done = new Deferred<>(reactor, null);
    done.complete("ready");

    assertThat(done.join()).isEqualTo("ready");
    assertThat(done.get()).isEqualTo("ready");
    assertThat(done.get(1, TimeUnit.MILLISECONDS)).isEqualTo("ready");
  }

  @Test
  void anotherThreadMayBlockUntilTheReactorCompletesIt() throws Exception {
    Deferred<String> pending = new Deferred<>(reactor, null);
    CompletableFuture<String> seenByWorker = new CompletableFuture<>();
    Thread worker = new Thread(() -> {
      try {
        seenByWorker.complete(pending.get(20, TimeUnit.SECONDS));
      } catch (Exception e) {
        seenByWorker.completeExceptionally(e);
      }
    });
    worker.start();

    pending.complete("from the reactor");

    assertThat(seenByWorker.get(20, TimeUnit.SECONDS)).isEqualTo("from the reactor");
    worker.join(20_000);
  }

  @Test
  void aDeferredWithoutAReactorExecutorCannotTellAndDoesNotRefuse() {
    Deferred<String> plain = new Deferred<>(Runnable::run, null);
    CompletableFuture.runAsync(() -> plain.complete("elsewhere"));

    assertThat(plain.join()).isEqualTo("elsewhere");
  }
}
