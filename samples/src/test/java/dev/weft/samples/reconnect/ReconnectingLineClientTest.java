package dev.weft.samples.reconnect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.reactor.protocols.ReconnectingClientFactory;
import dev.weft.reactor.testing.ClientAttempt;
import dev.weft.reactor.testing.MemoryConnection;
import dev.weft.reactor.testing.MemoryReactorClock;
import dev.weft.reactor.testing.junit.InjectReactor;
import dev.weft.reactor.testing.junit.WithFakeReactor;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

@WithFakeReactor
class ReconnectingLineClientTest {
  @InjectReactor private MemoryReactorClock reactor;
  private final List<String> lines = new ArrayList<>();

  private ReconnectingLineClient start(double jitter, Random random) {
    return ReconnectingLineClient.start(reactor, "feed.example", 4000, "hello from test",
        lines::add,
        protocols -> ReconnectingClientFactory.builder(reactor, protocols)
            .initialDelay(Duration.ofSeconds(1))
            .factor(2)
            .maxDelay(Duration.ofSeconds(10))
            .jitter(jitter)
            .random(random)
            .build());
  }

  /** Refuses {@code count} attempts in a row, returning the reactor time each one was made. */
  private List<Duration> refuseInARow(int count) {
    List<Duration> madeAt = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      assertThat(reactor.pendingClientAttempts()).hasSize(1);
      madeAt.add(Duration.between(Instant.EPOCH, reactor.now()));
      reactor.lastClientAttempt().refuse();
      // Jump to the retry exactly: advancing to the next delayed call runs it.
      assertThat(reactor.advanceToNextCall()).isTrue();
    }
    return madeAt;
  }

  @Test
  void refusedAttemptsAreRetriedOnTheExactBackoffScheduleOfReactorTime() {
    ReconnectingLineClient client = start(0, new Random(1));

    List<Duration> madeAt = refuseInARow(6);

    // Delays 2, 4, 8, then capped at 10 seconds: Twisted's schedule, to the nanosecond.
    assertThat(madeAt).containsExactly(
        Duration.ZERO, Duration.ofSeconds(2), Duration.ofSeconds(6), Duration.ofSeconds(14),
        Duration.ofSeconds(24), Duration.ofSeconds(34));
    assertThat(reactor.connectTcpCalls())
        .allSatisfy(c -> assertThat(c.host()).isEqualTo("feed.example"));
    client.stop();
  }

  @Test
  void aRetryDoesNotHappenANanosecondEarly() {
    ReconnectingLineClient client = start(0, new Random(1));
    reactor.lastClientAttempt().refuse();

    reactor.advance(Duration.ofSeconds(2).minusNanos(1));
    assertThat(reactor.tcpClients()).hasSize(1);
    reactor.advance(Duration.ofNanos(1));
    assertThat(reactor.tcpClients()).hasSize(2);
    client.stop();
  }

  @Test
  void jitteredDelaysFollowTheSeededRandomExactly() {
    ReconnectingLineClient client = start(0.25, new Random(42));

    List<Duration> madeAt = refuseInARow(4);

    // The same formula and seed, computed independently: mean delay * factor capped, then a
    // Gaussian with 25% standard deviation.
    Random expected = new Random(42);
    double delay = 1;
    double at = 0;
    List<Duration> schedule = new ArrayList<>(List.of(Duration.ZERO));
    for (int i = 0; i < 3; i++) {
      delay = Math.min(delay * 2, 10);
      delay = Math.max(0, expected.nextGaussian() * delay * 0.25 + delay);
      at += Math.round(delay * 1e9) / 1e9;
      schedule.add(Duration.ofNanos(Math.round(at * 1e9)));
    }
    assertThat(madeAt).hasSize(4);
    for (int i = 0; i < 4; i++) {
      assertThat(madeAt.get(i).toNanos()).isCloseTo(schedule.get(i).toNanos(),
          org.assertj.core.data.Offset.offset(2L));
    }
    client.stop();
  }

  @Test
  void anUnansweredAttemptTimesOutOnTheClockAndIsRetried() {
    ReconnectingLineClient client = ReconnectingLineClient.start(reactor, "feed.example", 4000,
        "hello", lines::add,
        protocols -> ReconnectingClientFactory.builder(reactor, protocols)
            .initialDelay(Duration.ofSeconds(1)).factor(2).jitter(0).build());
    ClientAttempt first = reactor.lastClientAttempt();
    assertThat(first.call().timeout()).isEqualTo(Duration.ofSeconds(30));

    reactor.advance(Duration.ofSeconds(30));

    assertThat(first.outcome()).isEqualTo(ClientAttempt.Outcome.TIMED_OUT);
    assertThat(reactor.tcpClients()).hasSize(1);
    reactor.advance(Duration.ofSeconds(2));
    assertThat(reactor.tcpClients()).hasSize(2);
    client.stop();
  }

  @Test
  void aConnectionGreetsDeliversLinesAndResetsTheBackoff() {
    ReconnectingLineClient client = start(0, new Random(1));
    refuseInARow(2); // now at t=2s, third attempt pending, delay grown to 4s
    MemoryConnection server = reactor.lastClientAttempt().connect();

    assertThat(server.takeWrittenText()).isEqualTo("hello from test\r\n");
    server.receive("tick 1\r\ntick");
    server.receive(" 2\r\n");
    assertThat(lines).containsExactly("tick 1", "tick 2");
    assertThat(client.isConnected()).isTrue();
    assertThat(client.send("ack")).isTrue();
    assertThat(server.takeWrittenText()).isEqualTo("ack\r\n");

    Instant lostAt = reactor.now();
    server.lose();

    assertThat(client.isConnected()).isFalse();
    assertThat(client.send("lost")).isFalse();
    // The successful connection reset the delay: the next retry waits 2 s again, not 8 s.
    assertThat(reactor.clock().nextCallTime()).hasValue(lostAt.plusSeconds(2));
    reactor.advance(Duration.ofSeconds(2));
    assertThat(reactor.pendingClientAttempts()).hasSize(1);
    reactor.lastClientAttempt().connect();
    assertThat(client.connections()).isEqualTo(2);
    client.stop();
    reactor.iterate();
  }

  @Test
  void stopEndsTheConnectionAndNoRetryFollows() {
    ReconnectingLineClient client = start(0, new Random(1));
    MemoryConnection server = reactor.lastClientAttempt().connect();

    client.stop();
    reactor.iterate();

    assertThat(server.isOpen()).isFalse();
    assertThat(reactor.pendingCalls()).isEmpty();
    reactor.advance(Duration.ofHours(1));
    assertThat(reactor.tcpClients()).hasSize(1);
  }

  @Test
  void stopDuringTheBackoffCancelsTheScheduledRetry() {
    ReconnectingLineClient client = start(0, new Random(1));
    reactor.lastClientAttempt().refuse();
    assertThat(reactor.pendingCalls()).hasSize(1);

    client.stop();

    assertThat(reactor.pendingCalls()).isEmpty();
    assertThat(client.factory().isTrying()).isFalse();
  }
}
