package dev.weft.samples.reconnect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.reactor.ConnectCancelledException;
import dev.weft.reactor.ConnectionLostException;
import dev.weft.reactor.Deferred;
import dev.weft.reactor.endpoints.ClientService;
import dev.weft.reactor.endpoints.ClientService.State;
import dev.weft.reactor.endpoints.ExponentialBackoff;
import dev.weft.reactor.testing.MemoryConnection;
import dev.weft.reactor.testing.MemoryReactor;
import dev.weft.reactor.testing.junit.InjectReactor;
import dev.weft.reactor.testing.junit.WithFakeReactor;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

@WithFakeReactor
class ReconnectingLineClientTest {
  @InjectReactor private MemoryReactor reactor;

  private ReconnectingLineClient start() {
    return ReconnectingLineClient.start(reactor, "feed.example", 4000, Duration.ofSeconds(5),
        ExponentialBackoff.builder().random(new Random(7)).build());
  }

  @Test
  void reconnectsOnTheSeededBackoffScheduleOfReactorTime() {
    ReconnectingLineClient client = start();
    List<State> states = new ArrayList<>();
    client.service().addListener(change -> states.add(change.to()));

    List<Instant> attempts = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      attempts.add(reactor.now());
      reactor.lastClientAttempt().refuse();
      reactor.advanceToNextCall();
    }

    // Twisted's policy: 1.5^n seconds plus up to a second of jitter, drawn from the seed.
    Random jitter = new Random(7);
    Instant expected = Instant.EPOCH;
    for (int failures = 1; failures <= 3; failures++) {
      assertThat(attempts.get(failures - 1)).isEqualTo(expected);
      expected = expected.plusNanos(
          Math.round((Math.pow(1.5, failures) + jitter.nextDouble()) * 1e9));
    }
    assertThat(reactor.now()).isEqualTo(expected);
    assertThat(states).containsExactly(
        State.WAITING, State.CONNECTING, State.WAITING, State.CONNECTING, State.WAITING,
        State.CONNECTING);
    client.close();
  }

  @Test
  void requestsMadeWhileDisconnectedAreSentInOrderOnceConnectedAndAnsweredInOrder() {
    ReconnectingLineClient client = start();
    Deferred<String> first = client.request("GET a");
    Deferred<String> second = client.request("GET b");
    reactor.lastClientAttempt().refuse();
    reactor.advanceToNextCall();

    MemoryConnection server = reactor.lastClientAttempt().connect();
    assertThat(server.takeWrittenText()).isEqualTo("GET a\r\nGET b\r\n");
    server.receive("value of a\r\nvalue");
    server.receive(" of b\r\n");

    assertThat(first.join()).isEqualTo("value of a");
    assertThat(second.join()).isEqualTo("value of b");
    client.close();
    reactor.iterate();
  }

  @Test
  void aRequestThatTimesOutHasItsLateReplyDroppedNotGivenToTheNextRequest() {
    ReconnectingLineClient client = start();
    MemoryConnection server = reactor.lastClientAttempt().connect();
    Deferred<String> slow = client.request("SLOW");
    reactor.advance(Duration.ofSeconds(5));
    assertThatThrownBy(slow::join).hasCauseInstanceOf(TimeoutException.class);

    Deferred<String> next = client.request("FAST");
    server.receive("late answer to SLOW\r\nanswer to FAST\r\n");

    assertThat(next.join()).isEqualTo("answer to FAST");
    assertThat(server.takeWrittenText()).isEqualTo("SLOW\r\nFAST\r\n");
    client.close();
    reactor.iterate();
  }

  @Test
  void aRequestWaitingForAConnectionTimesOutWithoutEverBeingSent() {
    ReconnectingLineClient client = start();
    Deferred<String> stranded = client.request("GET a");
    reactor.lastClientAttempt().refuse();

    reactor.advance(Duration.ofSeconds(5)); // the retry, after about two seconds, is pending
    assertThatThrownBy(stranded::join).hasCauseInstanceOf(TimeoutException.class);
    assertThat(reactor.pendingClientAttempts()).hasSize(1);
    MemoryConnection server = reactor.lastClientAttempt().connect();

    assertThat(server.takeWrittenText()).isEmpty();
    client.close();
    reactor.iterate();
  }

  @Test
  void requestsInFlightFailWithTheLossAndLaterOnesGoToTheNextConnection() {
    ReconnectingLineClient client = start();
    MemoryConnection first = reactor.lastClientAttempt().connect();
    Deferred<String> inFlight = client.request("GET a");

    first.lose();
    Deferred<String> afterwards = client.request("GET a");

    assertThatThrownBy(inFlight::join).hasCauseInstanceOf(ConnectionLostException.class);
    assertThat(client.service().state()).isEqualTo(State.WAITING);
    reactor.advanceToNextCall();
    MemoryConnection second = reactor.lastClientAttempt().connect();
    assertThat(second.takeWrittenText()).isEqualTo("GET a\r\n");
    second.receive("a\r\n");
    assertThat(afterwards.join()).isEqualTo("a");
    client.close();
    reactor.iterate();
  }

  @Test
  void closeWaitsForTheRepliesInFlightThenClosesTheConnection() {
    ReconnectingLineClient client = start();
    MemoryConnection server = reactor.lastClientAttempt().connect();
    Deferred<String> inFlight = client.request("GET a");

    Deferred<Void> closed = client.close();
    assertThatThrownBy(() -> client.request("GET b").join())
        .hasCauseInstanceOf(IllegalStateException.class);
    reactor.iterate();
    assertThat(server.isOpen()).as("still open: a reply is due").isTrue();

    server.receive("a\r\n");
    reactor.iterate();

    assertThat(inFlight.join()).isEqualTo("a");
    assertThat(server.isOpen()).isFalse();
    assertThat(closed).isCompleted();
    assertThat(client.service().state()).isEqualTo(State.STOPPED);
  }

  @Test
  void closingWhileDisconnectedFailsTheQueuedRequestsAndCancelsTheRetry() {
    ReconnectingLineClient client = start();
    reactor.lastClientAttempt().refuse();
    Deferred<String> queued = client.request("GET a");

    assertThat(client.close()).isCompleted();

    assertThatThrownBy(queued::join).hasCauseInstanceOf(ConnectCancelledException.class);
    assertThat(reactor.pendingCalls()).isEmpty();
  }

  @Test
  void aReplyNobodyAskedForClosesTheConnectionAndTheServiceReconnects() {
    ReconnectingLineClient client = start();
    MemoryConnection server = reactor.lastClientAttempt().connect();

    server.receive("unsolicited\r\n");
    reactor.iterate();

    assertThat(server.isOpen()).isFalse();
    assertThat(client.service().state()).isEqualTo(State.WAITING);
    client.close();
  }

  @Test
  void theServiceBehindTheClientCanBeUsedDirectly() {
    // ClientService on its own: a typed protocol, the backoff on the Clock, an orderly stop.
    ClientService<ReconnectingLineClient.Session> service =
        ReconnectingLineClient.start(reactor, "feed.example", 4000).service();
    reactor.lastClientAttempt().refuse();
    assertThat(service.state()).isEqualTo(State.WAITING);
    assertThat(reactor.clock().nextCallTime().orElseThrow())
        .isBetween(Instant.EPOCH.plusMillis(1500), Instant.EPOCH.plusMillis(2500));

    reactor.advanceToNextCall();
    MemoryConnection server = reactor.lastClientAttempt().connect();
    Deferred<ReconnectingLineClient.Session> session = service.whenConnected();
    assertThat(session.join()).isSameAs(service.connectedProtocol());

    Deferred<Void> stopped = service.stop();
    reactor.iterate();
    assertThat(stopped).isCompleted();
    assertThat(server.isOpen()).isFalse();
  }
}
