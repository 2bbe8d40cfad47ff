package dev.weft.samples.udp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.reactor.ConnectionRefusedException;
import dev.weft.reactor.Deferred;
import dev.weft.reactor.testing.Clock;
import dev.weft.reactor.testing.Datagram;
import dev.weft.reactor.testing.MemoryReactor;
import dev.weft.reactor.testing.net.DatagramConditions;
import dev.weft.reactor.testing.net.DatagramEvent;
import dev.weft.reactor.testing.net.DatagramEvent.Fate;
import dev.weft.reactor.testing.net.DatagramNetwork;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/**
 * The A-record client on a fake network that loses 30% of datagrams each way, duplicates and
 * reorders them, with a fixed seed: every answer is right, and every query is resent exactly on
 * the schedule of its timeouts until answered.
 */
class ARecordLookupTest {
  private static final long SEED = 20261202L;
  private static final Duration FIRST_TIMEOUT = Duration.ofSeconds(1);
  private static final int ATTEMPTS = 6;

  private final Clock clock = new Clock();
  private final MemoryReactor clientHost = new MemoryReactor(clock);
  private final MemoryReactor serverHost = new MemoryReactor(clock);
  private final DatagramNetwork network = DatagramNetwork.builder(clock).seed(SEED)
      .conditions(DatagramConditions.perfect()
          .withLoss(0.3)
          .withDuplication(0.2)
          .withReordering(0.3, Duration.ofMillis(150))
          .withLatency(Duration.ofMillis(20)))
      .build()
      .attach(clientHost, "10.0.0.1")
      .attach(serverHost, "10.0.0.53");

  private static InetAddress ip(String literal) {
    try {
      return InetAddress.getByName(literal);
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  /** What a completed Deferred failed with (Java 17 has no exceptionNow). */
  private static Throwable failure(Deferred<?> failed) {
    assertThat(failed).isCompletedExceptionally();
    return failed.handle((value, error) -> error).join();
  }

  private Map<String, InetAddress> table() {
    Map<String, InetAddress> table = new LinkedHashMap<>();
    for (int i = 1; i <= 40; i++) {
      table.put("host" + i + ".weft.test", ip("192.0.2." + i));
    }
    return table;
  }

  @Test
  void everyLookupIsAnsweredRightlyUnderLossDuplicationAndReordering() {
    ARecordServer server = new ARecordServer(table());
    serverHost.listenUDP(53, server);
    ARecordClient client = new ARecordClient(
        clientHost, new InetSocketAddress(ip("10.0.0.53"), 53), FIRST_TIMEOUT, ATTEMPTS);
    clientHost.listenUDP(0, client);

    Map<String, Deferred<InetAddress>> lookups = new LinkedHashMap<>();
    for (String name : table().keySet()) {
      lookups.put(name, client.lookup(name));
      clock.advance(Duration.ofMillis(100));
    }
    Deferred<InetAddress> missing = client.lookup("nowhere.weft.test");
    clock.advance(Duration.ofMinutes(2));

    lookups.forEach((name, lookup) -> assertThat(lookup).isCompletedWithValue(table().get(name)));
    assertThat(missing).isCompletedExceptionally();
    assertThat(failure(missing)).isInstanceOf(UnknownHostException.class);
    assertThat(client.inFlight()).isZero();
    assertThat(clock.pendingCalls()).as("no retry timer left behind").isEmpty();
    // The faults really happened, in both directions.
    assertThat(network.trace(Fate.LOST)).hasSizeGreaterThan(10);
    assertThat(network.trace(Fate.DUPLICATED)).isNotEmpty();
    assertThat(server.answered()).isGreaterThan(lookups.size() + 1);
  }

  @Test
  void eachQueryIsResentOnItsTimeoutScheduleUntilAnswered() {
    serverHost.listenUDP(53, new ARecordServer(table()));
    ARecordClient client = new ARecordClient(
        clientHost, new InetSocketAddress(ip("10.0.0.53"), 53), FIRST_TIMEOUT, ATTEMPTS);
    clientHost.listenUDP(0, client);

    for (String name : table().keySet()) {
      client.lookup(name);
      clock.advance(Duration.ofMillis(100));
    }
    clock.advance(Duration.ofMinutes(2));

    Map<Integer, List<Duration>> sends = sendTimesById();
    Map<Integer, Instant> answered = firstAnswerById();
    List<Duration> schedule = List.of(Duration.ZERO, Duration.ofSeconds(1), Duration.ofSeconds(3),
        Duration.ofSeconds(7), Duration.ofSeconds(15), Duration.ofSeconds(31));
    sends.forEach((id, times) -> {
      assertThat(schedule).as("query %d sent at %s", id, times).startsWith(times.toArray(Duration[]::new));
      Instant firstSend = Instant.EPOCH.plus(Duration.ofMillis(100L * id));
      Instant answer = answered.get(id);
      assertThat(answer).as("query %d answered", id).isNotNull();
      Duration lastSend = times.get(times.size() - 1);
      Duration nextSend = schedule.get(times.size());
      assertThat(answer).as("answered after the last send, before the next was due")
          .isAfter(firstSend.plus(lastSend)).isBefore(firstSend.plus(nextSend).plusNanos(1));
    });
    // The seed replays exactly: query 0 was answered at once, query 15 needed five sends.
    assertThat(sends.get(0)).containsExactly(Duration.ZERO);
    assertThat(sends.get(15)).containsExactly(Duration.ZERO, Duration.ofSeconds(1),
        Duration.ofSeconds(3), Duration.ofSeconds(7), Duration.ofSeconds(15));
    assertThat(sends.values().stream().mapToInt(List::size).max().orElseThrow()).isGreaterThan(2);
  }

  /** The send times of each query id, relative to its first send, from the network trace. */
  private Map<Integer, List<Duration>> sendTimesById() {
    Map<Integer, List<Duration>> byId = new TreeMap<>();
    for (DatagramEvent e : network.trace(Fate.SENT)) {
      if (e.datagram().to().getPort() == 53) {
        int id = ByteBuffer.wrap(e.datagram().data()).getShort() & 0xFFFF;
        byId.computeIfAbsent(id, k -> new ArrayList<>()).add(Duration.between(Instant.EPOCH, e.at()));
      }
    }
    byId.replaceAll((id, times) -> times.stream().map(t -> t.minus(times.get(0))).toList());
    return byId;
  }

  /** When the first answer to each query id reached the client. */
  private Map<Integer, Instant> firstAnswerById() {
    Map<Integer, Instant> byId = new TreeMap<>();
    for (DatagramEvent e : network.trace()) {
      Datagram d = e.datagram();
      if (d.from().getPort() == 53 && (e.fate() == Fate.DELIVERED || e.fate() == Fate.DUPLICATED)) {
        byId.putIfAbsent(ByteBuffer.wrap(d.data()).getShort() & 0xFFFF, e.at());
      }
    }
    return byId;
  }

  @Test
  void aLookupTimesOutAfterEveryAttemptWhenTheServerIsCutOff() {
    serverHost.listenUDP(53, new ARecordServer(table()));
    network.partition("10.0.0.1", "10.0.0.53");
    ARecordClient client = new ARecordClient(
        clientHost, new InetSocketAddress(ip("10.0.0.53"), 53), FIRST_TIMEOUT, 4);
    clientHost.listenUDP(0, client);

    Deferred<InetAddress> lookup = client.lookup("host1.weft.test");
    clock.advance(Duration.ofMillis(14_999));
    assertThat(lookup).isNotDone();
    clock.advance(Duration.ofMillis(1));

    assertThat(failure(lookup)).isInstanceOf(TimeoutException.class)
        .hasMessageContaining("after 4 attempts");
    assertThat(network.trace(Fate.SENT)).extracting(DatagramEvent::at).containsExactly(
        Instant.EPOCH, Instant.EPOCH.plusSeconds(1), Instant.EPOCH.plusSeconds(3),
        Instant.EPOCH.plusSeconds(7));
  }

  @Test
  void aServerThatIsNotThereIsReportedAtOnceAsRefused() {
    network.link("10.0.0.1", "10.0.0.53",
        DatagramConditions.perfect().withLatency(Duration.ofMillis(20)));
    ARecordClient client = new ARecordClient(
        clientHost, new InetSocketAddress(ip("10.0.0.53"), 53), FIRST_TIMEOUT, 4);
    clientHost.listenUDP(0, client);

    Deferred<InetAddress> lookup = client.lookup("host1.weft.test");
    clock.advance(Duration.ofMillis(40));

    assertThat(failure(lookup)).isInstanceOf(ConnectionRefusedException.class);
    assertThat(clock.pendingCalls()).isEmpty();
  }
}
