package dev.weft.reactor.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.reactor.Deferred;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MemoryThreadPoolTest {
  private final MemoryReactor reactor = new MemoryReactor();
  private final List<String> log = new ArrayList<>();

  @Test
  void callInThreadWaitsUntilTheTestRunsIt() {
    reactor.callInThread(() -> log.add("work"));
    assertThat(log).isEmpty();
    assertThat(reactor.threadPool().queued()).hasSize(1);
    assertThat(reactor.threadPool().runNext()).isTrue();
    assertThat(log).containsExactly("work");
    assertThat(reactor.threadPool().runNext()).isFalse();
  }

  @Test
  void deferToThreadDeliversTheResultOnTheNextTurn() {
    Deferred<String> result = reactor.deferToThread(() -> "done");
    reactor.threadPool().runAll();
    assertThat(result).isNotDone();
    reactor.iterate();
    assertThat(result).isCompletedWithValue("done");
  }

  @Test
  void deferToThreadFailureFailsTheDeferred() {
    Deferred<String> result = reactor.deferToThread(() -> {
      throw new java.io.IOException("disk full");
    });
    reactor.threadPool().runAll();
    reactor.iterate();
    assertThat(result).isCompletedExceptionally();
    assertThatThrownBy(result::join).hasCauseInstanceOf(java.io.IOException.class);
    assertThat(reactor.callbackErrors()).isEmpty();
  }

  @Test
  void inlineModeRunsWorkAtOnce() {
    reactor.threadPool().setInline(true);
    reactor.callInThread(() -> log.add("inline"));
    assertThat(log).containsExactly("inline");
    assertThat(reactor.threadPool().isInline()).isTrue();
    Deferred<Integer> result = reactor.deferToThread(() -> 42);
    reactor.iterate();
    assertThat(result).isCompletedWithValue(42);
  }

  @Test
  void runAllRunsWorkSubmittedByWorkInOrder() {
    reactor.callInThread(() -> {
      log.add("first");
      reactor.callInThread(() -> log.add("second"));
    });
    assertThat(reactor.threadPool().runAll()).isEqualTo(2);
    assertThat(log).containsExactly("first", "second");
  }

  @Test
  void runAllGivesUpOnWorkThatResubmitsForever() {
    Runnable[] again = new Runnable[1];
    again[0] = () -> reactor.callInThread(again[0]);
    reactor.callInThread(again[0]);
    assertThatThrownBy(reactor.threadPool()::runAll)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("runNext()");
  }

  @Test
  void throwingCallInThreadWorkIsRecorded() {
    reactor.callInThread(() -> {
      throw new IllegalStateException("worker failed");
    });
    reactor.threadPool().runAll();
    assertThat(reactor.takeCallbackErrors()).singleElement()
        .satisfies(e -> assertThat(e.context()).startsWith("callInThread"));
  }

  @Test
  void queuedWorkRecordsCreationSitesWhenAsked() {
    reactor.captureCreationSites(true);
    reactor.callInThread(() -> {});
    assertThat(reactor.threadPool().queued().get(0).creationSite()).isNotNull();
  }

  @Test
  void nullWorkFails() {
    assertThatThrownBy(() -> reactor.callInThread(null)).hasMessage("work");
    assertThatThrownBy(() -> reactor.deferToThread(null)).hasMessage("work");
  }
}
