package dev.weft.reactor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.Test;

class ReactorDeferredsTest {
  private final ManualTime time = new ManualTime();

  @Test
  void delayCompletesExactlyWhenTheDurationHasPassed() {
    Deferred<Void> d = ReactorDeferreds.delay(time, Duration.ofSeconds(5));

    time.advance(Duration.ofMillis(4_999));
    assertThat(d).isNotDone();
    time.advance(Duration.ofMillis(1));
    assertThat(d).isCompletedWithValue(null);
  }

  @Test
  void cancellingADelayCancelsItsTimer() {
    Deferred<Void> d = ReactorDeferreds.delay(time, Duration.ofSeconds(5));

    d.cancel(false);

    assertThat(d).isCancelled();
    assertThat(time.pending()).isZero();
  }

  @Test
  void callLaterRunsTheWorkOnTimeAndCompletesWithItsResultOrFailure() {
    Deferred<String> ok = ReactorDeferreds.callLater(time, Duration.ofSeconds(1), () -> "done");
    Deferred<String> bad =
        ReactorDeferreds.callLater(
            time,
            Duration.ofSeconds(2),
            () -> {
              throw new IllegalStateException("boom");
            });

    time.advance(Duration.ofSeconds(1));
    assertThat(ok).isCompletedWithValue("done");
    assertThat(bad).isNotDone();
    time.advance(Duration.ofSeconds(1));
    assertThat(bad).isCompletedExceptionally();
    assertThatThrownBy(bad::join).hasCauseInstanceOf(IllegalStateException.class);
  }

  @Test
  void withTimeoutFailsWithTheCallersExceptionAndRunsTheProducersCanceller() {
    boolean[] stopped = {false};
    Deferred<String> work = new Deferred<>(self -> stopped[0] = true);

    Deferred<String> bounded =
        ReactorDeferreds.withTimeout(
            work, Duration.ofSeconds(3), time, t -> new ConnectTimeoutException("after " + t));
    time.advance(Duration.ofSeconds(3));

    assertThat(bounded).isCompletedExceptionally();
    assertThatThrownBy(bounded::join)
        .hasCauseInstanceOf(ConnectTimeoutException.class)
        .hasMessageContaining("after PT3S");
    assertThat(stopped[0]).isTrue();
    assertThat(work).isCancelled();
  }

  @Test
  void withTimeoutPassesOnAnEarlyResultAndCancelsItsTimer() {
    Deferred<String> work = new Deferred<>();
    Deferred<String> bounded =
        ReactorDeferreds.withTimeout(
            work, Duration.ofSeconds(3), time, t -> new ConnectTimeoutException("late"));

    work.complete("fast");

    assertThat(bounded).isCompletedWithValue("fast");
    assertThat(time.pending()).isZero();
  }

  @Test
  void cancellingTheBoundedDeferredCancelsTheWork() {
    Deferred<String> work = new Deferred<>();
    Deferred<String> bounded =
        ReactorDeferreds.withTimeout(
            work, Duration.ofSeconds(3), time, t -> new ConnectTimeoutException("late"));

    bounded.cancel(false);

    assertThat(work).isCancelled();
    assertThatThrownBy(bounded::join).isInstanceOf(CancellationException.class);
    assertThat(time.pending()).isZero();
  }

  @Test
  void negativeDurationsAreRejectedWithTheirValue() {
    assertThatThrownBy(() -> ReactorDeferreds.delay(time, Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("delay must not be negative: PT-1S");
  }
}
