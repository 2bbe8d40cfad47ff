package dev.weft.samples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.reactor.nio.NioReactor;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A NioReactor on its own thread for the *IT tests: work is handed to the reactor thread and
 * awaited from the test thread with a bounded wait, never a sleep.
 */
public final class NioHarness implements AutoCloseable {
  /** The longest any IT waits for one step on loopback. */
  public static final Duration WAIT = Duration.ofSeconds(20);

  private final NioReactor reactor;

  public NioHarness(String name) {
    reactor = NioReactor.builder().threadName(name).build();
    reactor.start();
  }

  public NioReactor reactor() {
    return reactor;
  }

  /** Runs {@code work} on the reactor thread and waits for the stage it returns. */
  public <T> T call(Supplier<? extends CompletionStage<T>> work) throws Exception {
    CompletableFuture<T> out = new CompletableFuture<>();
    reactor.callFromThread(
        () -> {
          try {
            work.get().whenComplete(
                (value, error) -> {
                  if (error != null) {
                    out.completeExceptionally(error);
                  } else {
                    out.complete(value);
                  }
                });
          } catch (RuntimeException | Error e) {
            out.completeExceptionally(e);
          }
        });
    return out.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Runs {@code work} on the reactor thread and waits until it has run. */
  public <T> T run(Supplier<T> work) throws Exception {
    return call(() -> CompletableFuture.completedFuture(work.get()));
  }

  /** Waits for a stage completed on the reactor thread. */
  public static <T> T await(CompletionStage<T> stage) throws Exception {
    return stage.toCompletableFuture().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() throws InterruptedException {
    reactor.stop();
    assertThat(reactor.awaitTermination(WAIT)).as("reactor stopped within " + WAIT).isTrue();
  }
}
