package dev.weft.reactor.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.reactor.DelayedCall;
import dev.weft.reactor.Deferred;
import dev.weft.reactor.LoopingCall;
import dev.weft.reactor.ReactorTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.Test;

class LoopingCallTest {
  private final Clock clock = new Clock();
  private final List<Long> runs = new ArrayList<>();

  @Test
  void runsAtOnceThenOnAFixedGrid() {
    LoopingCall loop = LoopingCall.of(clock, () -> runs.add(clock.elapsed().toMillis()));
    loop.start(Duration.ofSeconds(1));
    assertThat(runs).containsExactly(0L);
    clock.advance(Duration.ofMillis(3500));
    assertThat(runs).containsExactly(0L, 1000L, 2000L, 3000L);
    assertThat(loop.callCount()).isEqualTo(4);
    assertThat(loop.missedIntervals()).isZero();
  }

  @Test
  void startWithoutNowWaitsOneInterval() {
    LoopingCall loop = LoopingCall.of(clock, () -> runs.add(clock.elapsed().toMillis()));
    loop.start(Duration.ofSeconds(2), false);
    assertThat(runs).isEmpty();
    clock.advance(Duration.ofSeconds(2));
    assertThat(runs).containsExactly(2000L);
  }

  @Test
  void gridDoesNotDriftWhenTheCallSchedulesLate() {
    clock.advance(Duration.ofMillis(100));
    LoopingCall loop = LoopingCall.of(clock, () -> runs.add(clock.elapsed().toMillis()));
    loop.start(Duration.ofMillis(300));
    clock.advance(Duration.ofMillis(1000));
    assertThat(runs).containsExactly(100L, 400L, 700L, 1000L);
  }

  @Test
  void stopSucceedsTheDeferredAndCancelsTheTimer() {
    LoopingCall loop = LoopingCall.of(clock, () -> runs.add(1L));
    Deferred<Void> done = loop.start(Duration.ofSeconds(1));
    loop.stop();
    assertThat(done).isCompleted();
    assertThat(loop.isRunning()).isFalse();
    assertThat(clock.pendingCalls()).isEmpty();
    clock.advance(Duration.ofSeconds(5));
    assertThat(runs).hasSize(1);
  }

  @Test
  void stopFromInsideTheCallEndsTheLoop() {
    LoopingCall[] loop = new LoopingCall[1];
    loop[0] =
        LoopingCall.of(
            clock,
            () -> {
              runs.add(clock.elapsed().toMillis());
              if (runs.size() == 3) {
                loop[0].stop();
              }
            });
    Deferred<Void> done = loop[0].start(Duration.ofSeconds(1));
    clock.advance(Duration.ofSeconds(10));
    assertThat(runs).containsExactly(0L, 1000L, 2000L);
    assertThat(done).isCompleted();
    assertThat(clock.pendingCalls()).isEmpty();
  }

  @Test
  void failingCallStopsTheLoopAndFailsTheDeferredWithoutReachingTheClock() {
    IllegalStateException boom = new IllegalStateException("boom");
    LoopingCall loop =
        LoopingCall.of(
            clock,
            () -> {
              runs.add(clock.elapsed().toMillis());
              if (runs.size() == 2) {
                throw boom;
              }
            });
    Deferred<Void> done = loop.start(Duration.ofSeconds(1));
    clock.advance(Duration.ofSeconds(5));
    assertThat(runs).containsExactly(0L, 1000L);
    assertThat(done).isCompletedExceptionally();
    assertThatThrownBy(done::join).hasCause(boom);
    assertThat(loop.isRunning()).isFalse();
    assertThat(clock.pendingCalls()).isEmpty();
  }

  @Test
  void aCallThatStopsTheLoopAndThenThrowsFailsTheDeferredWithTheException() {
    IllegalStateException boom = new IllegalStateException("thrown after stop()");
    LoopingCall[] loop = new LoopingCall[1];
    loop[0] =
        LoopingCall.of(
            clock,
            () -> {
              runs.add(clock.elapsed().toMillis());
              if (runs.size() == 2) {
                loop[0].stop();
                throw boom;
              }
            });
    Deferred<Void> done = loop[0].start(Duration.ofSeconds(1));

    clock.advance(Duration.ofSeconds(5));

    assertThat(runs).containsExactly(0L, 1000L);
    assertThatThrownBy(done::join).hasCause(boom);
    assertThat(loop[0].isRunning()).isFalse();
    assertThat(clock.pendingCalls()).isEmpty();
  }

  @Test
  void aCallThatStopsAndRestartsTheLoopCompletesOnlyTheStoppedLoopsDeferred() {
    LoopingCall[] loop = new LoopingCall[1];
    List<Deferred<Void>> starts = new ArrayList<>();
    loop[0] =
        LoopingCall.of(
            clock,
            () -> {
              runs.add(clock.elapsed().toMillis());
              if (runs.size() == 2) {
                loop[0].stop();
                starts.add(loop[0].start(Duration.ofSeconds(3), false));
              }
            });
    starts.add(loop[0].start(Duration.ofSeconds(1)));

    clock.advance(Duration.ofSeconds(4));

    assertThat(runs).containsExactly(0L, 1000L, 4000L);
    assertThat(starts.get(0)).as("the loop the call stopped").isCompleted();
    assertThat(starts.get(1)).as("the loop the call started").isNotDone();
    assertThat(loop[0].isRunning()).isTrue();
    loop[0].stop();
  }

  @Test
  void failureDuringStartFailsTheReturnedDeferred() {
    LoopingCall loop =
        LoopingCall.of(
            clock,
            () -> {
              throw new IllegalArgumentException("first run fails");
            });
    Deferred<Void> done = loop.start(Duration.ofSeconds(1));
    assertThat(done).isCompletedExceptionally();
    assertThat(loop.isRunning()).isFalse();
  }

  @Test
  void cancellingTheDeferredStopsTheLoop() {
    LoopingCall loop = LoopingCall.of(clock, () -> runs.add(1L));
    Deferred<Void> done = loop.start(Duration.ofSeconds(1));
    done.cancel(false);
    assertThatThrownBy(done::join).isInstanceOf(CancellationException.class);
    assertThat(loop.isRunning()).isFalse();
    assertThat(clock.pendingCalls()).isEmpty();
  }

  @Test
  void canBeRestartedAfterStop() {
    LoopingCall loop = LoopingCall.of(clock, () -> runs.add(clock.elapsed().toMillis()));
    loop.start(Duration.ofSeconds(1));
    loop.stop();
    clock.advance(Duration.ofMillis(500));
    loop.start(Duration.ofSeconds(1));
    clock.advance(Duration.ofSeconds(1));
    assertThat(runs).containsExactly(0L, 500L, 1500L);
  }

  @Test
  void startingTwiceOrStoppingWhenStoppedFails() {
    LoopingCall loop = LoopingCall.of(clock, () -> {});
    assertThatThrownBy(loop::stop)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("not running");
    loop.start(Duration.ofSeconds(1));
    assertThatThrownBy(() -> loop.start(Duration.ofSeconds(1)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("already running");
  }

  @Test
  void intervalMustBePositive() {
    LoopingCall loop = LoopingCall.of(clock, () -> {});
    assertThatThrownBy(() -> loop.start(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("interval must be positive: PT0S");
    assertThatThrownBy(() -> LoopingCall.of(null, () -> {}))
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  void countingCallOnAClockSeesOneIntervalPerRun() {
    LoopingCall loop = LoopingCall.withCount(clock, runs::add);
    loop.start(Duration.ofSeconds(1));
    clock.advance(Duration.ofSeconds(3));
    assertThat(runs).containsExactly(1L, 1L, 1L, 1L);
  }

  @Test
  void missedIntervalsAreCountedWhenTimeJumps() {
    JumpingTime time = new JumpingTime();
    LoopingCall loop = LoopingCall.withCount(time, runs::add);
    loop.start(Duration.ofSeconds(1));
    time.jumpAndFire(Duration.ofMillis(3500));
    assertThat(runs).containsExactly(1L, 3L);
    assertThat(loop.missedIntervals()).isEqualTo(2);
    assertThat(time.scheduledAt).isEqualTo(Instant.EPOCH.plusSeconds(4));
  }

  /** A reactor that fires its one timer late, as a stalled real loop would. */
  private static final class JumpingTime implements ReactorTime {
    private final Clock inner = new Clock();
    private Instant now = Instant.EPOCH;
    private Instant scheduledAt = Instant.EPOCH;
    private Runnable next = () -> {};

    @Override
    public Instant now() {
      return now;
    }

    @Override
    public DelayedCall callLater(Duration delay, Runnable call) {
      scheduledAt = now.plus(delay);
      next = call;
      return inner.callLater(delay, () -> {});
    }

    void jumpAndFire(Duration jump) {
      now = now.plus(jump);
      inner.advance(jump);
      next.run();
    }
  }
}
