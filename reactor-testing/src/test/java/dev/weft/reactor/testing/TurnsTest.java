package dev.weft.reactor.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.reactor.ConnectionClosedException;
import dev.weft.reactor.ProtocolFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One notion of time and turns: the Clock runs the turns of every reactor on it. */
class TurnsTest {
  private final Clock clock = new Clock();
  private final List<String> log = new ArrayList<>();

  @Test
  void advancingTheClockItselfStrandsNoReactorWork() {
    MemoryReactor reactor = new MemoryReactor(clock);
    RecordingProtocol protocol = new RecordingProtocol();
    MemoryListeningPort port =
        (MemoryListeningPort) reactor.listenTCP(80, ProtocolFactory.of(() -> protocol));
    MemoryConnection connection = port.accept();
    connection.transport().loseConnection();
    reactor.callFromThread(() -> log.add("from thread"));

    clock.advance(Duration.ofMinutes(10));

    assertThat(log).containsExactly("from thread");
    assertThat(connection.isOpen()).isFalse();
    assertThat(protocol.lostReason).isInstanceOf(ConnectionClosedException.class);
  }

  @Test
  void reactorsSharingAClockNeverLagEachOther() {
    MemoryReactor first = new MemoryReactor(clock);
    MemoryReactor second = new MemoryReactor(clock);
    assertThat(clock.reactors()).containsExactly(first, second);
    second.callFromThread(() -> log.add("second"));
    first.callFromThread(() -> log.add("first"));

    first.advance(Duration.ofSeconds(1));

    assertThat(log).as("registration order, whichever reactor was advanced")
        .containsExactly("first", "second");
  }

  @Test
  void workQueuedByADelayedCallRunsAtThatCallsInstant() {
    MemoryReactor reactor = new MemoryReactor(clock);
    clock.callLater(Duration.ofSeconds(5), () -> reactor.callFromThread(
        () -> log.add("thread call at " + clock.elapsed().toSeconds())));
    clock.callLater(Duration.ofSeconds(9), () -> log.add("timer at 9"));

    clock.advance(Duration.ofSeconds(20));

    assertThat(log).containsExactly("thread call at 5", "timer at 9");
  }

  @Test
  void aZeroDelayCallThatReschedulesItselfRunsOncePerTurn() {
    MemoryReactor reactor = new MemoryReactor(clock);
    int[] runs = new int[1];
    Runnable[] again = new Runnable[1];
    again[0] = () -> {
      runs[0]++;
      if (runs[0] < 100) {
        reactor.callLater(Duration.ZERO, again[0]);
      }
    };
    reactor.callLater(Duration.ZERO, again[0]);

    reactor.iterate();
    assertThat(runs[0]).isEqualTo(1);
    reactor.iterate();
    assertThat(runs[0]).isEqualTo(2);
    reactor.advance(Duration.ZERO);
    assertThat(runs[0]).as("an advance turns until the instant is quiet").isEqualTo(100);
  }

  @Test
  void aThreadCallThatQueuesItselfAgainRunsOncePerTurn() {
    MemoryReactor reactor = new MemoryReactor(clock);
    int[] runs = new int[1];
    Runnable[] again = new Runnable[1];
    again[0] = () -> {
      runs[0]++;
      reactor.callFromThread(again[0]);
    };
    reactor.callFromThread(again[0]);

    reactor.iterate();
    reactor.iterate();

    assertThat(runs[0]).isEqualTo(2);
  }

  @Test
  void aThreadCallThatQueuesItselfForeverFailsTheAdvanceNamingIt() {
    MemoryReactor reactor = new MemoryReactor(clock);
    clock.setRunawayLimit(50);
    Runnable[] again = new Runnable[1];
    again[0] = () -> reactor.callFromThread(again[0]);
    reactor.callFromThread(again[0]);

    assertThatThrownBy(() -> clock.advance(Duration.ofSeconds(1)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("50 turns")
        .hasMessageContaining("callFromThread");
    assertThat(clock.elapsed()).isZero();
  }

  @Test
  void oneTurnRunsThreadCallsThenRequestsThenDueCallsThenTheirRequests() {
    MemoryReactor reactor = new MemoryReactor(clock);
    RecordingProtocol protocol = new RecordingProtocol();
    protocol.onLost = p -> log.add("connectionLost");
    MemoryListeningPort port =
        (MemoryListeningPort) reactor.listenTCP(80, ProtocolFactory.of(() -> protocol));
    MemoryConnection connection = port.accept();
    reactor.callLater(Duration.ZERO, () -> {
      log.add("timer");
      connection.transport().loseConnection();
    });
    reactor.callFromThread(() -> log.add("thread call"));

    reactor.iterate();

    assertThat(log).containsExactly("thread call", "timer", "connectionLost");
  }

  @Test
  void iterateDoesNotMoveTime() {
    MemoryReactor reactor = new MemoryReactor(clock);
    reactor.callLater(Duration.ofNanos(1), () -> log.add("later"));
    reactor.iterate();
    assertThat(log).isEmpty();
    assertThat(clock.elapsed()).isZero();
  }

  @Test
  void iterateInsideADelayedCallFails() {
    MemoryReactor reactor = new MemoryReactor(clock);
    List<Throwable> thrown = new ArrayList<>();
    reactor.callLater(Duration.ZERO, () -> {
      try {
        reactor.iterate();
      } catch (IllegalStateException e) {
        thrown.add(e);
      }
    });
    reactor.iterate();
    assertThat(thrown).singleElement().satisfies(
        e -> assertThat(e).hasMessageContaining("already advancing"));
  }
}
