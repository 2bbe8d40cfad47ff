package dev.weft.reactor.nio;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.reactor.Deferred;
import dev.weft.reactor.ReactorDeferreds;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The reactor's Deferreds on the real loop: blocking its thread fails, lost errors are logged. */
class NioDeferredIT {
  private static final long WAIT_SECONDS = 30;
  private final RecordingLogger logger = new RecordingLogger();
  private final NioReactor reactor =
      NioReactor.builder().threadName("nio-deferred-it").logger(logger).build().start();

  @AfterEach
  void stop() throws Exception {
    reactor.stop();
    assertThat(reactor.awaitTermination(Duration.ofSeconds(WAIT_SECONDS))).isTrue();
  }

  @Test
  void joiningAPendingDeferredOnTheLoopThreadFailsAtOnceInsteadOfFreezingTheLoop()
      throws Exception {
    CompletableFuture<Throwable> refused = new CompletableFuture<>();
    reactor.callFromThread(() -> {
      Deferred<String> pending = ReactorDeferreds.delay(reactor, Duration.ofDays(1))
          .thenApply(v -> "late");
      try {
        pending.join();
        refused.complete(null);
      } catch (IllegalStateException expected) {
        refused.complete(expected);
        pending.cancel(false);
      }
    });

    assertThat(refused.get(WAIT_SECONDS, TimeUnit.SECONDS))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("called on the reactor thread while the Deferred is pending");
    // The loop is still alive and serving.
    CompletableFuture<String> alive = new CompletableFuture<>();
    reactor.callFromThread(() -> alive.complete("still turning"));
    assertThat(alive.get(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo("still turning");
  }

  @Test
  void anotherThreadMayWaitForTheLoopToCompleteADeferred() throws Exception {
    CompletableFuture<Deferred<String>> made = new CompletableFuture<>();
    reactor.callFromThread(() ->
        made.complete(ReactorDeferreds.callLater(reactor, Duration.ofMillis(1), () -> "done")));

    assertThat(made.get(WAIT_SECONDS, TimeUnit.SECONDS).get(WAIT_SECONDS, TimeUnit.SECONDS))
        .isEqualTo("done");
  }

  @Test
  void aCallbackErrorNobodyObservesIsLoggedToTheReactorsLoggerOnceItIsGarbage()
      throws Exception {
    CompletableFuture<Void> dropped = new CompletableFuture<>();
    reactor.callFromThread(() -> {
      ReactorDeferreds.callLater(reactor, Duration.ZERO, () -> "reply")
          .thenAccept(reply -> {
            dropped.complete(null);
            throw new IllegalStateException("bug in a callback nobody watches");
          });
    });
    dropped.get(WAIT_SECONDS, TimeUnit.SECONDS);

    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
    while (logger.errors().isEmpty() && System.nanoTime() < deadline) {
      System.gc();
      Thread.sleep(20);
    }

    assertThat(logger.entries).filteredOn(e -> e.error() != null).singleElement().satisfies(e -> {
      assertThat(e.message()).startsWith("Unobserved failure in a Deferred of this reactor");
      assertThat(e.error()).hasRootCauseMessage("bug in a callback nobody watches");
    });
  }
}
