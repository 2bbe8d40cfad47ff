package dev.weft.reactor.testing.net;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.reactor.ClientFactory;
import dev.weft.reactor.ConnectFailedException;
import dev.weft.reactor.Connector;
import dev.weft.reactor.DnsLookupException;
import dev.weft.reactor.Protocol;
import dev.weft.reactor.ProtocolFactory;
import dev.weft.reactor.testing.ClientAttempt;
import dev.weft.reactor.testing.net.NetworkTest.Failures;
import dev.weft.reactor.testing.net.NetworkTest.Peer;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Names a host's own resolver answers for (beside the network's names), and attempts whose
 * client factory builds no protocol: what the conformance driver relies on.
 */
class NetworkResolutionTest {
  private final Network network =
      Network.builder().seed(3).latency(Duration.ofMillis(10)).build();
  private final Host web = network.host("web", "10.0.0.2");
  private final Host app = network.host("app", "10.0.0.3");

  @Test
  void aNameTheHostsResolverMapsToAHostIsLookedUpAndRouted() {
    Peer server = new Peer();
    web.reactor().listenTCP(80, ProtocolFactory.of(() -> server));
    app.reactor().resolver().map("www.example.test", "10.0.0.2");
    Failures client = new Failures();

    app.reactor().connectTCP("www.example.test", 80, client);
    network.advance(Duration.ofMillis(19));
    assertThat(client.peer.made).isFalse();
    network.advance(Duration.ofMillis(1));

    assertThat(client.peer.made).isTrue();
    assertThat(server.made).isTrue();
    assertThat(app.reactor().resolver().lookups()).containsExactly("www.example.test");
  }

  @Test
  void aNameTheHostsResolverFailsFailsTheAttemptOnTheNextTurnWithThatFailure() {
    DnsLookupException reason = new DnsLookupException("cannot resolve host 'gone.test'",
        new UnknownHostException("Name or service not known"));
    app.reactor().resolver().fail("gone.test", reason);
    Failures client = new Failures();

    app.reactor().connectTCP("gone.test", 80, client);
    assertThat(client.failed).isNull();
    network.advance(Duration.ZERO);

    assertThat(client.failed).isSameAs(reason);
    assertThat(network.clock().now()).isEqualTo(java.time.Instant.EPOCH);
  }

  @Test
  void aHostsOwnAnswerForAHostsNameComesBeforeTheNetworks() {
    DnsLookupException reason = new DnsLookupException("web is down in this test");
    app.reactor().resolver().fail("web", reason);
    Failures failing = new Failures();

    app.reactor().connectTCP("web", 80, failing);
    network.advance(Duration.ZERO);

    assertThat(failing.failed).isSameAs(reason);

    Peer server = new Peer();
    Host other = network.host("other", "10.0.0.4");
    other.reactor().listenTCP(80, ProtocolFactory.of(() -> server));
    app.reactor().resolver().map("web", "10.0.0.4");
    Failures redirected = new Failures();

    app.reactor().connectTCP("web", 80, redirected);
    network.advance(Duration.ofMillis(20));

    assertThat(server.made).as("routed where this host's resolver said").isTrue();
    assertThat(redirected.peer.made).isTrue();
  }

  @Test
  void aHostsNameInAnotherCaseIsResolvedAndRouted() {
    Peer server = new Peer();
    web.reactor().listenTCP(80, ProtocolFactory.of(() -> server));
    Failures client = new Failures();

    app.reactor().connectTCP("WEB", 80, client);
    network.advance(Duration.ofMillis(20));

    assertThat(server.made).isTrue();
    assertThat(client.peer.made).isTrue();
  }

  @Test
  void aNameMappedOffTheNetworkStaysARecordedAttempt() {
    app.reactor().resolver().map("far.test", "192.0.2.7");
    Failures client = new Failures();

    app.reactor().connectTCP("far.test", 80, client);
    network.advance(Duration.ofSeconds(1));

    ClientAttempt attempt = app.reactor().lastClientAttempt();
    assertThat(attempt.isPending()).isTrue();
    assertThat(app.reactor().resolver().lookups()).containsExactly("far.test");
  }

  @Test
  void aClientFactoryThatBuildsNoProtocolFailsTheAttemptAndMakesNoLink() {
    web.reactor().listenTCP(80, ProtocolFactory.of(Peer::new));
    ConnectFailedException[] failed = new ConnectFailedException[1];
    ClientFactory nothing = new ClientFactory() {
      @Override
      public Protocol buildProtocol(SocketAddress address) {
        throw new IllegalStateException("no protocol today");
      }

      @Override
      public void clientConnectionFailed(Connector connector, ConnectFailedException reason) {
        failed[0] = reason;
      }
    };

    app.reactor().connectTCP("web", 80, nothing);
    network.advance(Duration.ofMillis(20));

    assertThat(failed[0]).hasRootCauseMessage("no protocol today");
    assertThat(network.links()).isEmpty();
  }
}
