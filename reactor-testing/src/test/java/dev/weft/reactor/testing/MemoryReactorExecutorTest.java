package dev.weft.reactor.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.reactor.Deferred;
import dev.weft.reactor.ReactorExecutor;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The fake as the executor of its Deferreds, as NioReactor is for its own. */
class MemoryReactorExecutorTest {
  private final MemoryReactor reactor = new MemoryReactor();

  @Test
  void joiningAPendingDeferredOfTheFakeOnTheTestThreadFailsAtOnceInsteadOfHanging() {
    Deferred<Integer> row = reactor.deferToThread(() -> 42);

    assertThatThrownBy(row::join)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("called on the reactor thread while the Deferred is pending")
        .hasMessageContaining("Chain a callback instead");

    reactor.threadPool().runAll();
    reactor.iterate();
    assertThat(row.join()).isEqualTo(42);
  }

  @Test
  void theReactorThreadIsTheThreadThatCreatedTheFake() throws Exception {
    ReactorExecutor executor = reactor.executor();

    assertThat(executor.inReactorThread()).isTrue();
    assertThat(CompletableFuture.supplyAsync(executor::inReactorThread).get(20, TimeUnit.SECONDS))
        .isFalse();
  }

  @Test
  void tasksRunOnTheNextTurnLikeCallFromThread() {
    List<String> ran = new ArrayList<>();
    reactor.executor().execute(() -> ran.add("task"));
    assertThat(ran).isEmpty();
    assertThat(reactor.queuedCallsFromThread()).hasSize(1);

    reactor.iterate();

    assertThat(ran).containsExactly("task");
  }

  @Test
  void aFailureNobodyObservedIsListedUntilSomethingObservesIt() {
    Deferred<Integer> parsed = reactor.deferToThread(() -> "x").thenApply(Integer::parseInt);
    reactor.threadPool().runAll();
    reactor.iterate();

    assertThat(reactor.unobservedFailures()).singleElement()
        .satisfies(e -> assertThat(e).hasRootCauseInstanceOf(NumberFormatException.class));
    assertThat(Leftovers.of(reactor)).extracting(Leftover::kind)
        .containsExactly(Leftover.Kind.UNOBSERVED_FAILURES);

    parsed.exceptionally(e -> -1);

    assertThat(reactor.unobservedFailures()).isEmpty();
    assertThat(Leftovers.of(reactor)).isEmpty();
  }
}
