package dev.weft.reactor.nio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.reactor.CannotListenException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The builder's checks and the rules a reactor enforces before it runs. */
class NioReactorTest {

  @Test
  void builderRejectsBadKnobsNamingTheValue() {
    NioReactor.Builder builder = NioReactor.builder();

    assertThatThrownBy(() -> builder.threadName(" "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("threadName must not be blank: ' '");
    assertThatThrownBy(() -> builder.threadPoolSize(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("threadPoolSize must be at least 1: 0");
    assertThatThrownBy(() -> builder.resolverThreads(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("resolverThreads must be at least 1: -1");
    assertThatThrownBy(() -> builder.writeBufferWaterMarks(10, 5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("lowWaterMark must not exceed highWaterMark: 10 > 5");
    assertThatThrownBy(() -> builder.writeBufferWaterMarks(-1, 5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("lowWaterMark must not be negative: -1");
    assertThatThrownBy(() -> builder.writeBufferLimit(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("writeBufferLimit must not be negative: -1");
    assertThatThrownBy(() -> builder.readBufferSize(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("readBufferSize must be in 1..16777216: 0");
    assertThatThrownBy(() -> builder.shutdownTimeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("shutdownTimeout must be positive: PT0S");
    assertThatThrownBy(() -> builder.resolver(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> builder.logger(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void reactorThatNeverRanCannotBeStoppedButCrashReleasesIt() throws Exception {
    NioReactor reactor = NioReactor.create();

    assertThat(reactor.isRunning()).isFalse();
    assertThatThrownBy(reactor::stop)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("not running yet");
    reactor.crash();
    assertThat(reactor.awaitTermination(Duration.ZERO)).isTrue();
    assertThatThrownBy(reactor::run)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("reactor is stopped; a reactor runs once: build a new one");
  }

  @Test
  void tcpArgumentsAreCheckedBeforeAnythingOpens() {
    NioReactor reactor = NioReactor.create();
    try {
      assertThatThrownBy(() -> reactor.listenTCP(70_000, peer -> null))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("port must be in 0..65535: 70000");
      assertThatThrownBy(() -> reactor.listenTCP(0, peer -> null, -1, ""))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("backlog must not be negative: -1");
      assertThatThrownBy(() -> reactor.listenTCP(0, peer -> null, 50, "not-an-address"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("networkInterface must be an IP literal or ALL_INTERFACES (\"\"): not-an-address");
      assertThatThrownBy(() -> reactor.listenTCP(0, peer -> null, 50, "192.0.2.1"))
          .as("an address this host does not have")
          .isInstanceOf(CannotListenException.class)
          .hasMessageContaining("192.0.2.1");
      assertThatThrownBy(() -> reactor.callLater(Duration.ofMillis(-1), () -> {}))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("delay must not be negative: PT-0.001S");
    } finally {
      reactor.crash();
    }
  }

  @Test
  void reactorTimeIsMonotonicAndAnchoredNearTheWallClock() {
    NioReactor reactor = NioReactor.create();
    try {
      var first = reactor.now();
      var second = reactor.now();

      assertThat(second).isAfterOrEqualTo(first);
      assertThat(Duration.between(first, java.time.Instant.now()).abs()).isLessThan(Duration.ofMinutes(1));
    } finally {
      reactor.crash();
    }
  }
}
