package dev.weft.reactor.protocols;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.reactor.ConnectionLostException;
import dev.weft.reactor.Deferred;
import dev.weft.reactor.ManualTime;
import dev.weft.reactor.protocols.ReplyQueue.Match;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class ReplyQueueTest {
  private final ReplyQueue<String> replies = new ReplyQueue<>(null);
  private final ManualTime time = new ManualTime();

  @Test
  void repliesAnswerRequestsInTheOrderTheyWereSent() {
    Deferred<String> first = replies.expect();
    Deferred<String> second = replies.expect();

    assertThat(replies.deliver("one")).isEqualTo(Match.ANSWERED);
    assertThat(replies.deliver("two")).isEqualTo(Match.ANSWERED);

    assertThat(first).isCompletedWithValue("one");
    assertThat(second).isCompletedWithValue("two");
    assertThat(replies.size()).isZero();
  }

  @Test
  void aTimedOutRequestKeepsItsPlaceSoItsLateReplyIsDroppedNotGivenToTheNext() {
    Deferred<String> slow = replies.expect().withTimeout(Duration.ofSeconds(2), time);
    time.advance(Duration.ofSeconds(1));
    Deferred<String> next = replies.expect().withTimeout(Duration.ofSeconds(2), time);
    time.advance(Duration.ofSeconds(1));
    assertThatThrownBy(slow::join).hasCauseInstanceOf(TimeoutException.class);

    assertThat(replies.deliver("late answer to slow")).isEqualTo(Match.LATE);
    assertThat(replies.deliver("answer to next")).isEqualTo(Match.ANSWERED);

    assertThat(next).isCompletedWithValue("answer to next");
  }

  @Test
  void aCancelledRequestsReplyIsDroppedToo() {
    replies.expect().cancel(true);
    Deferred<String> next = replies.expect();

    assertThat(replies.deliver("for the cancelled one")).isEqualTo(Match.LATE);
    assertThat(replies.deliver("for next")).isEqualTo(Match.ANSWERED);
    assertThat(next).isCompletedWithValue("for next");
  }

  @Test
  void aReplyNobodyAskedForIsUnsolicited() {
    assertThat(replies.deliver("surprise")).isEqualTo(Match.UNSOLICITED);
  }

  @Test
  void failAllFailsTheWaitingRequestsAndEmptiesTheLine() {
    Deferred<String> waiting = replies.expect();
    replies.expect().cancel(true);
    ConnectionLostException lost = new ConnectionLostException("server went away");

    replies.failAll(lost);

    assertThatThrownBy(waiting::join).hasCause(lost);
    assertThat(replies.size()).isZero();
    assertThat(replies.deliver("after the end")).isEqualTo(Match.UNSOLICITED);
  }

  @Test
  void whenSettledWaitsForEveryRequestNowInLineWhateverItsEnd() {
    assertThat(replies.whenSettled()).isCompleted();
    Deferred<String> answered = replies.expect();
    Deferred<String> timedOut = replies.expect().withTimeout(Duration.ofSeconds(1), time);
    Deferred<Void> settled = replies.whenSettled();
    assertThat(replies.waiting()).isEqualTo(2);

    replies.deliver("a");
    assertThat(settled).isNotDone();
    time.advance(Duration.ofSeconds(1));

    assertThat(settled).isCompleted();
    assertThat(answered).isCompletedWithValue("a");
    assertThat(timedOut).isCompletedExceptionally();
    assertThat(replies.waiting()).isZero();
    assertThat(replies.size()).as("the late reply is still expected").isEqualTo(1);
  }
}
