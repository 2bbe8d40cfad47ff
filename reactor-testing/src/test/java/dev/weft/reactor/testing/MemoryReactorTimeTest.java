package dev.weft.reactor.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.reactor.ClientFactory;
import dev.weft.reactor.LoopingCall;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MemoryReactorTimeTest {
  private final MemoryReactor reactor = new MemoryReactor();
  private final List<String> log = new ArrayList<>();

  @Test
  void advanceRunsTurnWorkThenMovesTime() {
    reactor.callFromThread(() -> log.add("thread@" + reactor.clock().elapsed().toMillis()));
    reactor.callLater(Duration.ofMillis(5), () -> log.add("timer@" + reactor.clock().elapsed().toMillis()));
    reactor.advance(Duration.ofMillis(10));
    assertThat(log).containsExactly("thread@0", "timer@5");
  }

  @Test
  void advanceToNextCallAlsoRunsTurnWork() {
    reactor.connectTCP("h", 1, ClientFactory.of(RecordingProtocol::new));
    assertThat(reactor.advanceToNextCall()).isTrue();
    assertThat(reactor.lastClientAttempt().hasStartedConnecting()).isTrue();
    assertThat(reactor.lastClientAttempt().outcome()).isEqualTo(ClientAttempt.Outcome.TIMED_OUT);
  }

  @Test
  void runUntilIdleDrainsTurnsAndTimers() {
    reactor.callFromThread(() -> reactor.callLater(Duration.ofHours(1), () -> log.add("late")));
    assertThat(reactor.runUntilIdle()).isEqualTo(1);
    assertThat(log).containsExactly("late");
    assertThat(reactor.clock().elapsed()).isEqualTo(Duration.ofHours(1));
  }

  @Test
  void runUntilIdleCountsEveryCallIncludingThoseAtOneInstant() {
    reactor.callLater(Duration.ofSeconds(1), () -> log.add("a"));
    reactor.callLater(Duration.ofSeconds(1), () -> log.add("b"));
    assertThat(reactor.runUntilIdle()).isEqualTo(2);
  }

  @Test
  void runUntilIdleFailsWhenAnythingRepeatsForever() {
    reactor.clock().setRunawayLimit(20);
    LoopingCall.of(reactor, () -> {}).start(Duration.ofSeconds(1));
    assertThatThrownBy(reactor::runUntilIdle)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("still not idle");
  }

  @Test
  void negativeAdvanceFails() {
    assertThatThrownBy(() -> reactor.advance(Duration.ofSeconds(-2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("amount must not be negative: PT-2S");
  }

  @Test
  void sharesAGivenClock() {
    Clock clock = new Clock();
    MemoryReactor r = new MemoryReactor(clock);
    r.advance(Duration.ofSeconds(3));
    assertThat(clock.elapsed()).isEqualTo(Duration.ofSeconds(3));
  }
}
