package dev.weft.reactor.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.reactor.ConnectionAbortedException;
import dev.weft.reactor.ConnectionLostException;
import dev.weft.reactor.ProtocolFactory;
import dev.weft.reactor.SystemEvent;
import dev.weft.reactor.TriggerPhase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the fakes do when a callback throws what the JVM throws: a stack overflow or a refused
 * allocation costs only its connection (or its one call); a fatal error stops the reactor in
 * order, as {@code NioReactor} does.
 */
class MemoryReactorCallbackErrorTest {
  private final MemoryReactor reactor = new MemoryReactor();
  private final List<RecordingProtocol> protocols = new ArrayList<>();
  private final List<String> log = new ArrayList<>();
  private long depth;

  private MemoryListeningPort listen() {
    return (MemoryListeningPort) reactor.listenTCP(
        80,
        ProtocolFactory.of(() -> {
          RecordingProtocol p = new RecordingProtocol();
          p.onData = (self, text) -> {
            switch (text) {
              case "overflow" -> recurse();
              case "allocate" -> depth = new long[Integer.MAX_VALUE].length;
              case "break the vm" -> throw new InternalError("simulated broken VM");
              default -> self.write(text);
            }
          };
          protocols.add(p);
          return p;
        }));
  }

  private void recurse() {
    depth++;
    recurse();
  }

  @Test
  void stackOverflowAndOutOfMemoryInDataReceivedAbortOnlyTheirConnections() {
    reactor.run();
    MemoryListeningPort port = listen();
    MemoryConnection overflowing = port.accept();
    MemoryConnection allocating = port.accept();
    MemoryConnection bystander = port.accept();

    overflowing.receive("overflow");
    allocating.receive("allocate");
    bystander.receive("hello");

    assertThat(protocols.get(0).lostReason)
        .isInstanceOf(ConnectionAbortedException.class)
        .hasCauseInstanceOf(StackOverflowError.class);
    assertThat(protocols.get(1).lostReason)
        .isInstanceOf(ConnectionAbortedException.class)
        .hasCauseInstanceOf(OutOfMemoryError.class);
    assertThat(bystander.takeWrittenText()).isEqualTo("hello");
    assertThat(reactor.takeCallbackErrors())
        .extracting(e -> (Object) e.error().getClass())
        .containsExactly(StackOverflowError.class, OutOfMemoryError.class);
    assertThat(port.accept()).isNotNull();
    reactor.iterate();
    assertThat(reactor.isRunning()).isTrue();
    assertThat(reactor.failure()).isEmpty();
  }

  @Test
  void stackOverflowInThreadCallsTriggersAndPoolWorkIsRecordedAndTheTurnGoesOn() {
    reactor.run();
    reactor.callFromThread(this::recurse);
    reactor.callFromThread(() -> log.add("next call"));
    reactor.addSystemEventTrigger(TriggerPhase.DURING, SystemEvent.STARTUP, this::recurse);
    reactor.threadPool().setInline(true);
    reactor.callInThread(this::recurse);

    reactor.iterate();
    reactor.fireSystemEvent(SystemEvent.STARTUP);

    assertThat(log).containsExactly("next call");
    assertThat(reactor.takeCallbackErrors())
        .hasSize(3)
        .allSatisfy(e -> assertThat(e.error()).isInstanceOf(StackOverflowError.class));
    assertThat(reactor.isRunning()).isTrue();
  }

  @Test
  void deferToThreadWorkThatOverflowsFailsItsDeferred() {
    reactor.run();
    reactor.threadPool().setInline(true);

    var result = reactor.deferToThread(() -> {
      recurse();
      return "never";
    });
    reactor.iterate();

    assertThat(result).isCompletedExceptionally();
    assertThatThrownBy(result::join).hasCauseInstanceOf(StackOverflowError.class);
  }

  @Test
  void aDelayedCallThatOverflowsPropagatesOutOfTheClockWhichKeepsWorking() {
    // Deliberately unlike nio (which logs it): delayed calls run inside the test's own advance().
    reactor.callLater(Duration.ofSeconds(1), this::recurse);
    reactor.callLater(Duration.ofSeconds(2), () -> log.add("later call"));

    assertThatThrownBy(() -> reactor.clock().advance(Duration.ofSeconds(1)))
        .isInstanceOf(StackOverflowError.class);
    reactor.clock().advance(Duration.ofSeconds(1));

    assertThat(log).containsExactly("later call");
  }

  @Test
  void aFatalErrorAbortsItsConnectionThenStopsTheReactorInOrderOnTheNextTurn() {
    reactor.addSystemEventTrigger(TriggerPhase.BEFORE, SystemEvent.SHUTDOWN, () -> log.add("before"));
    reactor.addSystemEventTrigger(TriggerPhase.DURING, SystemEvent.SHUTDOWN, () -> log.add("during"));
    reactor.addSystemEventTrigger(TriggerPhase.AFTER, SystemEvent.SHUTDOWN, () -> log.add("after"));
    reactor.run();
    MemoryListeningPort port = listen();
    MemoryConnection broken = port.accept();
    MemoryConnection bystander = port.accept();

    broken.receive("break the vm");

    assertThat(protocols.get(0).lostReason)
        .isInstanceOf(ConnectionAbortedException.class)
        .hasCauseInstanceOf(InternalError.class);
    assertThat(reactor.failure()).get().isInstanceOf(InternalError.class);
    assertThat(reactor.callbackErrors()).singleElement()
        .satisfies(e -> assertThat(e.error()).isSameAs(reactor.failure().get()));
    assertThat(log).isEmpty();
    assertThat(bystander.isOpen()).isTrue();

    reactor.iterate();

    assertThat(log).containsExactly("before", "during", "after");
    assertThat(protocols.get(1).lostReason).isInstanceOf(ConnectionLostException.class);
    assertThat(port.isListening()).isFalse();
    assertThat(reactor.isRunning()).isFalse();
    assertThat(reactor.isStopped()).isTrue();
    reactor.takeCallbackErrors();
  }

  @Test
  void aFatalErrorFromAThreadCallStopsTheReactorTooAndOnlyTheFirstIsKept() {
    InternalError first = new InternalError("first");
    reactor.addSystemEventTrigger(TriggerPhase.DURING, SystemEvent.SHUTDOWN, () -> {
      throw new InternalError("second, during the shutdown");
    });
    reactor.run();
    reactor.callFromThread(() -> {
      throw first;
    });

    reactor.iterate();
    reactor.iterate();

    assertThat(reactor.isStopped()).isTrue();
    assertThat(reactor.failure()).containsSame(first);
    assertThat(reactor.takeCallbackErrors()).hasSize(2);
  }
}
