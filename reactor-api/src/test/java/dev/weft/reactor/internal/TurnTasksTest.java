package dev.weft.reactor.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TurnTasksTest {
  private final TurnTasks<Runnable> tasks = new TurnTasks<>();
  private final List<String> ran = new ArrayList<>();

  @Test
  void aThreadCallQueuedDuringThePhaseWaitsForTheNextTurn() {
    Runnable[] again = new Runnable[1];
    again[0] = () -> {
      ran.add("again");
      tasks.addFromThread(again[0]);
    };
    tasks.addFromThread(again[0]);
    tasks.addFromThread(() -> ran.add("other"));

    assertThat(tasks.runFromThreads(Runnable::run)).isEqualTo(2);
    assertThat(tasks.runFromThreads(Runnable::run)).isEqualTo(1);

    assertThat(ran).containsExactly("again", "other", "again");
    assertThat(tasks.hasFromThreads()).isTrue();
  }

  @Test
  void oneTurnRunsAtMostABatchOfThreadCalls() {
    for (int i = 0; i < TurnTasks.THREAD_CALL_BATCH + 10; i++) {
      tasks.addFromThread(() -> ran.add("x"));
    }
    assertThat(tasks.runFromThreads(Runnable::run)).isEqualTo(TurnTasks.THREAD_CALL_BATCH);
    assertThat(tasks.runFromThreads(Runnable::run)).isEqualTo(10);
    assertThat(tasks.isEmpty()).isTrue();
  }

  @Test
  void aLocalTaskQueuedDuringThePhaseWaits() {
    tasks.addLocal(() -> {
      ran.add("first");
      tasks.addLocal(() -> ran.add("second"));
    });
    assertThat(tasks.runLocal(Runnable::run)).isEqualTo(1);
    assertThat(ran).containsExactly("first");
    assertThat(tasks.hasLocal()).isTrue();
    tasks.runLocal(Runnable::run);
    assertThat(ran).containsExactly("first", "second");
  }

  @Test
  void clearForgetsEverythingAndLaterCallsStillRun() {
    tasks.addFromThread(() -> ran.add("dropped"));
    tasks.addLocal(() -> ran.add("dropped"));
    tasks.clear();
    tasks.addFromThread(() -> ran.add("kept"));
    tasks.runFromThreads(Runnable::run);
    tasks.runLocal(Runnable::run);
    assertThat(ran).containsExactly("kept");
  }

  @Test
  void closingTheThreadSideDropsWhatWaitsAndWhatComesLaterButKeepsLocalTasks() {
    tasks.addFromThread(() -> ran.add("waiting"));
    tasks.addLocal(() -> ran.add("local"));

    List<Runnable> dropped = tasks.closeFromThreads();

    assertThat(dropped).hasSize(1);
    assertThat(tasks.addFromThread(() -> ran.add("late"))).isFalse();
    assertThat(tasks.runFromThreads(Runnable::run)).isZero();
    tasks.runLocal(Runnable::run);
    assertThat(ran).containsExactly("local");
  }
}
