package dev.weft.reactor.testing.conformance;

import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/** The lifecycle scenarios on the fakes, as reactor-nio runs them on real sockets. */
class MemoryReactorLifecycleConformanceTest extends LifecycleConformanceTest {

  @Override
  protected ReactorDriver createDriver() {
    return MemoryReactorDriver.create();
  }

  @Override
  protected void runOnAnotherThread(Runnable action) {
    AtomicReference<@Nullable Throwable> failure = new AtomicReference<>();
    Thread thread = new Thread(() -> {
      try {
        action.run();
      } catch (Throwable t) {
        failure.set(t);
      }
    }, "not-the-reactor-thread");
    thread.start();
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
    if (thread.isAlive()) {
      throw new AssertionError("the other thread did not finish within 10 s");
    }
    Throwable t = failure.get();
    if (t instanceof RuntimeException r) {
      throw r;
    }
    if (t instanceof Error e) {
      throw e;
    }
  }
}
