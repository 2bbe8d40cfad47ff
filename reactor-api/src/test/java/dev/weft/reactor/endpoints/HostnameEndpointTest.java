package dev.weft.reactor.endpoints;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.reactor.BaseProtocol;
import dev.weft.reactor.ClientFactory;
import dev.weft.reactor.ConnectCancelledException;
import dev.weft.reactor.ConnectFailedException;
import dev.weft.reactor.ConnectTimeoutException;
import dev.weft.reactor.ConnectionRefusedException;
import dev.weft.reactor.Connector;
import dev.weft.reactor.Deferred;
import dev.weft.reactor.DnsLookupException;
import dev.weft.reactor.ListeningPort;
import dev.weft.reactor.Protocol;
import dev.weft.reactor.ProtocolFactory;
import dev.weft.reactor.ReactorTCP;
import dev.weft.reactor.doubles.BufferTransport;
import dev.weft.reactor.doubles.ScriptedReactor;
import java.net.InetAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HostnameEndpointTest {
  private final ScriptedReactor reactor = new ScriptedReactor();
  private final Deferred<List<InetAddress>> lookup = new Deferred<>();
  private final ProtocolFactory factory = ProtocolFactory.of(Quiet::new);

  static final class Quiet extends BaseProtocol {
    @Override
    public void dataReceived(ByteBuffer data) {}
  }

  @BeforeEach
  void resolveThroughTheTable() {
    reactor.lookups.put("db.example", lookup);
  }

  private HostnameEndpoint endpoint() {
    return HostnameEndpoint.builder(reactor, "db.example", 5432)
        .attemptDelay(Duration.ofMillis(300))
        .timeout(Duration.ofSeconds(10))
        .build();
  }

  private static List<InetAddress> addresses(String... literals) throws Exception {
    InetAddress[] out = new InetAddress[literals.length];
    for (int i = 0; i < literals.length; i++) {
      out[i] = InetAddress.getByName(literals[i]);
    }
    return List.of(out);
  }

  @Test
  void startsEachNextAddressAfterTheAttemptDelayOfReactorTime() throws Exception {
    endpoint().connect(factory);
    assertThat(reactor.attempts).isEmpty();

    lookup.complete(addresses("10.0.0.1", "10.0.0.2", "::1"));
    assertThat(reactor.attempts).extracting(a -> a.host).containsExactly("10.0.0.1");
    assertThat(reactor.attempts.get(0).timeout).isEqualTo(Duration.ofSeconds(10));

    reactor.advance(Duration.ofMillis(299));
    assertThat(reactor.attempts).hasSize(1);
    reactor.advance(Duration.ofMillis(1));
    assertThat(reactor.attempts).extracting(a -> a.host).containsExactly("10.0.0.1", "10.0.0.2");
    reactor.advance(Duration.ofMillis(300));
    assertThat(reactor.attempts)
        .extracting(a -> a.host)
        .containsExactly("10.0.0.1", "10.0.0.2", "0:0:0:0:0:0:0:1");
  }

  @Test
  void theFirstConnectionWinsAndTheOtherAttemptsStop() throws Exception {
    Deferred<Protocol> connected = endpoint().connect(factory);
    lookup.complete(addresses("10.0.0.1", "10.0.0.2", "10.0.0.3"));
    reactor.advance(Duration.ofMillis(300));

    reactor.attempts.get(1).succeed(new BufferTransport());

    assertThat(connected.join()).isInstanceOf(Quiet.class);
    assertThat(reactor.attempts.get(0).state()).isEqualTo(Connector.State.DISCONNECTED);
    assertThat(reactor.pendingCalls()).isZero();
    reactor.advance(Duration.ofSeconds(5));
    assertThat(reactor.attempts).hasSize(2);
  }

  @Test
  void aFailedAttemptStartsTheNextAddressAtOnce() throws Exception {
    endpoint().connect(factory);
    lookup.complete(addresses("10.0.0.1", "10.0.0.2"));

    reactor.attempts.get(0).fail(new ConnectionRefusedException("refused"));

    assertThat(reactor.attempts).extracting(a -> a.host).containsExactly("10.0.0.1", "10.0.0.2");
    assertThat(reactor.pendingCalls()).isZero();
  }

  @Test
  void whenEveryAddressFailsTheLastFailureIsReportedWithTheOthersSuppressed() throws Exception {
    Deferred<Protocol> connected = endpoint().connect(factory);
    lookup.complete(addresses("10.0.0.1", "10.0.0.2"));
    var refused = new ConnectionRefusedException("refused");
    var timedOut = new ConnectTimeoutException("timed out");

    reactor.attempts.get(0).fail(refused);
    reactor.attempts.get(1).fail(timedOut);

    assertThatThrownBy(connected::join).hasCause(timedOut);
    assertThat(timedOut.getSuppressed()).containsExactly(refused);
  }

  @Test
  void aNameThatDoesNotResolveFailsWithDnsLookup() {
    Deferred<Protocol> connected = endpoint().connect(factory);

    lookup.completeExceptionally(new DnsLookupException("NXDOMAIN"));

    assertThatThrownBy(connected::join).hasCauseInstanceOf(DnsLookupException.class);
    assertThat(reactor.attempts).isEmpty();
  }

  @Test
  void anEmptyAnswerFailsWithDnsLookupNamingTheHost() {
    Deferred<Protocol> connected = endpoint().connect(factory);

    lookup.complete(List.of());

    assertThatThrownBy(connected::join)
        .hasCauseInstanceOf(DnsLookupException.class)
        .hasMessageContaining("db.example");
  }

  @Test
  void cancellingDuringTheLookupCancelsTheLookup() {
    Deferred<Protocol> connected = endpoint().connect(factory);

    connected.cancel(false);

    assertThat(lookup).isCancelled();
    assertThatThrownBy(connected::join).hasCauseInstanceOf(ConnectCancelledException.class);
  }

  @Test
  void cancellingDuringTheAttemptsStopsThemAndTheTimer() throws Exception {
    Deferred<Protocol> connected = endpoint().connect(factory);
    lookup.complete(addresses("10.0.0.1", "10.0.0.2", "10.0.0.3"));
    reactor.advance(Duration.ofMillis(300));

    connected.cancel(false);

    assertThat(reactor.attempts)
        .extracting(Connector::state)
        .containsOnly(Connector.State.DISCONNECTED);
    assertThat(reactor.pendingCalls()).isZero();
    assertThatThrownBy(connected::join).hasCauseInstanceOf(ConnectCancelledException.class);
  }

  @Test
  void aConnectTcpThatThrowsFailsTheDeferredInsteadOfLeavingItPending() throws Exception {
    reactor.connectFailure = new IllegalStateException("reactor is stopped");
    Deferred<Protocol> connected = endpoint().connect(factory);

    lookup.complete(addresses("10.0.0.1"));

    assertThat(connected).isCompletedExceptionally();
    assertThatThrownBy(connected::join)
        .hasCauseInstanceOf(ConnectFailedException.class)
        .hasRootCauseMessage("reactor is stopped");
  }

  @Test
  void anAddressWhoseConnectTcpThrowsCountsAsAFailedAttemptAndTheNextStartsAtOnce()
      throws Exception {
    ReactorTCP refusesIpv6 = new ReactorTCP() {
      @Override
      public ListeningPort listenTCP(int port, ProtocolFactory f, int backlog, String iface) {
        return reactor.listenTCP(port, f, backlog, iface);
      }

      @Override
      public Connector connectTCP(String host, int port, ClientFactory f, Duration timeout,
          SocketAddress bindAddress) {
        if (host.contains(":")) {
          throw new IllegalArgumentException("no IPv6 route: " + host);
        }
        return reactor.connectTCP(host, port, f, timeout, bindAddress);
      }
    };
    Deferred<Protocol> connected =
        HostnameEndpoint.builder(reactor, refusesIpv6, reactor, "db.example", 5432).build()
            .connect(factory);

    lookup.complete(addresses("::1", "10.0.0.1"));

    // No attempt delay: the first address failed at once, nothing was in flight.
    assertThat(reactor.attempts).extracting(a -> a.host).containsExactly("10.0.0.1");
    reactor.attempts.get(0).succeed(new BufferTransport());
    assertThat(connected.join()).isInstanceOf(Quiet.class);
  }

  @Test
  void aResolverThatThrowsFailsTheDeferredWithALookupFailure() {
    Deferred<Protocol> connected =
        HostnameEndpoint.builder(reactor, reactor, host -> {
          throw new IllegalStateException("resolver pool shut down");
        }, "db.example", 5432).build().connect(factory);

    assertThatThrownBy(connected::join)
        .hasCauseInstanceOf(DnsLookupException.class)
        .hasRootCauseMessage("resolver pool shut down");
  }
}
