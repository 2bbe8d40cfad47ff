package dev.weft.samples.endpoints;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.reactor.ConnectCancelledException;
import dev.weft.reactor.ConnectTimeoutException;
import dev.weft.reactor.ConnectionRefusedException;
import dev.weft.reactor.Deferred;
import dev.weft.reactor.DnsLookupException;
import dev.weft.reactor.ListeningPort;
import dev.weft.reactor.Protocol;
import dev.weft.reactor.endpoints.ClientEndpoint;
import dev.weft.reactor.endpoints.Endpoints;
import dev.weft.reactor.endpoints.HostnameEndpoint;
import dev.weft.reactor.testing.ClientAttempt;
import dev.weft.reactor.testing.ConnectTcpCall;
import dev.weft.reactor.testing.ListenTcpCall;
import dev.weft.reactor.testing.MemoryConnection;
import dev.weft.reactor.testing.MemoryListeningPort;
import dev.weft.reactor.testing.MemoryReactor;
import dev.weft.reactor.testing.junit.InjectReactor;
import dev.weft.reactor.testing.junit.WithFakeReactor;
import dev.weft.samples.echo.Echo;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The endpoints of reactor-api on the fakes of reactor-testing (reactor-api's own tests cannot
 * use them: reactor-testing depends on the API).
 */
@WithFakeReactor
class EndpointsOnFakesTest {
  @InjectReactor private MemoryReactor reactor;


  @Test
  void aDescribedServerListensWhereTheDescriptionSays() {

    Deferred<ListeningPort> port =
        Endpoints.server(reactor, "tcp:8080:interface=127.0.0.1:backlog=10")
            .listen(Echo.factory());

    assertThat(reactor.listenTcpCalls()).singleElement().satisfies(call -> {
      assertThat(call.port()).isEqualTo(8080);
      assertThat(call.backlog()).isEqualTo(10);
      assertThat(call.networkInterface()).isEqualTo("127.0.0.1");
    });
    MemoryConnection peer = ((MemoryListeningPort) port.join()).accept();
    peer.receive("ping");
    assertThat(peer.takeWrittenText()).isEqualTo("ping");
    peer.close();
    port.join().stopListening();
  }

  @Test
  void aDescribedClientConnectsAndCompletesWithTheConnectedProtocol() {
    ClientEndpoint endpoint = Endpoints.client(reactor, "tcp:host=example.com:port=80:timeout=5");

    Deferred<Protocol> connected = endpoint.connect(Echo.factory());

    ConnectTcpCall call = reactor.lastClientAttempt().call();
    assertThat(call.host()).isEqualTo("example.com");
    assertThat(call.port()).isEqualTo(80);
    assertThat(call.timeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(connected).isNotDone();
    MemoryConnection server = reactor.lastClientAttempt().connect();
    assertThat(connected.join()).isInstanceOf(Echo.class);
    server.receive("echo?");
    assertThat(server.takeWrittenText()).isEqualTo("echo?");
    server.close();
  }

  @Test
  void refusedAndTimedOutAttemptsFailTheDeferredWithTheirTypes() {
    ClientEndpoint endpoint = Endpoints.client(reactor, "tcp:example.com:80");

    Deferred<Protocol> refused = endpoint.connect(Echo.factory());
    reactor.lastClientAttempt().refuse();
    Deferred<Protocol> timedOut = endpoint.connect(Echo.factory());
    reactor.lastClientAttempt().timeOut();

    assertThatThrownBy(refused::join).hasCauseInstanceOf(ConnectionRefusedException.class);
    assertThatThrownBy(timedOut::join).hasCauseInstanceOf(ConnectTimeoutException.class);
  }

  @Test
  void cancellingTheConnectCancelsTheRecordedAttempt() {
    Deferred<Protocol> connected =
        Endpoints.client(reactor, "tcp:example.com:80").connect(Echo.factory());

    connected.cancel(false);
    reactor.iterate();

    assertThat(reactor.lastClientAttempt().outcome()).isEqualTo(ClientAttempt.Outcome.CANCELLED);
    assertThatThrownBy(connected::join).hasCauseInstanceOf(ConnectCancelledException.class);
  }

  @Test
  void theHostnameEndpointRacesResolvedAddressesOnTheClock() {
    reactor.resolver().map("db.example", "10.0.0.1", "10.0.0.2");
    HostnameEndpoint endpoint = HostnameEndpoint.builder(reactor, "db.example", 5432).build();

    Deferred<Protocol> connected = endpoint.connect(Echo.factory());
    assertThat(reactor.connectTcpCalls()).extracting(ConnectTcpCall::host)
        .containsExactly("10.0.0.1");
    reactor.advance(HostnameEndpoint.DEFAULT_ATTEMPT_DELAY);
    assertThat(reactor.connectTcpCalls()).extracting(ConnectTcpCall::host)
        .containsExactly("10.0.0.1", "10.0.0.2");

    reactor.tcpClients().get(1).connect();
    reactor.iterate();

    assertThat(connected.join()).isInstanceOf(Echo.class);
    assertThat(reactor.tcpClients().get(0).outcome())
        .isEqualTo(ClientAttempt.Outcome.CANCELLED);
    assertThat(reactor.pendingCalls()).isEmpty();
    reactor.tcpClients().get(1).connection().close();
  }

  @Test
  void theHostnameEndpointReportsAnUnknownName() {
    reactor.resolver().fail("nowhere.example");

    Deferred<Protocol> connected =
        HostnameEndpoint.builder(reactor, "nowhere.example", 80).build().connect(Echo.factory());

    assertThatThrownBy(connected::join).hasCauseInstanceOf(DnsLookupException.class);
    assertThat(reactor.connectTcpCalls()).isEmpty();
  }

  @Test
  void listenTcpCallsAreRecordedAsValues() {
    ListeningPort port = Endpoints.server(reactor, "tcp:0").listen(Echo.factory()).join();

    assertThat(reactor.listenTcpCalls()).extracting(ListenTcpCall::networkInterface)
        .containsExactly("");
    port.stopListening();
  }
}
