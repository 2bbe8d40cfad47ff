package dev.weft.reactor.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.reactor.PullProducer;
import dev.weft.reactor.PushProducer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProducerPacingTest {
  private final List<String> calls = new ArrayList<>();
  private final List<String> failures = new ArrayList<>();
  private final ProducerPacing pacing =
      new ProducerPacing(10, 20, 100, (callback, error) -> failures.add(callback + ": " + error));

  private final PushProducer push = new PushProducer() {
    @Override
    public void pauseProducing() {
      calls.add("pause");
    }

    @Override
    public void resumeProducing() {
      calls.add("resume");
    }

    @Override
    public void stopProducing() {
      calls.add("stop");
    }

    @Override
    public String toString() {
      return "push";
    }
  };

  private final PullProducer pull = new PullProducer() {
    @Override
    public void resumeProducing() {
      calls.add("more");
    }

    @Override
    public void stopProducing() {
      calls.add("stop");
    }
  };

  @Test
  void aPushProducerIsPausedAboveTheHighMarkAndResumedAtTheLowMark() {
    pacing.register(push, true, false);

    assertThat(pacing.afterWrite(20)).isFalse();
    assertThat(pacing.afterWrite(21)).as("schedule a report").isTrue();
    assertThat(pacing.afterWrite(50)).as("already scheduled").isFalse();
    assertThat(pacing.afterDrain(11)).isFalse();
    assertThat(pacing.isWritable()).isFalse();
    pacing.afterDrain(10);

    assertThat(calls).containsExactly("pause", "resume");
    assertThat(pacing.isWritable()).isTrue();
    assertThat(pacing.takeWritabilityChanges()).containsExactly(false, true);
    assertThat(pacing.takeWritabilityChanges()).isEmpty();
  }

  @Test
  void anOddNumberOfChangesIsReportedAsTheCurrentState() {
    pacing.afterWrite(21);
    assertThat(pacing.takeWritabilityChanges()).containsExactly(false);
    pacing.afterDrain(0);
    pacing.afterWrite(30);
    pacing.afterDrain(0);
    assertThat(pacing.takeWritabilityChanges()).containsExactly(true);
  }

  @Test
  void aPullProducerIsAskedOnRegistrationAndAtZeroAndHoldsTheClose() {
    pacing.register(pull, false, false);
    pacing.afterWrite(5);
    pacing.afterDrain(1);
    pacing.afterDrain(0);

    assertThat(calls).containsExactly("more", "more");
    assertThat(pacing.holdsClose()).isTrue();
    pacing.unregister();
    assertThat(pacing.holdsClose()).isFalse();
  }

  @Test
  void aPushProducerDoesNotHoldTheCloseButMayWriteUntilIt() {
    pacing.register(push, true, false);

    assertThat(pacing.holdsClose()).isFalse();
    assertThat(pacing.acceptsWritesWhileClosing()).isTrue();
  }

  @Test
  void theLimitNamesItselfAndTheCount() {
    assertThat(pacing.limitExceeded(100)).isNull();
    assertThat(pacing.limitExceeded(101)).satisfies(e -> {
      assertThat(e.limit()).isEqualTo(100);
      assertThat(e.bufferedBytes()).isEqualTo(101);
    });
  }

  @Test
  void producerFailuresGoToTheHandlerAndStopForgetsTheProducer() {
    PushProducer failing = new PushProducer() {
      @Override
      public void pauseProducing() {
        throw new IllegalStateException("no");
      }

      @Override
      public void resumeProducing() {}

      @Override
      public void stopProducing() {}

      @Override
      public String toString() {
        return "failing";
      }
    };
    pacing.register(failing, true, false);
    pacing.afterWrite(21);
    pacing.stop();

    assertThat(failures).containsExactly(
        "pauseProducing of failing: java.lang.IllegalStateException: no");
    assertThat(pacing.producer()).isNull();
  }

  @Test
  void registrationIsChecked() {
    assertThatThrownBy(() -> pacing.register(pull, true, false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("streaming is true but the producer is not a PushProducer: ");
    assertThatThrownBy(() -> pacing.register(push, false, false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("streaming is false but the producer is not a PullProducer: ");
    pacing.register(push, true, false);
    assertThatThrownBy(() -> pacing.register(push, true, false))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("a producer is already registered: push; unregister it first");
  }

  @Test
  void aProducerRegisteredOnAnEndedConnectionIsStoppedAtOnce() {
    pacing.register(push, true, true);

    assertThat(calls).containsExactly("stop");
    assertThat(pacing.producer()).isNull();
  }

  @Test
  void settingsAreChecked() {
    assertThatThrownBy(() -> ProducerPacing.checkWaterMarks(5, 4))
        .hasMessage("lowWaterMark must not exceed highWaterMark: 5 > 4");
    assertThatThrownBy(() -> ProducerPacing.checkWaterMarks(0, -1))
        .hasMessage("highWaterMark must not be negative: -1");
    assertThatThrownBy(() -> ProducerPacing.checkWriteBufferLimit(-1))
        .hasMessage("writeBufferLimit must not be negative: -1");
  }
}
