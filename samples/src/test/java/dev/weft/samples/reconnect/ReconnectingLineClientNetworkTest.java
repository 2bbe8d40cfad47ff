package dev.weft.samples.reconnect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.reactor.ConnectionLostException;
import dev.weft.reactor.ConnectionRefusedException;
import dev.weft.reactor.ConnectTimeoutException;
import dev.weft.reactor.Deferred;
import dev.weft.reactor.ProtocolFactory;
import dev.weft.reactor.ReactorTCP;
import dev.weft.reactor.endpoints.ClientService.State;
import dev.weft.reactor.endpoints.ClientService.StateChange;
import dev.weft.reactor.endpoints.ExponentialBackoff;
import dev.weft.reactor.protocols.LineReceiver;
import dev.weft.reactor.testing.Leftovers;
import dev.weft.reactor.testing.MemoryReactor;
import dev.weft.reactor.testing.net.Host;
import dev.weft.reactor.testing.net.Network;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The reconnecting client on one host of a simulated network, its server on another, across a
 * crash of the server's host and its restart: each reconnection attempt happens at the exact
 * fake instant Twisted's backoff (seeded jitter) and the 30 s connect timeout put it, and once
 * the restarted host listens again the client is back and answered.
 */
class ReconnectingLineClientNetworkTest {
  private static final Duration LATENCY = Duration.ofMillis(5);
  private static final Duration ROUND_TRIP = LATENCY.multipliedBy(2);

  /** Answers each line with the line in upper case. */
  static final class Shouter extends LineReceiver {
    @Override
    protected void lineReceived(byte[] line) {
      sendLine(new String(line, StandardCharsets.UTF_8).toUpperCase(Locale.ROOT)
          .getBytes(StandardCharsets.UTF_8));
    }
  }

  /**
   * The client's documented backoff, {@code min(1 s * 1.5^n, 1 min) + jitter} with the jitter
   * uniform in [0, 1 s) from the same seeded generator: the delay after {@code n} failures in a
   * row, computed the same way as the policy does so that the nanoseconds agree.
   */
  private static final class Backoff {
    private final Random jitter = new Random(7);

    Duration after(int failures) {
      double base = Math.min(1e9 * Math.pow(1.5, failures), 60e9);
      return Duration.ofNanos(Math.round(base + jitter.nextDouble() * 1e9));
    }
  }

  /** Moves the network's fake time to {@code instant} since it started. */
  private static void advanceTo(Network network, Duration instant) {
    network.advance(instant.minus(network.clock().elapsed()));
  }

  @Test
  void reconnectsOnTheBackoffScheduleThroughACrashAndARestartAndWorksAgain() {
    Network network = Network.builder().seed(20261202L).latency(LATENCY).build();
    Host db = network.host("db");
    Host app = network.host("app");
    db.reactor().listenTCP(4000, ProtocolFactory.of(Shouter::new));

    ReconnectingLineClient client = ReconnectingLineClient.start(app.reactor(), "db", 4000,
        Duration.ofSeconds(10), ExponentialBackoff.builder().random(new Random(7)).build());
    // The first attempt was made by start(), at 0; the listener sees every reconnection.
    List<Duration> attempts = new ArrayList<>();
    List<StateChange> waits = new ArrayList<>();
    client.service().addListener(change -> {
      if (change.to() == State.CONNECTING) {
        attempts.add(network.clock().elapsed());
      } else if (change.to() == State.WAITING) {
        waits.add(change);
      }
    });
    Deferred<String> first = client.request("one");
    network.advance(Duration.ofSeconds(1));
    assertThat(first.join()).isEqualTo("ONE");

    // The server's host crashes with a request on the wire: the reset reaches the client one
    // hop later, and the request fails with it.
    Deferred<String> lost = client.request("two");
    MemoryReactor beforeCrash = db.reactor();
    db.crash();
    network.advance(LATENCY);
    assertThatThrownBy(lost::join).hasCauseInstanceOf(ConnectionLostException.class);
    Duration resetAt = Duration.ofSeconds(1).plus(LATENCY);

    // Down, the host leaves each attempt unanswered until the 30 s connect timeout. It restarts
    // 1 s after the third attempt, with nothing listening: the fourth is refused one round trip
    // after it is made. The server listens again 1 s after that, and the fifth connects.
    Backoff backoff = new Backoff();
    Duration timeout = ReactorTCP.DEFAULT_CONNECT_TIMEOUT;
    Duration a2 = resetAt.plus(backoff.after(1));
    Duration a3 = a2.plus(timeout).plus(backoff.after(2));
    Duration a4 = a3.plus(timeout).plus(backoff.after(3));
    Duration a5 = a4.plus(ROUND_TRIP).plus(backoff.after(4));
    // Each retry is a delayed call on the Clock, due at exactly that instant.
    assertThat(client.service().state()).isEqualTo(State.WAITING);
    assertThat(network.clock().nextCallTime()).contains(Instant.EPOCH.plus(a2));

    advanceTo(network, a3.plus(Duration.ofSeconds(1)));
    assertThat(attempts).containsExactly(a2, a3);
    db.restart();
    advanceTo(network, a4.plus(Duration.ofSeconds(1)));
    assertThat(attempts).containsExactly(a2, a3, a4);
    assertThat(client.service().state()).isEqualTo(State.WAITING);

    db.reactor().listenTCP(4000, ProtocolFactory.of(Shouter::new));
    Deferred<String> third = client.request("three");
    List<Duration> answeredAt = new ArrayList<>();
    third.whenComplete((reply, error) -> answeredAt.add(network.clock().elapsed()));
    advanceTo(network, a5.minusNanos(1));
    assertThat(third.isDone()).isFalse();
    network.advance(Duration.ofSeconds(1));

    assertThat(attempts).containsExactly(a2, a3, a4, a5);
    assertThat(app.reactor().tcpClients()).hasSize(5);
    assertThat(waits).extracting(StateChange::failedAttempts).containsExactly(1, 2, 3, 4);
    assertThat(waits).extracting(StateChange::cause).extracting(Object::getClass)
        .containsExactly(ConnectionLostException.class, ConnectTimeoutException.class,
            ConnectTimeoutException.class, ConnectionRefusedException.class);
    assertThat(third.join()).isEqualTo("THREE");
    // Connected one round trip after the attempt, answered one round trip after that.
    assertThat(answeredAt).containsExactly(a5.plus(ROUND_TRIP).plus(ROUND_TRIP));
    assertThat(client.service().state()).isEqualTo(State.CONNECTED);

    client.close();
    db.reactor().listeningPorts().forEach(port -> port.stopListening());
    network.runUntilIdle();
    assertThat(client.service().state()).isEqualTo(State.STOPPED);
    // The crashed reactor's port and connection went with the crash; what its code threw would
    // still be a bug. The live reactors (and the Clock) must be clean.
    assertThat(beforeCrash.callbackErrors()).isEmpty();
    Leftovers.assertClean(db.reactor());
    Leftovers.assertClean(app.reactor());
  }
}
