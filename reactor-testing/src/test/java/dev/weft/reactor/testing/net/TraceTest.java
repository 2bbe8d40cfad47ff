package dev.weft.reactor.testing.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.reactor.testing.Clock;
import dev.weft.reactor.testing.net.NetworkTest.Failures;
import dev.weft.reactor.testing.net.NetworkTest.Peer;
import dev.weft.reactor.testing.net.Trace.Event;
import dev.weft.reactor.testing.net.Trace.Kind;
import dev.weft.reactor.ProtocolFactory;
import dev.weft.reactor.udp.DatagramTransport;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class TraceTest {

  private final Network network =
      Network.builder().seed(7).latency(Duration.ofMillis(10)).build();
  private final Host web = network.host("web", "10.0.0.2");
  private final Host app = network.host("app", "10.0.0.3");

  private Peer listen(Host host, int port) {
    Peer server = new Peer();
    host.reactor().listenTCP(port, ProtocolFactory.of(() -> server));
    return server;
  }

  private List<Kind> kinds() {
    return network.trace().events().stream().map(Event::kind).toList();
  }

  @Test
  void oneExchangeIsTracedWithFakeTimesHostsAndExcerpts() {
    Peer server = listen(web, 80);
    server.echo = true;
    Failures client = new Failures();
    app.reactor().connectTCP("web", 80, client);
    network.advance(Duration.ofMillis(20));
    client.peer.send("ping\r\n");
    network.advance(Duration.ofMillis(20));
    client.peer.t().loseConnection();
    network.runUntilIdle();

    List<Event> events = network.trace().events();
    assertThat(kinds()).containsExactly(
        Kind.CONNECT, Kind.CONNECTED, Kind.DATA, Kind.DATA, Kind.CLOSE, Kind.CLOSE);
    Event connect = events.get(0);
    assertThat(connect.from()).isEqualTo("app");
    assertThat(connect.to()).isEqualTo("web");
    assertThat(connect.connection()).isEqualTo(1);
    assertThat(events.get(1).at()).isEqualTo(Duration.ofMillis(20));
    Event request = events.get(2);
    assertThat(request.from()).isEqualTo("app");
    assertThat(request.to()).isEqualTo("web");
    assertThat(request.bytes()).isEqualTo(6);
    assertThat(request.detail()).isEqualTo("\"ping\\r\\n\"");
    assertThat(request.sentAt()).isEqualTo(Duration.ofMillis(20));
    assertThat(request.at()).isEqualTo(Duration.ofMillis(30));
    Event echo = events.get(3);
    assertThat(echo.from()).isEqualTo("web");
    assertThat(echo.at()).isEqualTo(Duration.ofMillis(40));
    assertThat(events.get(4).from()).isEqualTo("app");
    assertThat(events.get(5).from()).isEqualTo("web");

    assertThat(request.toString()).isEqualTo(
        "    30.000ms #1 app -> web  DATA 6 bytes \"ping\\r\\n\" (sent 20.000ms)");
    assertThat(network.trace().render()).startsWith("Trace of Network seed 7L")
        .contains("#1 app -> web  CONNECT to web:80")
        .contains("#1 web -> app  CONNECTED");
  }

  @Test
  void faultsThatFireAreTracedWhereTheyFire() {
    Peer server = listen(web, 80);
    server.echo = true;
    network.inject(Fault.refuse().onAttempt(1));
    network.inject(Fault.resetAfter(3).onRequest().onLink(0));
    Failures first = new Failures();
    app.reactor().connectTCP("web", 80, first);
    network.advance(Duration.ofMillis(20));
    first.peer.send("ping\r\n");
    network.runUntilIdle();
    Failures second = new Failures();
    app.reactor().connectTCP("web", 80, second);
    network.runUntilIdle();

    List<Event> faults = network.trace().events().stream()
        .filter(e -> e.kind() == Kind.FAULT).toList();
    assertThat(faults).hasSize(2);
    assertThat(faults.get(0).detail()).contains("resetAfter(3)");
    assertThat(faults.get(0).connection()).isEqualTo(1);
    assertThat(faults.get(1).detail()).contains("refuse()");
    assertThat(kinds()).contains(Kind.RESET, Kind.REFUSED);
  }

  @Test
  void longDeliveriesShowAnExcerptOfFortyBytesAndTheCount() {
    Peer server = listen(web, 80);
    Failures client = new Failures();
    app.reactor().connectTCP("web", 80, client);
    network.advance(Duration.ofMillis(20));
    client.peer.send("x".repeat(100));
    network.runUntilIdle();

    Event data = network.trace().events().get(2);
    assertThat(data.bytes()).isEqualTo(100);
    assertThat(data.detail()).isEqualTo("\"" + "x".repeat(40) + "\"...");
    assertThat(server.text).hasSize(100);
    client.peer.t().abortConnection();
    network.runUntilIdle();
    Event reset = network.trace().events().get(3);
    assertThat(reset.kind()).isEqualTo(Kind.RESET);
    assertThat(reset.detail()).isEqualTo("aborted");
  }

  @Test
  void refusalsAndTimeoutsAreOutcomes() {
    Failures refused = new Failures();
    app.reactor().connectTCP("web", 81, refused);
    network.runUntilIdle();
    web.crash();
    Failures unanswered = new Failures();
    app.reactor().connectTCP("web", 80, unanswered, Duration.ofSeconds(3), null);
    network.runUntilIdle();
    web.restart();

    assertThat(kinds()).containsExactly(Kind.CONNECT, Kind.REFUSED, Kind.CRASH, Kind.CONNECT,
        Kind.TIMED_OUT, Kind.RESTART);
    Event timedOut = network.trace().events().get(4);
    assertThat(timedOut.from()).isEqualTo("app");
    assertThat(timedOut.to()).isNull();
    assertThat(timedOut.connection()).isEqualTo(2);
    assertThat(timedOut.at()).isEqualTo(Duration.ofMillis(20).plusSeconds(3));
    assertThat(network.trace().events().get(1).detail()).contains("nothing listens");
  }

  @Test
  void partitionsHoldsCrashesAndFaultsAreEvents() {
    listen(web, 80);
    Failures client = new Failures();
    app.reactor().connectTCP("web", 80, client);
    network.runUntilIdle();
    Link link = network.links().get(0);
    link.hold();
    link.release();
    network.partition(app, web);
    network.heal(app, web);
    network.partitionOneWay(web, app);
    network.healAll();
    network.trace().faultFired(web, app, "reset after 17 bytes");
    web.crash();
    network.runUntilIdle();

    assertThat(kinds()).containsExactly(Kind.CONNECT, Kind.CONNECTED, Kind.HOLD, Kind.RELEASE,
        Kind.PARTITION, Kind.HEAL, Kind.PARTITION, Kind.HEAL, Kind.FAULT, Kind.CRASH,
        Kind.RESET);
    List<Event> events = network.trace().events();
    assertThat(events.get(2).connection()).isEqualTo(link.number()).isEqualTo(1);
    assertThat(events.get(6).detail()).isEqualTo("one way");
    assertThat(events.get(7).from()).isEqualTo("*");
    assertThat(events.get(8).detail()).isEqualTo("reset after 17 bytes");
    assertThat(events.get(10).detail()).isEqualTo("host crashed");
    assertThat(events.get(10).from()).isEqualTo("web");
    assertThat(client.peer.lost).isNotNull();
  }

  @Test
  void bytesForACrashedHostAreLost() {
    listen(web, 80);
    Failures client = new Failures();
    app.reactor().connectTCP("web", 80, client);
    network.runUntilIdle();
    client.peer.send("into the void");
    network.advance(Duration.ofMillis(5));
    web.crash();
    network.runUntilIdle();

    Event lost = network.trace().events().stream().filter(e -> e.kind() == Kind.LOST)
        .findFirst().orElseThrow();
    assertThat(lost.toString())
        .isEqualTo("    30.000ms #1 app -> web  LOST 13 bytes: the host is down (sent 20.000ms)");
    assertThat(kinds()).endsWith(Kind.CRASH, Kind.LOST, Kind.RESET);
  }

  @Test
  void datagramsShowOnceWhereTheyEnded() {
    web.reactor().listenUDP(53, new DatagramNetworkTest.Sink());
    DatagramTransport out = app.reactor().listenUDP(0, new DatagramNetworkTest.Sink());
    out.write("query".getBytes(StandardCharsets.US_ASCII),
        new InetSocketAddress(web.address(), 53));
    out.write("nobody".getBytes(StandardCharsets.US_ASCII),
        new InetSocketAddress(web.address(), 54));
    network.runUntilIdle();
    network.partition(app, web);
    out.write("cut".getBytes(StandardCharsets.US_ASCII),
        new InetSocketAddress(web.address(), 53));
    network.runUntilIdle();

    List<Event> datagrams = network.trace().events().stream()
        .filter(e -> e.kind() == Kind.DATAGRAM).toList();
    assertThat(datagrams).extracting(Event::detail).containsExactlyInAnyOrder(
        "DELIVERED port " + out.host().getPort() + " -> 53 \"query\"",
        "NO_LISTENER port " + out.host().getPort() + " -> 54 \"nobody\"",
        "PARTITIONED port " + out.host().getPort() + " -> 53 \"cut\"");
    assertThat(datagrams).allSatisfy(e -> {
      assertThat(e.from()).isEqualTo("app");
      assertThat(e.to()).isEqualTo("web");
    });
    assertThat(datagrams).extracting(Event::bytes).containsExactlyInAnyOrder(5L, 6L, 3L);
  }

  @Test
  void theTraceKeepsTheLastEventsAndCountsTheDropped() {
    Network small = Network.builder().traceCapacity(3).build();
    Host a = small.host("a");
    Host b = small.host("b");
    for (int i = 0; i < 5; i++) {
      small.partition(a, b);
    }

    assertThat(small.trace().events()).extracting(Event::number).containsExactly(3L, 4L, 5L);
    assertThat(small.trace().dropped()).isEqualTo(2);
    assertThat(small.trace().recorded()).isEqualTo(5);
    assertThat(small.trace().render()).contains("the first 2 dropped (capacity 3)")
        .contains("... 2 earlier events not shown");
    assertThat(small.trace().render(1).lines().filter(l -> l.contains("PARTITION")))
        .hasSize(1);
    assertThatThrownBy(() -> Network.builder().traceCapacity(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("traceCapacity must be at least 1: 0");
    assertThatThrownBy(() -> small.trace().render(0))
        .hasMessage("maxEvents must be at least 1: 0");
  }

  @Test
  void networksAreFoundByTheirClock() {
    Clock clock = new Clock();
    Network first = Network.builder().clock(clock).build();
    Network second = Network.builder().clock(clock).build();

    assertThat(Network.on(clock)).containsExactly(first, second);
    assertThat(Network.on(new Clock())).isEmpty();
    assertThat(Network.on(network.clock())).containsExactly(network);
  }
}
