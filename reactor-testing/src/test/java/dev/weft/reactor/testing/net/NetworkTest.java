package dev.weft.reactor.testing.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.reactor.BaseProtocol;
import dev.weft.reactor.ClientFactory;
import dev.weft.reactor.ConnectTimeoutException;
import dev.weft.reactor.ConnectionClosedException;
import dev.weft.reactor.ConnectionEndedException;
import dev.weft.reactor.ConnectionLostException;
import dev.weft.reactor.ConnectionRefusedException;
import dev.weft.reactor.Connector;
import dev.weft.reactor.ConnectFailedException;
import dev.weft.reactor.ProtocolFactory;
import dev.weft.reactor.testing.ClientAttempt;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NetworkTest {

  /** Records reads and the end; echoes if asked. */
  static class Peer extends BaseProtocol {
    final List<String> reads = new ArrayList<>();
    final StringBuilder text = new StringBuilder();
    boolean echo;
    boolean made;
    ConnectionEndedException lost;

    @Override
    public void connectionMade() {
      made = true;
    }

    @Override
    public void dataReceived(ByteBuffer data) {
      byte[] bytes = new byte[data.remaining()];
      data.get(bytes);
      String s = new String(bytes, StandardCharsets.UTF_8);
      reads.add(s);
      text.append(s);
      if (echo) {
        transport().write(bytes);
      }
    }

    @Override
    public void connectionLost(ConnectionEndedException reason) {
      lost = reason;
    }

    dev.weft.reactor.Transport t() {
      return transport();
    }

    void send(String s) {
      transport().write(s.getBytes(StandardCharsets.UTF_8));
    }
  }

  static final class Failures implements ClientFactory {
    final Peer peer = new Peer();
    ConnectFailedException failed;

    @Override
    public dev.weft.reactor.Protocol buildProtocol(java.net.SocketAddress address) {
      return peer;
    }

    @Override
    public void clientConnectionFailed(Connector connector, ConnectFailedException reason) {
      failed = reason;
    }
  }

  private final Network network =
      Network.builder().seed(7).latency(Duration.ofMillis(10)).build();
  private final Host web = network.host("web", "10.0.0.2");
  private final Host app = network.host("app", "10.0.0.3");

  private Peer listen(Host host, int port) {
    Peer server = new Peer();
    host.reactor().listenTCP(port, ProtocolFactory.of(() -> server));
    return server;
  }

  @Test
  void connectReachesTheListenerAfterOneRoundTripAndBytesTakeTheLatency() {
    Peer server = listen(web, 80);
    server.echo = true;
    Failures client = new Failures();
    app.reactor().connectTCP("web", 80, client);

    network.advance(Duration.ofMillis(19));
    assertThat(client.peer.made).isFalse();
    network.advance(Duration.ofMillis(1));
    assertThat(client.peer.made).isTrue();
    assertThat(server.made).isTrue();
    assertThat(network.links()).hasSize(1);
    Link link = network.links().get(0);
    assertThat(link.client().transport().host().toString()).contains("10.0.0.3");

    client.peer.send("ping");
    network.advance(Duration.ofMillis(9));
    assertThat(server.text.toString()).isEmpty();
    assertThat(link.bytesInFlight()).isEqualTo(4);
    network.advance(Duration.ofMillis(1));
    assertThat(server.text.toString()).isEqualTo("ping");
    network.advance(Duration.ofMillis(10));
    assertThat(client.peer.text.toString()).isEqualTo("ping");
    assertThat(link.bytesInFlight()).isZero();
  }

  @Test
  void writesInOneInstantArriveAsOneRead() {
    Peer server = listen(web, 80);
    Failures client = new Failures();
    app.reactor().connectTCP("10.0.0.2", 80, client);
    network.advance(Duration.ofMillis(20));
    client.peer.send("one;");
    client.peer.send("two;");
    network.advance(Duration.ofMillis(10));
    assertThat(server.reads).containsExactly("one;two;");
  }

  @Test
  void chunkingCutsReadsOnLinks() {
    Network cut = Network.builder().chunking(Chunking.oneByte()).build();
    Host a = cut.host("a");
    Host b = cut.host("b");
    Peer server = listen(b, 7);
    Failures client = new Failures();
    a.reactor().connectTCP("b", 7, client);
    cut.runUntilIdle();
    client.peer.send("abc");
    cut.runUntilIdle();
    assertThat(server.reads).containsExactly("a", "b", "c");
  }

  @Test
  void nothingListeningIsRefusedAfterARoundTrip() {
    Failures client = new Failures();
    app.reactor().connectTCP("web", 81, client);
    network.advance(Duration.ofMillis(19));
    assertThat(client.failed).isNull();
    network.advance(Duration.ofMillis(1));
    assertThat(client.failed).isInstanceOf(ConnectionRefusedException.class)
        .hasMessageContaining("web");
  }

  @Test
  void aDownHostLeavesTheAttemptToItsTimeout() {
    listen(web, 80);
    web.crash();
    Failures client = new Failures();
    app.reactor().connectTCP("web", 80, client, Duration.ofSeconds(3), null);
    network.advance(Duration.ofSeconds(2));
    assertThat(client.failed).isNull();
    network.advance(Duration.ofSeconds(1));
    assertThat(client.failed).isInstanceOf(ConnectTimeoutException.class);
  }

  @Test
  void bothEndsReportTheAddressesRealSocketsWould() {
    // Real TCP: the accepted socket's local address is the address the client connected to
    // (not loopback), its peer the client's host address with the client's ephemeral port; the
    // client sees the same pair the other way round.
    Peer server = listen(web, 80);
    Failures client = new Failures();
    app.reactor().connectTCP("web", 80, client);
    network.advance(Duration.ofMillis(20));

    java.net.InetSocketAddress serverHost = (java.net.InetSocketAddress) server.t().host();
    java.net.InetSocketAddress serverPeer = (java.net.InetSocketAddress) server.t().peer();
    java.net.InetSocketAddress clientHost = (java.net.InetSocketAddress) client.peer.t().host();
    java.net.InetSocketAddress clientPeer = (java.net.InetSocketAddress) client.peer.t().peer();
    assertThat(serverHost.getAddress()).isEqualTo(web.address());
    assertThat(serverHost.getPort()).isEqualTo(80);
    assertThat(clientPeer).isEqualTo(serverHost);
    assertThat(clientHost.getAddress()).isEqualTo(app.address());
    assertThat(clientHost.getPort()).isNotEqualTo(80).isPositive();
    assertThat(serverPeer).isEqualTo(clientHost);
    assertThat(web.reactor().listeningPorts().get(0).host().getAddress().isAnyLocalAddress())
        .as("a port listening on all addresses reports the wildcard, as nio does").isTrue();
  }

  @Test
  void aConnectionAcceptedByHandOnAHostComesFromThatHost() {
    // accept() plays a client on the same machine: its address is the one the connection
    // reports as its own, never loopback beside the host's network address.
    listen(web, 80);
    dev.weft.reactor.testing.MemoryListeningPort port =
        (dev.weft.reactor.testing.MemoryListeningPort) web.reactor().listeningPorts().get(0);

    dev.weft.reactor.testing.MemoryConnection accepted = port.accept();

    java.net.InetSocketAddress host = (java.net.InetSocketAddress) accepted.transport().host();
    java.net.InetSocketAddress peer = (java.net.InetSocketAddress) accepted.transport().peer();
    assertThat(host.getAddress()).isEqualTo(web.address());
    assertThat(peer.getAddress()).isEqualTo(web.address());
    assertThat(peer.getPort()).isNotEqualTo(80);
  }

  @Test
  void aPortBoundToItsHostAddressReportsIt() {
    Peer server = new Peer();
    web.reactor().listenTCP(80, ProtocolFactory.of(() -> server), 50, "10.0.0.2");
    Failures client = new Failures();
    app.reactor().connectTCP("10.0.0.2", 80, client);
    network.advance(Duration.ofMillis(20));
    assertThat(server.t().host().toString()).isEqualTo("/10.0.0.2:80");
    assertThat(client.peer.t().peer().toString()).isEqualTo("/10.0.0.2:80");
  }

  @Test
  void aPortBoundToLoopbackIsNotReachableFromAnotherHost() {
    // Real TCP: a SYN to 10.0.0.2:80 matches no socket bound to 127.0.0.1:80; the kernel resets.
    Peer server = new Peer();
    web.reactor().listenTCP(80, ProtocolFactory.of(() -> server), 50, "127.0.0.1");
    Failures client = new Failures();
    app.reactor().connectTCP("web", 80, client);
    network.advance(Duration.ofMillis(20));
    assertThat(client.failed).isInstanceOf(ConnectionRefusedException.class);
    assertThat(server.made).isFalse();
  }

  @Test
  void aHostThatCrashesAfterTheSynLeavesTheAttemptToItsTimeout() {
    // Real TCP: a crashed machine sends nothing, neither SYN-ACK nor reset; the client hears
    // nothing and its connect times out.
    listen(web, 80);
    Failures client = new Failures();
    app.reactor().connectTCP("web", 80, client, Duration.ofSeconds(3), null);
    network.advance(Duration.ofMillis(10)); // the SYN has arrived
    web.crash();
    network.advance(Duration.ofSeconds(2));
    assertThat(client.failed).as("no answer from a crashed host").isNull();
    web.restart();
    network.advance(Duration.ofSeconds(1));
    assertThat(client.failed).isInstanceOf(ConnectTimeoutException.class);
  }

  @Test
  void aResetSentBeforeTheCrashStillArrives() {
    // The kernel answered the SYN (nothing listens) before the machine went down: the reset is
    // on the wire and refuses the attempt.
    Failures client = new Failures();
    app.reactor().connectTCP("web", 81, client, Duration.ofSeconds(3), null);
    network.advance(Duration.ofMillis(10));
    web.crash();
    network.advance(Duration.ofMillis(10));
    assertThat(client.failed).isInstanceOf(ConnectionRefusedException.class);
  }

  @Test
  void unknownDestinationsStayRecordedAttemptsForTheTest() {
    Failures client = new Failures();
    app.reactor().connectTCP("elsewhere.example", 80, client);
    network.advance(Duration.ofSeconds(1));
    ClientAttempt attempt = app.reactor().lastClientAttempt();
    assertThat(attempt.isPending()).isTrue();
    attempt.refuse();
    assertThat(client.failed).isInstanceOf(ConnectionRefusedException.class);
  }

  @Test
  void hostsResolveEachOther() {
    assertThat(app.reactor().resolve("web").join()).containsExactly(web.address());
  }

  @Test
  void aHostAddedLaterIsResolvedByEveryHostAndNamesIgnoreCase() {
    Host late = network.host("Late");

    assertThat(app.reactor().resolve("late").join()).containsExactly(late.address());
    assertThat(late.reactor().resolve("WEB").join()).containsExactly(web.address());
  }

  @Test
  void aHostsOwnResolverEntriesComeBeforeTheNetworksNames() {
    app.reactor().resolver().fail("web");
    assertThat(app.reactor().resolve("web")).isCompletedExceptionally();
    assertThat(web.reactor().resolve("app").join()).containsExactly(app.address());

    app.reactor().resolver().map("web", "192.0.2.9");
    assertThat(app.reactor().resolve("web").join().get(0).getHostAddress())
        .isEqualTo("192.0.2.9");
  }

  @Test
  void cleanCloseTravelsBehindTheBytes() {
    Peer server = listen(web, 80);
    Failures client = new Failures();
    app.reactor().connectTCP("web", 80, client);
    network.advance(Duration.ofMillis(20));
    client.peer.send("bye");
    client.peer.t().loseConnection();
    network.advance(Duration.ofMillis(1));
    assertThat(client.peer.lost).isInstanceOf(ConnectionClosedException.class);
    assertThat(server.lost).isNull();
    network.advance(Duration.ofMillis(10));
    assertThat(server.text.toString()).isEqualTo("bye");
    assertThat(server.lost).isInstanceOf(ConnectionClosedException.class);
  }

  @Test
  void aReaderThatStopsReadingPausesTheWritersProducer() {
    Network small = Network.builder().window(1000).build();
    Host a = small.host("a");
    Host b = small.host("b");
    Peer server = listen(b, 7);
    Failures client = new Failures();
    a.reactor().connectTCP("b", 7, client);
    small.runUntilIdle();
    server.t().pauseProducing();
    client.peer.t().write(new byte[200_000]);
    small.advance(Duration.ofSeconds(1));
    assertThat(server.text.length()).isZero();
    assertThat(small.links().get(0).server().unreadBytes()).isEqualTo(1000);
    assertThat(client.peer.t().pendingBytes()).isEqualTo(199_000);
    assertThat(client.peer.t().isWritable()).isFalse();
    server.t().resumeProducing();
    small.runUntilIdle();
    assertThat(server.text.length()).isEqualTo(200_000);
    assertThat(client.peer.t().isWritable()).isTrue();
  }

  @Test
  void bandwidthSpreadsBytesOverTime() {
    Network slow = Network.builder().latency(Duration.ZERO).bandwidth(1000).build();
    Host a = slow.host("a");
    Host b = slow.host("b");
    Peer server = listen(b, 7);
    Failures client = new Failures();
    a.reactor().connectTCP("b", 7, client);
    slow.runUntilIdle();
    client.peer.send("x".repeat(500));
    slow.advance(Duration.ofMillis(499));
    assertThat(server.text.length()).isZero();
    slow.advance(Duration.ofMillis(1));
    assertThat(server.text.length()).isEqualTo(500);
  }

  @Test
  void aPartitionHoldsBytesThatFlowOnHeal() {
    Peer server = listen(web, 80);
    Failures client = new Failures();
    app.reactor().connectTCP("web", 80, client);
    network.advance(Duration.ofMillis(20));
    network.partition(app, web);
    Link link = network.links().get(0);
    assertThat(link.isPartitioned()).isTrue();
    client.peer.send("held");
    network.advance(Duration.ofSeconds(5));
    assertThat(server.text.toString()).isEmpty();
    assertThat(link.bytesHeld()).isEqualTo(4);
    network.heal(app, web);
    network.advance(Duration.ZERO);
    assertThat(server.text.toString()).isEqualTo("held");
    assertThat(link.bytesHeld()).isZero();
  }

  @Test
  void aOneWayPartitionBlocksOneDirectionOnly() {
    Peer server = listen(web, 80);
    Failures client = new Failures();
    app.reactor().connectTCP("web", 80, client);
    network.advance(Duration.ofMillis(20));
    network.partitionOneWay(web, app);
    client.peer.send("up");
    server.send("down");
    network.advance(Duration.ofMillis(50));
    assertThat(server.text.toString()).isEqualTo("up");
    assertThat(client.peer.text.toString()).isEmpty();
    network.healAll();
    network.advance(Duration.ZERO);
    assertThat(client.peer.text.toString()).isEqualTo("down");
  }

  @Test
  void aPartitionResetsConnectionsAfterTheConfiguredTime() {
    Network timed = Network.builder().partitionTimeout(Duration.ofSeconds(30)).build();
    Host a = timed.host("a");
    Host b = timed.host("b");
    Peer server = listen(b, 7);
    Failures client = new Failures();
    a.reactor().connectTCP("b", 7, client);
    timed.runUntilIdle();
    timed.partition(a, b);
    timed.advance(Duration.ofSeconds(29));
    assertThat(client.peer.lost).isNull();
    timed.advance(Duration.ofSeconds(1));
    assertThat(client.peer.lost).isInstanceOf(ConnectionLostException.class)
        .hasMessageContaining("partitioned");
    assertThat(server.lost).isInstanceOf(ConnectionLostException.class);
  }

  @Test
  void holdAndReleaseALink() {
    Peer server = listen(web, 80);
    Failures client = new Failures();
    app.reactor().connectTCP("web", 80, client);
    network.advance(Duration.ofMillis(20));
    Link link = network.links().get(0).hold();
    client.peer.send("a");
    network.advance(Duration.ofSeconds(1));
    assertThat(server.text.toString()).isEmpty();
    assertThat(link.isHeld()).isTrue();
    link.release();
    network.advance(Duration.ZERO);
    assertThat(server.text.toString()).isEqualTo("a");
  }

  @Test
  void aCrashResetsThePeersAndRestartComesBackEmpty() {
    Peer server = listen(web, 80);
    Failures client = new Failures();
    app.reactor().connectTCP("web", 80, client);
    network.advance(Duration.ofMillis(20));
    boolean[] timerRan = {false};
    web.reactor().callLater(Duration.ofSeconds(1), () -> timerRan[0] = true);

    web.crash();
    assertThat(web.isUp()).isFalse();
    network.advance(Duration.ofMillis(10));
    assertThat(client.peer.lost).isInstanceOf(ConnectionLostException.class)
        .hasMessageContaining("reset");
    assertThat(server.lost).as("no callback runs on a crashed host").isNull();
    network.advance(Duration.ofSeconds(2));
    assertThat(timerRan[0]).isFalse();

    web.restart();
    assertThat(web.reactor().listeningPorts()).isEmpty();
    Failures again = new Failures();
    app.reactor().connectTCP("web", 80, again);
    network.advance(Duration.ofMillis(20));
    assertThat(again.failed).isInstanceOf(ConnectionRefusedException.class);
  }

  @Test
  void callbackFailuresNameTheLinkSeedAndChunking() {
    Peer server = new Peer() {
      @Override
      public void dataReceived(ByteBuffer data) {
        throw new IllegalStateException("server bug");
      }
    };
    web.reactor().listenTCP(80, ProtocolFactory.of(() -> server));
    Failures client = new Failures();
    app.reactor().connectTCP("web", 80, client);
    network.advance(Duration.ofMillis(20));
    client.peer.send("x");
    network.advance(Duration.ofMillis(20));
    assertThat(web.reactor().takeCallbackErrors()).singleElement()
        .satisfies(e -> assertThat(e.context())
            .contains("Network seed 7L").contains("Chunking.coalesced()"));
    assertThat(client.peer.lost).isInstanceOf(ConnectionLostException.class);
  }

  @Test
  void badArgumentsFailWithTheValue() {
    assertThatThrownBy(() -> network.host("web", "10.0.0.9"))
        .hasMessage("host name already on the network: web");
    assertThatThrownBy(() -> network.host("x", "10.0.0.2"))
        .hasMessageContaining("address already on the network: 10.0.0.2");
    assertThatThrownBy(() -> network.host("y", "not-an-ip"))
        .hasMessage("address must be an IP literal: not-an-ip");
    assertThatThrownBy(() -> Network.builder().window(0))
        .hasMessage("window must be at least 1: 0");
    assertThatThrownBy(() -> web.restart()).hasMessageContaining("is up");
  }
}
