package dev.weft.reactor.testing.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.reactor.CannotListenException;
import dev.weft.reactor.ClientFactory;
import dev.weft.reactor.ConnectFailedException;
import dev.weft.reactor.ConnectTimeoutException;
import dev.weft.reactor.ConnectionRefusedException;
import dev.weft.reactor.Connector;
import dev.weft.reactor.Deferred;
import dev.weft.reactor.DnsLookupException;
import dev.weft.reactor.Protocol;
import dev.weft.reactor.ProtocolFactory;
import dev.weft.reactor.testing.ClientAttempt;
import dev.weft.reactor.testing.MemoryReactor;
import java.net.InetAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Connect-phase and resolver faults, on a network, a host, an attempt and a lone reactor. */
class ConnectAndResolverFaultTest {
  private final Network network = Network.builder().seed(5).latency(Duration.ofMillis(10))
      .build();
  private final Host web = network.host("web");
  private final Host app = network.host("app");
  private final Host other = network.host("other");

  ConnectAndResolverFaultTest() {
    web.reactor().listenTCP(80, ProtocolFactory.of(StreamFaultTest.Peer::new));
    other.reactor().listenTCP(80, ProtocolFactory.of(StreamFaultTest.Peer::new));
  }

  /** Counts outcomes. */
  static final class Outcome implements ClientFactory {
    ConnectFailedException failed;
    boolean connected;

    @Override
    public Protocol buildProtocol(SocketAddress address) {
      connected = true;
      return new StreamFaultTest.Peer();
    }

    @Override
    public void clientConnectionFailed(Connector connector, ConnectFailedException reason) {
      failed = reason;
    }
  }

  private Outcome connect(Host from, String to, Duration timeout) {
    Outcome outcome = new Outcome();
    from.reactor().connectTCP(to, 80, outcome, timeout, null);
    return outcome;
  }

  @Test
  void refuseAnswersAfterARoundTrip() {
    network.inject(Fault.refuse());
    Outcome outcome = connect(app, "web", Duration.ofSeconds(30));
    network.advance(Duration.ofMillis(19));
    assertThat(outcome.failed).isNull();
    network.advance(Duration.ofMillis(1));
    assertThat(outcome.failed).isInstanceOf(ConnectionRefusedException.class)
        .hasMessageContaining("Fault.refuse()");
    assertThat(outcome.connected).isFalse();
  }

  @Test
  void neverAnswerLetsTheAttemptsOwnTimeoutFire() {
    network.inject(Fault.neverAnswer());
    Outcome outcome = connect(app, "web", Duration.ofSeconds(3));
    network.advance(Duration.ofMillis(2999));
    assertThat(outcome.failed).isNull();
    network.advance(Duration.ofMillis(1));
    assertThat(outcome.failed).isInstanceOf(ConnectTimeoutException.class);
  }

  @Test
  void failConnectDeliversTheGivenException() {
    ConnectFailedException unreachable = new ConnectFailedException("Network is unreachable");
    network.inject(Fault.failConnect(unreachable));
    Outcome outcome = connect(app, "web", Duration.ofSeconds(30));
    network.runUntilIdle();
    assertThat(outcome.failed).isSameAs(unreachable);
  }

  @Test
  void anAttemptScopedFaultActsOnThatAttemptOnly() {
    network.inject(Fault.refuse().onAttempt(1));
    Outcome first = connect(app, "web", Duration.ofSeconds(30));
    Outcome second = connect(app, "web", Duration.ofSeconds(30));
    Outcome third = connect(app, "web", Duration.ofSeconds(30));
    network.runUntilIdle();
    assertThat(first.connected).isTrue();
    assertThat(second.failed).isInstanceOf(ConnectionRefusedException.class);
    assertThat(third.connected).isTrue();
  }

  @Test
  void aHostFaultActsOnAttemptsToAndFromThatHostOnly() {
    other.inject(Fault.refuse());
    Outcome toWeb = connect(app, "web", Duration.ofSeconds(30));
    Outcome toOther = connect(app, "other", Duration.ofSeconds(30));
    Outcome fromOther = connect(other, "web", Duration.ofSeconds(30));
    network.runUntilIdle();
    assertThat(toWeb.connected).isTrue();
    assertThat(toOther.failed).isInstanceOf(ConnectionRefusedException.class);
    assertThat(fromOther.failed).isInstanceOf(ConnectionRefusedException.class);
    assertThat(network.faults()).containsExactly(Fault.refuse().onHost("other"));
  }

  @Test
  void thrownFaultsActOnTheHostsReactorAndSurviveARestart() {
    CannotListenException inUse = new CannotListenException("address in use");
    web.inject(Fault.throwFromListen(inUse));
    assertThatThrownBy(() -> web.reactor().listenTCP(81, ProtocolFactory.of(
        StreamFaultTest.Peer::new))).isSameAs(inUse);
    app.reactor().listenTCP(81, ProtocolFactory.of(StreamFaultTest.Peer::new));

    web.crash().restart();
    assertThatThrownBy(() -> web.reactor().listenTCP(81, ProtocolFactory.of(
        StreamFaultTest.Peer::new))).isSameAs(inUse);
  }

  @Test
  void throwFromConnectMakesConnectTcpThrowAndRecordNothing() {
    ConnectionRefusedException refused = new ConnectionRefusedException("no route");
    network.inject(Fault.throwFromConnect(refused));
    assertThatThrownBy(() -> connect(app, "web", Duration.ofSeconds(1))).isSameAs(refused);
    assertThat(app.reactor().tcpClients()).isEmpty();
  }

  @Test
  void aFailedLookupFailsResolveAndConnectsByName() {
    network.inject(Fault.lookupFails("web"));
    Deferred<List<InetAddress>> lookup = app.reactor().resolve("web");
    assertThat(lookup).isCompletedExceptionally();
    assertThatThrownBy(lookup::join).hasCauseInstanceOf(DnsLookupException.class);

    Outcome byName = connect(app, "web", Duration.ofSeconds(30));
    Outcome byAddress = connect(app, web.address().getHostAddress(), Duration.ofSeconds(30));
    network.runUntilIdle();
    assertThat(byName.failed).isInstanceOf(DnsLookupException.class);
    assertThat(byAddress.connected).isTrue();
  }

  @Test
  void aSlowLookupAnswersAfterItsDelayAndDelaysTheConnect() {
    network.inject(Fault.lookupDelayed("web", Duration.ofMillis(500)));
    Deferred<List<InetAddress>> lookup = app.reactor().resolve("web");
    Outcome outcome = connect(app, "web", Duration.ofSeconds(30));
    network.advance(Duration.ofMillis(499));
    assertThat(lookup).isNotDone();
    network.advance(Duration.ofMillis(1));
    assertThat(lookup.join()).containsExactly(web.address());
    network.advance(Duration.ofMillis(19));
    assertThat(outcome.connected).isFalse();
    network.advance(Duration.ofMillis(1));
    assertThat(outcome.connected).isTrue();
  }

  @Test
  void connectFaultsCompleteARecordedAttempt() {
    MemoryReactor reactor = new MemoryReactor();
    Outcome refused = new Outcome();
    reactor.connectTCP("example.test", 80, refused);
    Fault.refuse().applyTo(reactor.lastClientAttempt());
    assertThat(refused.failed).isInstanceOf(ConnectionRefusedException.class);

    Outcome silent = new Outcome();
    reactor.connectTCP("example.test", 80, silent, Duration.ofSeconds(2), null);
    ClientAttempt attempt = reactor.lastClientAttempt();
    Fault.neverAnswer().applyTo(attempt);
    reactor.clock().advance(Duration.ofSeconds(2));
    assertThat(silent.failed).isInstanceOf(ConnectTimeoutException.class);
    assertThatThrownBy(() -> Fault.refuse().applyTo(attempt))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> Fault.throwFromConnect(new IllegalStateException("x"))
        .applyTo(attempt)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("inject it into the MemoryReactor");
  }

  @Test
  void aLoneReactorTakesResolverFaultsAndRefusesTheOthers() {
    MemoryReactor reactor = new MemoryReactor();
    reactor.resolver().map("db", "10.1.1.1");
    reactor.inject(Fault.lookupDelayed("db", Duration.ofSeconds(1)));
    Deferred<List<InetAddress>> lookup = reactor.resolve("db");
    assertThat(lookup).isNotDone();
    reactor.clock().advance(Duration.ofSeconds(1));
    assertThat(lookup).isCompleted();
    reactor.clearFaults();
    assertThat(reactor.resolve("db")).isCompleted();

    assertThatThrownBy(() -> reactor.inject(Fault.resetAfter(3)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("inject it into a Network or Host");
  }
}
