package dev.weft.reactor.protocols;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.reactor.BaseProtocol;
import dev.weft.reactor.ClientFactory;
import dev.weft.reactor.ConnectFailedException;
import dev.weft.reactor.ConnectionLostException;
import dev.weft.reactor.ConnectionRefusedException;
import dev.weft.reactor.Connector;
import dev.weft.reactor.Protocol;
import dev.weft.reactor.doubles.BufferTransport;
import dev.weft.reactor.doubles.ScriptedReactor;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ReconnectingClientFactoryTest {
  private final ScriptedReactor reactor = new ScriptedReactor();
  private final List<String> heard = new ArrayList<>();

  private final ClientFactory protocols =
      new ClientFactory() {
        @Override
        public Protocol buildProtocol(SocketAddress peer) {
          return new BaseProtocol() {
            @Override
            public void dataReceived(ByteBuffer data) {}
          };
        }

        @Override
        public void clientConnectionFailed(Connector c, ConnectFailedException reason) {
          heard.add("failed: " + reason.getMessage());
        }
      };

  @Test
  void retriesFollowTwistedsScheduleExactlyWithoutJitter() {
    var factory = ReconnectingClientFactory.builder(reactor, protocols)
        .initialDelay(Duration.ofSeconds(1))
        .factor(2)
        .jitter(0)
        .maxDelay(Duration.ofSeconds(10))
        .build();
    reactor.connectTCP("db", 5432, factory);

    List<Long> retryAt = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      reactor.attempts.get(i).fail(new ConnectionRefusedException("refused"));
      assertThat(factory.pendingRetry()).isNotNull();
      retryAt.add(Duration.between(Instant.EPOCH, factory.pendingRetry().time()).toMillis());
      reactor.advance(Duration.between(reactor.now(), factory.pendingRetry().time()));
      assertThat(reactor.attempts).hasSize(i + 2);
    }

    // First retry waits initialDelay * factor, as in Twisted; the delay is capped at maxDelay.
    assertThat(retryAt).containsExactly(2_000L, 6_000L, 14_000L, 24_000L, 34_000L);
    assertThat(factory.retries()).isEqualTo(5);
    assertThat(heard).hasSize(5);
  }

  @Test
  void aRetryIsNotMadeAMillisecondEarly() {
    var factory = ReconnectingClientFactory.builder(reactor, protocols)
        .initialDelay(Duration.ofSeconds(1)).factor(3).jitter(0).build();
    reactor.connectTCP("db", 5432, factory);

    reactor.attempts.get(0).fail(new ConnectionRefusedException("refused"));
    reactor.advance(Duration.ofMillis(2_999));
    assertThat(reactor.attempts).hasSize(1);
    reactor.advance(Duration.ofMillis(1));
    assertThat(reactor.attempts).hasSize(2);
  }

  @Test
  void givesUpAfterMaxRetries() {
    var factory = ReconnectingClientFactory.builder(reactor, protocols)
        .initialDelay(Duration.ofSeconds(1)).factor(2).jitter(0).maxRetries(2).build();
    reactor.connectTCP("db", 5432, factory);

    for (int i = 0; i < 3; i++) {
      reactor.attempts.get(i).fail(new ConnectionRefusedException("refused"));
      reactor.advance(Duration.ofMinutes(1));
    }

    assertThat(reactor.attempts).hasSize(3);
    assertThat(factory.hasGivenUp()).isTrue();
    assertThat(factory.isTrying()).isFalse();
    assertThat(reactor.pendingCalls()).isZero();
  }

  @Test
  void aSuccessfulConnectionResetsTheDelayForTheNextLoss() {
    var factory = ReconnectingClientFactory.builder(reactor, protocols)
        .initialDelay(Duration.ofSeconds(1)).factor(2).jitter(0).build();
    reactor.connectTCP("db", 5432, factory);
    reactor.attempts.get(0).fail(new ConnectionRefusedException("refused"));
    reactor.advance(Duration.ofSeconds(2));
    reactor.attempts.get(1).fail(new ConnectionRefusedException("refused"));
    reactor.advance(Duration.ofSeconds(4));

    reactor.attempts.get(2).succeed(new BufferTransport());
    assertThat(factory.retries()).isZero();
    reactor.attempts.get(2).lose(new ConnectionLostException("reset by peer"));

    assertThat(factory.currentDelay()).isEqualTo(Duration.ofSeconds(2));
    assertThat(factory.pendingRetry().time()).isEqualTo(reactor.now().plusSeconds(2));
  }

  @Test
  void stopTryingCancelsTheScheduledRetry() {
    var factory = ReconnectingClientFactory.builder(reactor, protocols).jitter(0).build();
    reactor.connectTCP("db", 5432, factory);
    reactor.attempts.get(0).fail(new ConnectionRefusedException("refused"));

    factory.stopTrying();

    assertThat(reactor.pendingCalls()).isZero();
    assertThat(factory.isTrying()).isFalse();
    reactor.advance(Duration.ofHours(2));
    assertThat(reactor.attempts).hasSize(1);
  }

  @Test
  void stopTryingStopsAnAttemptInProgress() {
    var factory = ReconnectingClientFactory.builder(reactor, protocols).build();
    reactor.connectTCP("db", 5432, factory);
    factory.startedConnecting(reactor.attempts.get(0));

    factory.stopTrying();

    assertThat(reactor.attempts.get(0).state()).isEqualTo(Connector.State.DISCONNECTED);
    assertThat(reactor.pendingCalls()).isZero();
  }

  @Test
  void jitterComesFromTheInjectedRandomSoASeedFixesTheSchedule() {
    List<List<Instant>> schedules = new ArrayList<>();
    for (int run = 0; run < 2; run++) {
      ScriptedReactor r = new ScriptedReactor();
      var factory = ReconnectingClientFactory.builder(r, protocols)
          .initialDelay(Duration.ofSeconds(1)).factor(2).jitter(0.5)
          .random(new Random(1234)).build();
      r.connectTCP("db", 5432, factory);
      List<Instant> schedule = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        r.attempts.get(i).fail(new ConnectionRefusedException("refused"));
        schedule.add(factory.pendingRetry().time());
        r.advance(Duration.between(r.now(), factory.pendingRetry().time()));
      }
      schedules.add(schedule);
    }

    assertThat(schedules.get(0)).isEqualTo(schedules.get(1));
    // With jitter the delays are not the plain powers of two.
    assertThat(schedules.get(0).get(0)).isNotEqualTo(Instant.EPOCH.plusSeconds(2));
  }

  @Test
  void stopTryingInTheSameTurnAsConnectTcpStopsThatAttemptWhenItBegins() {
    var factory = ReconnectingClientFactory.builder(reactor, protocols).jitter(0).build();
    reactor.connectTCP("db", 5432, factory);

    factory.stopTrying(); // before the reactor's next turn: the factory has no connector yet
    factory.startedConnecting(reactor.attempts.get(0)); // that next turn

    assertThat(reactor.attempts.get(0).state()).isEqualTo(Connector.State.DISCONNECTED);
    assertThat(heard).containsExactly("failed: stopConnecting");
    assertThat(reactor.pendingCalls()).isZero();
    reactor.advance(Duration.ofHours(2));
    assertThat(reactor.attempts).hasSize(1);
  }

  @Test
  void aStoppedFactoryWhoseAttemptConnectsAnywayDoesNotReconnectAfterwards() {
    var factory = ReconnectingClientFactory.builder(reactor, protocols).jitter(0).build();
    reactor.connectTCP("db", 5432, factory);
    factory.stopTrying();

    reactor.attempts.get(0).succeed(new BufferTransport());
    reactor.attempts.get(0).lose(new ConnectionLostException("server went away"));

    assertThat(factory.isTrying()).isFalse();
    assertThat(reactor.pendingCalls()).isZero();
    reactor.advance(Duration.ofHours(2));
    assertThat(reactor.attempts).hasSize(1);
  }

  @Test
  void givingUpIsDecidedBeforeTheWrappedCallbackAndSignalledAfterIt() {
    List<String> events = new ArrayList<>();
    ReconnectingClientFactory[] factory = new ReconnectingClientFactory[1];
    ClientFactory listening = new ClientFactory() {
      @Override
      public Protocol buildProtocol(SocketAddress peer) {
        return protocols.buildProtocol(peer);
      }

      @Override
      public void clientConnectionFailed(Connector c, ConnectFailedException reason) {
        events.add("failed, trying=" + factory[0].isTrying()
            + ", gaveUp=" + factory[0].hasGivenUp());
      }
    };
    factory[0] = ReconnectingClientFactory.builder(reactor, listening)
        .initialDelay(Duration.ofSeconds(1)).factor(2).jitter(0).maxRetries(1).build();
    factory[0].whenGivenUp().thenAccept(last -> events.add("gave up after: " + last.getMessage()));
    reactor.connectTCP("db", 5432, factory[0]);

    reactor.attempts.get(0).fail(new ConnectionRefusedException("first"));
    reactor.advance(Duration.ofSeconds(2));
    reactor.attempts.get(1).fail(new ConnectionRefusedException("second"));

    assertThat(events).containsExactly(
        "failed, trying=true, gaveUp=false",
        "failed, trying=false, gaveUp=true",
        "gave up after: second");
    assertThat(factory[0].whenGivenUp()).isCompleted();
  }

  @Test
  void aFactoryStoppedByTheUserNeverSignalsGivingUp() {
    var factory = ReconnectingClientFactory.builder(reactor, protocols).maxRetries(0).build();
    reactor.connectTCP("db", 5432, factory);
    factory.stopTrying();
    reactor.attempts.get(0).fail(new ConnectionRefusedException("refused"));

    assertThat(factory.hasGivenUp()).isFalse();
    assertThat(factory.whenGivenUp()).isNotDone();
  }

  @Test
  void badSettingsAreRejectedWithTheirValues() {
    var b = ReconnectingClientFactory.builder(reactor, protocols);
    assertThatThrownBy(() -> b.factor(0.5)).hasMessage("factor must be a finite number >= 1: 0.5");
    assertThatThrownBy(() -> b.jitter(2)).hasMessage("jitter must be in 0..1: 2.0");
    assertThatThrownBy(() -> b.maxRetries(-1)).hasMessage("maxRetries must not be negative: -1");
    assertThatThrownBy(() -> b.initialDelay(Duration.ofSeconds(-1)))
        .hasMessage("initialDelay must not be negative: PT-1S");
  }
}
