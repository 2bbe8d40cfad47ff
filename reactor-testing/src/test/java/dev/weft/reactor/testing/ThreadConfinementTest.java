package dev.weft.reactor.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.reactor.ClientFactory;
import dev.weft.reactor.ProtocolFactory;
import dev.weft.reactor.WrongThreadException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** A fake reactor refuses calls from a thread other than its owner, as NioReactor does. */
class ThreadConfinementTest {
  private final MemoryReactor reactor = new MemoryReactor();
  private final List<String> log = new ArrayList<>();

  @Test
  void schedulingFromAnotherThreadFailsWithTheProductionMessage() {
    Throwable thrown = onAnotherThread(r -> r.callLater(Duration.ZERO, () -> {}));

    assertThat(thrown)
        .isInstanceOf(WrongThreadException.class)
        .hasMessageStartingWith("reactor method called on thread 'not-the-owner' but this reactor"
            + " is owned by '" + Thread.currentThread().getName() + "' (not running yet)")
        .hasMessageEndingWith("call it on the reactor thread, or hand the work over with"
            + " callFromThread");
    assertThat(reactor.pendingCalls()).isEmpty();
  }

  @Test
  void everyConfinedMethodChecks() {
    List<Consumer<MemoryReactor>> calls = List.of(
        r -> r.listenTCP(0, ProtocolFactory.of(RecordingProtocol::new)),
        r -> r.connectTCP("h", 1, ClientFactory.of(RecordingProtocol::new)),
        MemoryReactor::iterate,
        r -> r.advance(Duration.ofSeconds(1)),
        MemoryReactor::run,
        r -> r.now(),
        r -> r.callWhenRunning(() -> {}),
        r -> r.resolve("example.com"),
        r -> r.callInThread(() -> {}),
        r -> r.clock().advance(Duration.ZERO));
    for (Consumer<MemoryReactor> call : calls) {
      assertThat(onAnotherThread(call)).isInstanceOf(WrongThreadException.class);
    }
    assertThat(reactor.tcpServers()).isEmpty();
    assertThat(reactor.tcpClients()).isEmpty();
    assertThat(reactor.hasStarted()).isFalse();
  }

  @Test
  void callFromThreadStopAndIsRunningWorkFromAnyThread() {
    reactor.run();
    Throwable thrown = onAnotherThread(r -> {
      r.callFromThread(() -> log.add("handed over"));
      if (r.isRunning()) {
        r.stop();
      }
    });
    assertThat(thrown).isNull();

    reactor.iterate();

    assertThat(log).containsExactly("handed over");
    assertThat(reactor.isStopped()).isTrue();
  }

  @Test
  void aCallbackThreadThatTouchesTheReactorFailsOnTheFake() {
    reactor.run();
    Throwable thrown = onAnotherThread(r -> r.executor().execute(
        () -> r.callLater(Duration.ofSeconds(1), () -> log.add("later"))));
    assertThat(thrown).as("execute only queues").isNull();

    reactor.iterate();
    reactor.advance(Duration.ofSeconds(1));

    assertThat(log).as("the queued task ran on the owner").containsExactly("later");
  }

  @Test
  void aReactorOnAClockBelongsToTheClocksThread() {
    AtomicReference<@Nullable Clock> clock = new AtomicReference<>();
    assertThat(onAnotherThread(r -> clock.set(new Clock()))).isNull();
    Clock foreign = clock.get();
    assertThat(foreign).isNotNull();

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new MemoryReactor(foreign))
        .isInstanceOf(WrongThreadException.class);
  }

  /** Runs {@code call} on a new thread, waits boundedly, and returns what it threw. */
  private @Nullable Throwable onAnotherThread(Consumer<MemoryReactor> call) {
    AtomicReference<@Nullable Throwable> thrown = new AtomicReference<>();
    Thread thread = new Thread(() -> {
      try {
        call.accept(reactor);
      } catch (Throwable t) {
        thrown.set(t);
      }
    }, "not-the-owner");
    thread.start();
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
    assertThat(thread.isAlive()).as("the other thread finished").isFalse();
    return thrown.get();
  }
}
