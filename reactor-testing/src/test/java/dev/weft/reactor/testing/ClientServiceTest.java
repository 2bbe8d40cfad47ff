package dev.weft.reactor.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.reactor.ConnectCancelledException;
import dev.weft.reactor.ConnectionLostException;
import dev.weft.reactor.ConnectionRefusedException;
import dev.weft.reactor.Deferred;
import dev.weft.reactor.endpoints.ClientService;
import dev.weft.reactor.endpoints.ClientService.State;
import dev.weft.reactor.endpoints.ClientService.StateChange;
import dev.weft.reactor.endpoints.ExponentialBackoff;
import dev.weft.reactor.endpoints.RetryPolicy;
import dev.weft.reactor.endpoints.TcpClientEndpoint;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** ClientService on the fakes: every retry on the Clock, every state change seen. */
class ClientServiceTest {
  private final MemoryReactor reactor = new MemoryReactor();
  private final List<StateChange> changes = new ArrayList<>();

  private ClientService<RecordingProtocol> service(RetryPolicy policy) {
    return ClientService.builder(reactor, new TcpClientEndpoint(reactor, "db.example", 5432),
            RecordingProtocol::new)
        .retryPolicy(policy)
        .build()
        .addListener(changes::add);
  }

  private static RetryPolicy noJitter() {
    return ExponentialBackoff.builder().maxJitter(Duration.ZERO).build();
  }

  private List<String> transitions() {
    return changes.stream().map(c -> c.from() + "->" + c.to()).toList();
  }

  private Duration elapsed() {
    return Duration.between(Instant.EPOCH, reactor.now());
  }

  @AfterEach
  void reactorIsClean() {
    Leftovers.assertClean(reactor);
  }

  @Test
  void refusedAttemptsAreRetriedOnTwistedsScheduleOfReactorTime() {
    ClientService<RecordingProtocol> service = service(noJitter()).start();
    List<Duration> attemptsAt = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      attemptsAt.add(elapsed());
      reactor.lastClientAttempt().refuse();
      assertThat(reactor.advanceToNextCall()).isTrue();
    }

    // 1.5 s, 2.25 s, 3.375 s ... growing by 1.5, capped at one minute.
    List<Duration> expected = new ArrayList<>();
    double at = 0;
    for (int failures = 1; failures <= 12; failures++) {
      expected.add(Duration.ofNanos(Math.round(at * 1e9)));
      at += Math.min(Math.pow(1.5, failures), 60);
    }
    for (int i = 0; i < 12; i++) {
      assertThat(attemptsAt.get(i).toNanos()).isCloseTo(expected.get(i).toNanos(),
          org.assertj.core.data.Offset.offset(12L));
    }
    assertThat(changes).filteredOn(c -> c.to() == State.WAITING)
        .extracting(StateChange::retryDelay)
        .startsWith(Duration.ofMillis(1500), Duration.ofMillis(2250), Duration.ofMillis(3375))
        .contains(Duration.ofMinutes(1));
    service.stop();
  }

  @Test
  void jitterComesFromTheInjectedGeneratorSoASeedFixesTheSchedule() {
    ClientService<RecordingProtocol> service =
        service(ExponentialBackoff.builder().random(new Random(42)).build()).start();
    reactor.lastClientAttempt().refuse();
    reactor.advanceToNextCall();
    reactor.lastClientAttempt().refuse();

    Random same = new Random(42);
    Duration first = Duration.ofNanos(Math.round(1.5e9 + same.nextDouble() * 1e9));
    Duration second = Duration.ofNanos(Math.round(2.25e9 + same.nextDouble() * 1e9));
    assertThat(changes).filteredOn(c -> c.to() == State.WAITING)
        .extracting(StateChange::retryDelay).containsExactly(first, second);
    assertThat(reactor.clock().nextCallTime()).hasValue(Instant.EPOCH.plus(first).plus(second));
    service.stop();
  }

  @Test
  void whenConnectedGivesTheUsersProtocolTypeAndQueuesWorkInOrderUntilConnected() {
    ClientService<RecordingProtocol> service = service(noJitter()).start();
    List<String> ran = new ArrayList<>();
    Deferred<RecordingProtocol> first = service.whenConnected();
    first.thenAccept(p -> ran.add("first on " + p.events));
    service.whenConnected().thenAccept(p -> ran.add("second"));
    reactor.lastClientAttempt().refuse();
    reactor.advanceToNextCall();
    assertThat(ran).isEmpty();

    reactor.lastClientAttempt().connect();

    assertThat(ran).containsExactly("first on [made]", "second");
    RecordingProtocol protocol = first.join(); // typed: no cast from Protocol
    assertThat(service.connectedProtocol()).isSameAs(protocol);
    assertThat(service.whenConnected().join()).isSameAs(protocol);
    assertThat(service.failedAttempts()).isZero();
    service.stop();
    reactor.iterate();
  }

  @Test
  void aLostConnectionIsReplacedAfterTheFirstRetryDelayAndTheNextCallerGetsTheNewProtocol() {
    ClientService<RecordingProtocol> service = service(noJitter()).start();
    MemoryConnection server = reactor.lastClientAttempt().connect();
    RecordingProtocol before = service.whenConnected().join();
    Instant lostAt = reactor.now();

    server.lose();

    assertThat(service.state()).isEqualTo(State.WAITING);
    assertThat(changes.get(changes.size() - 1)).satisfies(c -> {
      assertThat(c.cause()).isInstanceOf(ConnectionLostException.class);
      assertThat(c.failedAttempts()).isEqualTo(1);
    });
    Deferred<RecordingProtocol> next = service.whenConnected();
    assertThat(reactor.clock().nextCallTime()).hasValue(lostAt.plusMillis(1500));
    reactor.advance(Duration.ofMillis(1500));
    reactor.lastClientAttempt().connect();

    assertThat(next.join()).isNotSameAs(before);
    assertThat(transitions()).containsExactly(
        "NEW->CONNECTING", "CONNECTING->CONNECTED", "CONNECTED->WAITING",
        "WAITING->CONNECTING", "CONNECTING->CONNECTED");
    service.stop();
    reactor.iterate();
  }

  @Test
  void stopClosesTheConnectionInOrderAndCompletesWhenItIsGone() {
    ClientService<RecordingProtocol> service = service(noJitter()).start();
    MemoryConnection server = reactor.lastClientAttempt().connect();
    service.whenConnected().join().write("last words");

    Deferred<Void> stopped = service.stop();

    assertThat(service.state()).isEqualTo(State.STOPPING);
    assertThat(stopped).isNotDone();
    assertThat(service.stop()).isSameAs(stopped);
    reactor.iterate(); // the close takes effect on the next turn, after the pending write
    assertThat(server.takeWrittenText()).isEqualTo("last words");
    assertThat(server.isOpen()).isFalse();
    assertThat(stopped).isCompleted();
    assertThat(service.state()).isEqualTo(State.STOPPED);
    assertThat(reactor.pendingCalls()).isEmpty();
    assertThat(transitions()).endsWith("CONNECTED->STOPPING", "STOPPING->STOPPED");
  }

  @Test
  void stopWhileWaitingCancelsTheRetryAndFailsTheWaiters() {
    ClientService<RecordingProtocol> service = service(noJitter()).start();
    reactor.lastClientAttempt().refuse();
    Deferred<RecordingProtocol> waiting = service.whenConnected();

    assertThat(service.stop()).isCompleted();

    assertThat(reactor.pendingCalls()).isEmpty();
    assertThatThrownBy(waiting::join).hasCauseInstanceOf(ConnectCancelledException.class);
    assertThatThrownBy(() -> service.whenConnected().join())
        .hasCauseInstanceOf(ConnectCancelledException.class)
        .hasMessageContaining("was stopped");
    reactor.advance(Duration.ofHours(1));
    assertThat(reactor.tcpClients()).hasSize(1);
  }

  @Test
  void stopWhileConnectingCancelsTheAttempt() {
    ClientService<RecordingProtocol> service = service(noJitter()).start();

    Deferred<Void> stopped = service.stop();

    assertThat(reactor.lastClientAttempt().outcome()).isEqualTo(ClientAttempt.Outcome.CANCELLED);
    assertThat(stopped).isCompleted();
    assertThat(transitions()).containsExactly(
        "NEW->CONNECTING", "CONNECTING->STOPPING", "STOPPING->STOPPED");
  }

  @Test
  void whenConnectedWithALimitFailsWithTheLastFailureAfterThatManyFailures() {
    ClientService<RecordingProtocol> service = service(noJitter()).start();
    Deferred<RecordingProtocol> patient = service.whenConnected();
    Deferred<RecordingProtocol> impatient = service.whenConnected(2);

    reactor.lastClientAttempt().refuse();
    assertThat(impatient).isNotDone();
    reactor.advanceToNextCall();
    reactor.lastClientAttempt().refuse();

    assertThatThrownBy(impatient::join).hasCauseInstanceOf(ConnectionRefusedException.class);
    assertThat(patient).isNotDone();
    assertThatThrownBy(() -> service.whenConnected(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("failAfterFailures must be at least 1: 0");
    service.stop();
    assertThat(patient).isCompletedExceptionally();
  }

  @Test
  void cancellingAWhenConnectedWithdrawsOnlyThatRequest() {
    ClientService<RecordingProtocol> service = service(noJitter()).start();
    Deferred<RecordingProtocol> withdrawn = service.whenConnected();
    Deferred<RecordingProtocol> kept = service.whenConnected();

    withdrawn.cancel(true);
    reactor.lastClientAttempt().connect();

    assertThat(withdrawn).isCancelled();
    assertThat(kept).isCompleted();
    service.stop();
    reactor.iterate();
  }

  @Test
  void aServiceStartsOnceAndAStoppedOneStaysStopped() {
    ClientService<RecordingProtocol> service = service(noJitter());
    assertThat(service.state()).isEqualTo(State.NEW);
    service.start();
    assertThatThrownBy(service::start)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("ClientService is CONNECTING; start() runs once: build a new ClientService");
    service.stop();
    assertThatThrownBy(service::start).hasMessageContaining("is STOPPED");
  }

  @Test
  void aBrokenRetryPolicyStopsTheServiceWithItsError() {
    ClientService<RecordingProtocol> service =
        service(failures -> Duration.ofSeconds(-failures)).start();
    Deferred<RecordingProtocol> waiting = service.whenConnected();

    reactor.lastClientAttempt().refuse();

    assertThat(service.state()).isEqualTo(State.STOPPED);
    assertThat(changes.get(changes.size() - 1).cause())
        .hasMessage("retry delay must not be negative: PT-1S");
    assertThatThrownBy(waiting::join).hasMessageContaining("retry delay must not be negative");
    assertThat(service.stop()).isCompleted();
  }

  @Test
  void aListenerThatThrowsIsReportedAndDisturbsNothing() {
    ClientService<RecordingProtocol> service = service(noJitter());
    service.addListener(change -> {
      throw new IllegalStateException("listener bug");
    });
    List<State> seenAfter = new ArrayList<>();
    service.addListener(change -> seenAfter.add(change.to()));

    service.start();
    reactor.lastClientAttempt().connect();

    assertThat(seenAfter).containsExactly(State.CONNECTING, State.CONNECTED);
    assertThat(reactor.takeUnobservedFailures()).hasSize(2)
        .allSatisfy(e -> assertThat(e).hasMessageContaining("state listener threw")
            .hasRootCauseMessage("listener bug"));
    service.stop();
    reactor.iterate();
    assertThat(service.state()).isEqualTo(State.STOPPED);
    assertThat(reactor.takeUnobservedFailures()).hasSize(2);
  }
}
