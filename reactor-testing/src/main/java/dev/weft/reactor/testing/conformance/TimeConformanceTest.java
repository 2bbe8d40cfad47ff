package dev.weft.reactor.testing.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.reactor.AlreadyCalledException;
import dev.weft.reactor.AlreadyCancelledException;
import dev.weft.reactor.DelayedCall;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Scenarios about reactor time and delayed calls, which every Weft reactor must pass alike:
 * calls run by due time, then in scheduling order; a zero delay runs on a later turn; cancel,
 * reset and delay; {@code now()} moves with time. Turn semantics (what one loop turn runs) are
 * the lifecycle scenarios' subject. Extend it and implement {@link #createDriver()}.
 *
 * <p>Twisted: {@code twisted.internet.test.test_time}.
 */
public abstract class TimeConformanceTest extends ReactorConformanceTest {

  /** Creates the scenarios; subclasses supply the driver. */
  protected TimeConformanceTest() {}

  @Test
  void delayedCallsRunByDueTimeThenBySchedulingOrder() {
    List<String> ran = new CopyOnWriteArrayList<>();
    driver().onReactor(
        () -> {
          // Scheduled so that a pause of the real loop thread between two statements (a busy
          // machine) cannot change the order on the production reactor: each call's due time
          // is read when it is scheduled, so only "late" is scheduled before an earlier one, by
          // a margin no pause reaches.
          reactor().callLater(Duration.ofMillis(500), () -> ran.add("late"));
          reactor().callLater(Duration.ZERO, () -> ran.add("now"));
          reactor().callLater(Duration.ofMillis(20), () -> ran.add("first of two"));
          reactor().callLater(Duration.ofMillis(20), () -> ran.add("second of two"));
        });

    driver().passTime(Duration.ofMillis(500));
    driver().runUntil(() -> ran.size() == 4, "all four calls ran");

    assertThat(ran).containsExactly("now", "first of two", "second of two", "late");
  }

  @Test
  void zeroDelayCallRunsOnALaterTurnNotInsideCallLater() {
    List<String> ran = new CopyOnWriteArrayList<>();
    driver().onReactor(
        () -> {
          reactor().callLater(Duration.ZERO, () -> ran.add("call"));
          ran.add("after callLater");
        });
    driver().runUntil(() -> ran.size() == 2, "call ran");

    assertThat(ran).containsExactly("after callLater", "call");
  }

  @Test
  void cancelResetAndDelayChangeWhenCallsRun() {
    List<String> ran = new CopyOnWriteArrayList<>();
    DelayedCall[] calls =
        driver().onReactor(
            () -> {
              // "fixed" first: a later call's due time is read later, so a pause of the real
              // loop thread between statements cannot put "delayed" (10 + 30 ms) before it.
              reactor().callLater(Duration.ofMillis(30), () -> ran.add("fixed"));
              DelayedCall cancelled = reactor().callLater(Duration.ofMillis(10), () -> ran.add("cancelled"));
              DelayedCall reset = reactor().callLater(Duration.ofMillis(10), () -> ran.add("reset"));
              DelayedCall delayed = reactor().callLater(Duration.ofMillis(10), () -> ran.add("delayed"));
              cancelled.cancel();
              reset.reset(Duration.ofMillis(50));
              delayed.delay(Duration.ofMillis(30));
              return new DelayedCall[] {cancelled, reset, delayed};
            });

    driver().passTime(Duration.ofMillis(60));
    driver().runUntil(() -> ran.size() == 3, "three calls ran");

    assertThat(ran).containsExactly("fixed", "delayed", "reset");
    driver().onReactor(
        () -> {
          assertThat(calls[0].isCancelled()).isTrue();
          assertThat(calls[1].isCalled()).isTrue();
          assertThatThrownBy(calls[0]::cancel).isInstanceOf(AlreadyCancelledException.class);
          assertThatThrownBy(calls[1]::cancel).isInstanceOf(AlreadyCalledException.class);
          assertThatThrownBy(() -> calls[2].reset(Duration.ZERO))
              .isInstanceOf(AlreadyCalledException.class);
        });
  }

  @Test
  void reactorTimeMovesForwardWithPassedTime() {
    var before = driver().onReactor(() -> reactor().now());
    driver().passTime(Duration.ofMillis(50));
    var after = driver().onReactor(() -> reactor().now());

    assertThat(Duration.between(before, after)).isGreaterThanOrEqualTo(Duration.ofMillis(50));
  }
}
