package dev.weft.reactor.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.reactor.ConnectionLostException;
import dev.weft.reactor.Deferred;
import dev.weft.reactor.ProtocolFactory;
import dev.weft.reactor.SystemEvent;
import dev.weft.reactor.TriggerHandle;
import dev.weft.reactor.TriggerPhase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class MemoryReactorTest {
  private final MemoryReactor reactor = new MemoryReactor();
  private final List<String> log = new ArrayList<>();

  @Test
  void isNotRunningUntilRun() {
    assertThat(reactor.isRunning()).isFalse();
    assertThat(reactor.hasStarted()).isFalse();
    reactor.run();
    assertThat(reactor.isRunning()).isTrue();
    assertThat(reactor.hasStarted()).isTrue();
  }

  @Test
  void runFiresStartupTriggersPhaseByPhaseThenCallWhenRunning() {
    reactor.callWhenRunning(() -> log.add("whenRunning"));
    reactor.addSystemEventTrigger(TriggerPhase.AFTER, SystemEvent.STARTUP, () -> log.add("after"));
    reactor.addSystemEventTrigger(TriggerPhase.DURING, SystemEvent.STARTUP, () -> log.add("during"));
    reactor.addSystemEventTrigger(TriggerPhase.BEFORE, SystemEvent.STARTUP, () -> log.add("before"));
    reactor.run();
    assertThat(log).containsExactly("before", "during", "after", "whenRunning");
  }

  @Test
  void callWhenRunningOnARunningReactorWaitsForTheNextTurn() {
    reactor.run();
    reactor.callWhenRunning(() -> log.add("later"));
    assertThat(log).isEmpty();
    reactor.iterate();
    assertThat(log).containsExactly("later");
  }

  @Test
  void runTwiceFails() {
    reactor.run();
    assertThatThrownBy(reactor::run)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("already running");
  }

  @Test
  void stopWhenNotRunningFails() {
    assertThatThrownBy(reactor::stop)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("not running")
        .hasMessageContaining("run()");
  }

  @Test
  void stopFiresShutdownTriggersAndStops() {
    reactor.addSystemEventTrigger(TriggerPhase.DURING, SystemEvent.SHUTDOWN, () -> log.add("shutdown"));
    reactor.run();
    reactor.stop();
    assertThat(reactor.isRunning()).as("stopping at once").isFalse();
    assertThat(log).as("the shutdown runs on the next turn, as on nio").isEmpty();
    assertThat(reactor.queuedCallsFromThread()).singleElement()
        .satisfies(q -> assertThat(q.description()).contains("stop()"));
    reactor.iterate();
    assertThat(log).containsExactly("shutdown");
    assertThat(reactor.isRunning()).isFalse();
    assertThat(reactor.isStopped()).isTrue();
    assertThatThrownBy(reactor::run).hasMessageContaining("cannot run again");
  }

  @Test
  void stopWaitsForAsyncBeforeTriggers() {
    CompletableFuture<Void> flushed = new CompletableFuture<>();
    reactor.addAsyncSystemEventTrigger(TriggerPhase.BEFORE, SystemEvent.SHUTDOWN, () -> {
      log.add("flush started");
      return flushed;
    });
    reactor.addSystemEventTrigger(TriggerPhase.DURING, SystemEvent.SHUTDOWN, () -> log.add("during"));
    reactor.run();
    reactor.stop();
    reactor.iterate();
    assertThat(log).containsExactly("flush started");
    assertThat(reactor.isRunning()).as("stopping").isFalse();
    assertThat(reactor.isStopped()).isFalse();
    assertThatThrownBy(reactor::stop).hasMessageContaining("already stopping");
    flushed.complete(null);
    assertThat(log).containsExactly("flush started", "during");
    assertThat(reactor.isStopped()).isTrue();
  }

  @Test
  void stopClosesPortsAndConnections() {
    RecordingProtocol protocol = new RecordingProtocol();
    MemoryListeningPort port =
        (MemoryListeningPort) reactor.listenTCP(80, ProtocolFactory.of(() -> protocol));
    port.accept();
    reactor.run();
    reactor.stop();
    reactor.iterate();
    assertThat(port.isListening()).isFalse();
    assertThat(protocol.lostReason).isInstanceOf(ConnectionLostException.class);
    assertThat(reactor.openConnections()).isEmpty();
  }

  @Test
  void crashStopsWithoutTriggersAndAllowsRunningAgain() {
    reactor.addSystemEventTrigger(TriggerPhase.DURING, SystemEvent.SHUTDOWN, () -> log.add("shutdown"));
    reactor.run();
    reactor.crash();
    assertThat(reactor.isRunning()).isFalse();
    assertThat(log).isEmpty();
    reactor.run();
    assertThat(reactor.isRunning()).isTrue();
  }

  @Test
  void removedTriggerDoesNotRun() {
    TriggerHandle h =
        reactor.addSystemEventTrigger(TriggerPhase.DURING, SystemEvent.STARTUP, () -> log.add("x"));
    reactor.removeSystemEventTrigger(h);
    reactor.run();
    assertThat(log).isEmpty();
    assertThatThrownBy(() -> reactor.removeSystemEventTrigger(h))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no such system event trigger");
  }

  @Test
  void fireSystemEventRunsTriggersWhichStayRegistered() {
    reactor.addSystemEventTrigger(TriggerPhase.AFTER, SystemEvent.SHUTDOWN, () -> log.add("x"));
    Deferred<Void> first = reactor.fireSystemEvent(SystemEvent.SHUTDOWN);
    reactor.fireSystemEvent(SystemEvent.SHUTDOWN);
    assertThat(first).isCompleted();
    assertThat(log).containsExactly("x", "x");
    assertThat(reactor.isRunning()).as("firing is not stopping").isFalse();
  }

  @Test
  void throwingTriggerIsRecordedAndTheOthersRun() {
    reactor.addSystemEventTrigger(TriggerPhase.DURING, SystemEvent.STARTUP, () -> {
      throw new IllegalStateException("trigger failed");
    });
    reactor.addSystemEventTrigger(TriggerPhase.DURING, SystemEvent.STARTUP, () -> log.add("next"));
    reactor.run();
    assertThat(log).containsExactly("next");
    assertThat(reactor.takeCallbackErrors())
        .singleElement()
        .satisfies(e -> assertThat(e.context()).contains("DURING STARTUP trigger"));
  }

  @Test
  void failedAsyncTriggerIsRecordedAndDoesNotBlockShutdown() {
    reactor.addAsyncSystemEventTrigger(TriggerPhase.BEFORE, SystemEvent.SHUTDOWN,
        () -> CompletableFuture.failedFuture(new IllegalStateException("flush failed")));
    reactor.run();
    reactor.stop();
    reactor.iterate();
    assertThat(reactor.isStopped()).isTrue();
    assertThat(reactor.takeCallbackErrors()).hasSize(1);
  }

  @Test
  void callFromThreadIsQueuedAndRunsOnTheNextIterateInOrder() {
    reactor.callFromThread(() -> log.add("a"));
    reactor.callFromThread(() -> log.add("b"));
    assertThat(log).isEmpty();
    assertThat(reactor.queuedCallsFromThread()).hasSize(2);
    reactor.iterate();
    assertThat(log).containsExactly("a", "b");
    assertThat(reactor.queuedCallsFromThread()).isEmpty();
  }

  @Test
  void callFromThreadQueuedDuringATurnWaitsForTheNext() {
    reactor.callFromThread(() -> reactor.callFromThread(() -> log.add("nested")));
    reactor.iterate();
    assertThat(log).isEmpty();
    reactor.iterate();
    assertThat(log).containsExactly("nested");
  }

  @Test
  void callsFromThreadAfterTheShutdownAreDroppedAndShownAsNioDropsThem() {
    reactor.run();
    reactor.addSystemEventTrigger(TriggerPhase.AFTER, SystemEvent.SHUTDOWN,
        () -> reactor.callFromThread(() -> log.add("queued by the last trigger")));
    reactor.stop();
    reactor.iterate();
    reactor.callFromThread(() -> log.add("queued after stop"));
    reactor.advance(Duration.ofSeconds(1));

    assertThat(reactor.isStopped()).isTrue();
    assertThat(log).isEmpty();
    assertThat(reactor.droppedCallsFromThread()).hasSize(2);
    assertThat(reactor.queuedCallsFromThread()).isEmpty();
  }

  @Test
  void callFromThreadRunsOnRun() {
    reactor.callFromThread(() -> log.add("queued"));
    reactor.run();
    assertThat(log).containsExactly("queued");
  }

  @Test
  void callFromThreadFromAnotherThreadIsQueued() throws InterruptedException {
    Thread other = new Thread(() -> reactor.callFromThread(() -> log.add("from other")));
    other.start();
    other.join();
    reactor.iterate();
    assertThat(log).containsExactly("from other");
  }

  @Test
  void throwingCallFromThreadIsRecordedAndTheTurnGoesOn() {
    reactor.callFromThread(() -> {
      throw new IllegalStateException("oops");
    });
    reactor.callFromThread(() -> log.add("after"));
    reactor.iterate();
    assertThat(log).containsExactly("after");
    assertThat(reactor.takeCallbackErrors()).hasSize(1);
  }

  @Test
  void iterateRunsDueDelayedCallsButDoesNotMoveTime() {
    reactor.callLater(Duration.ZERO, () -> log.add("now"));
    reactor.callLater(Duration.ofSeconds(1), () -> log.add("later"));
    reactor.iterate();
    assertThat(log).containsExactly("now");
    assertThat(reactor.pendingCalls()).hasSize(1);
    assertThat(reactor.now()).isEqualTo(reactor.clock().now());
  }

  @Test
  void creationSitesAreCapturedForInspection() {
    reactor.captureCreationSites(true);
    reactor.callLater(Duration.ofSeconds(1), () -> {});
    reactor.callFromThread(() -> {});
    MemoryListeningPort port =
        (MemoryListeningPort) reactor.listenTCP(0, ProtocolFactory.of(RecordingProtocol::new));
    reactor.connectTCP("h", 1, dev.weft.reactor.ClientFactory.of(RecordingProtocol::new));
    assertThat(reactor.pendingCalls()).allSatisfy(c -> assertThat(c.creationSite()).isNotNull());
    assertThat(reactor.queuedCallsFromThread().get(0).creationSite()).isNotNull();
    assertThat(port.creationSite()).isNotNull();
    assertThat(reactor.lastClientAttempt().creationSite()).isNotNull();
    assertThat(port.accept().creationSite()).isNotNull();
  }

  @Test
  void creationSitesAreNotCapturedByDefault() {
    MemoryListeningPort port =
        (MemoryListeningPort) reactor.listenTCP(0, ProtocolFactory.of(RecordingProtocol::new));
    assertThat(port.creationSite()).isNull();
    assertThat(port.accept().creationSite()).isNull();
  }

  @Test
  void nullArgumentsFail() {
    assertThatThrownBy(() -> reactor.callFromThread(null)).hasMessage("call");
    assertThatThrownBy(() -> reactor.callWhenRunning(null)).hasMessage("call");
    assertThatThrownBy(() -> new MemoryReactor(null)).hasMessage("clock");
  }

  @Test
  void timeIsTheClocksTime() {
    Clock clock = new Clock(java.time.Instant.parse("2031-05-01T00:00:00Z"));
    MemoryReactor r = new MemoryReactor(clock);
    clock.advance(Duration.ofSeconds(1));
    assertThat(r.now()).isEqualTo(java.time.Instant.parse("2031-05-01T00:00:01Z"));
    assertThat(r.clock()).isSameAs(clock);
  }
}
