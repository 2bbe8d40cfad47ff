package dev.weft.reactor;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A {@link ReactorExecutor} for the API's own tests: queues tasks, says whether the caller is "on
 * the reactor thread" as told, and records what Deferreds hand it.
 */
final class RecordingReactorExecutor implements ReactorExecutor {
  final List<Runnable> queued = new ArrayList<>();
  final List<Deferred<?>> tracked = new ArrayList<>();
  final List<Throwable> reported = new CopyOnWriteArrayList<>();
  private final Thread reactorThread;
  private final boolean tracks;

  RecordingReactorExecutor(Thread reactorThread, boolean tracks) {
    this.reactorThread = reactorThread;
    this.tracks = tracks;
  }

  /** The calling thread plays the reactor thread, and failures are tracked, as on the fakes. */
  static RecordingReactorExecutor onThisThread() {
    return new RecordingReactorExecutor(Thread.currentThread(), true);
  }

  @Override
  public void execute(Runnable task) {
    queued.add(task);
  }

  void runQueued() {
    while (!queued.isEmpty()) {
      queued.remove(0).run();
    }
  }

  @Override
  public boolean inReactorThread() {
    return Thread.currentThread() == reactorThread;
  }

  @Override
  public boolean trackUnobservedFailure(Deferred<?> failed, Throwable failure) {
    if (!tracks) {
      return false;
    }
    tracked.add(failed);
    return true;
  }

  @Override
  public void reportUnobservedFailure(Throwable failure) {
    reported.add(failure);
  }

  /** The tracked Deferreds nobody has observed since. */
  List<Deferred<?>> stillUnobserved() {
    return tracked.stream().filter(d -> !d.isObserved()).toList();
  }
}
