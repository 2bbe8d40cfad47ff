package dev.weft.reactor.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.isA;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.weft.reactor.ClientFactory;
import dev.weft.reactor.ConnectCancelledException;
import dev.weft.reactor.ConnectFailedException;
import dev.weft.reactor.ConnectTimeoutException;
import dev.weft.reactor.ConnectionClosedException;
import dev.weft.reactor.ConnectionRefusedException;
import dev.weft.reactor.Connector;
import dev.weft.reactor.DnsLookupException;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.mockito.InOrder;

class ClientAttemptTest {
  private final MemoryReactor reactor = new MemoryReactor();
  private final ClientFactory factory = mock(ClientFactory.class);
  private final RecordingProtocol protocol = new RecordingProtocol();

  ClientAttemptTest() {
    when(factory.buildProtocol(any())).thenReturn(protocol);
  }

  private ClientAttempt attempt() {
    reactor.connectTCP("example.com", 443, factory, Duration.ofSeconds(5));
    return reactor.lastClientAttempt();
  }

  @Test
  void connectBuildsTheProtocolAttachesATransportAndFiresConnectionMade() {
    ClientAttempt attempt = attempt();
    MemoryConnection connection = attempt.connect();
    assertThat(protocol.events).containsExactly("made");
    assertThat(connection.protocol()).isSameAs(protocol);
    assertThat(protocol.t()).isSameAs(connection.transport());
    assertThat(attempt.outcome()).isEqualTo(ClientAttempt.Outcome.CONNECTED);
    assertThat(attempt.connector().state()).isEqualTo(Connector.State.CONNECTED);
    assertThat(reactor.openConnections()).containsExactly(connection);
  }

  @Test
  void factoryHearsStartedConnectingBeforeTheOutcome() {
    ClientAttempt attempt = attempt();
    attempt.connect();
    InOrder order = inOrder(factory);
    order.verify(factory).doStart();
    order.verify(factory).startedConnecting(attempt.connector());
    order.verify(factory).buildProtocol(any());
  }

  @Test
  void startedConnectingComesOnTheNextTurnNotInsideConnectTcp() {
    ClientAttempt attempt = attempt();
    verify(factory, never()).startedConnecting(any());
    assertThat(attempt.hasStartedConnecting()).isFalse();
    reactor.iterate();
    verify(factory).startedConnecting(attempt.connector());
    assertThat(attempt.hasStartedConnecting()).isTrue();
  }

  @Test
  void refuseReportsConnectionRefusedAndStopsTheFactory() {
    ClientAttempt attempt = attempt();
    attempt.refuse();
    InOrder order = inOrder(factory);
    order.verify(factory).startedConnecting(attempt.connector());
    order.verify(factory).clientConnectionFailed(
        any(), isA(ConnectionRefusedException.class));
    order.verify(factory).doStop();
    assertThat(attempt.outcome()).isEqualTo(ClientAttempt.Outcome.REFUSED);
    assertThat(attempt.failure()).hasMessageContaining("example.com:443");
    assertThat(attempt.connector().state()).isEqualTo(Connector.State.DISCONNECTED);
  }

  @Test
  void timeOutOnDemandReportsConnectTimeout() {
    ClientAttempt attempt = attempt();
    attempt.timeOut();
    verify(factory).clientConnectionFailed(any(), isA(ConnectTimeoutException.class));
    assertThat(attempt.outcome()).isEqualTo(ClientAttempt.Outcome.TIMED_OUT);
  }

  @Test
  void attemptTimesOutWhenTheClockReachesTheRecordedTimeout() {
    ClientAttempt attempt = attempt();
    reactor.advance(Duration.ofMillis(4999));
    assertThat(attempt.isPending()).isTrue();
    reactor.advance(Duration.ofMillis(1));
    assertThat(attempt.outcome()).isEqualTo(ClientAttempt.Outcome.TIMED_OUT);
    assertThat(attempt.failure()).hasMessageContaining("PT5S");
  }

  @Test
  void completingCancelsTheTimeoutTimer() {
    ClientAttempt attempt = attempt();
    assertThat(reactor.pendingCalls()).hasSize(1);
    attempt.connect();
    assertThat(reactor.pendingCalls()).isEmpty();
  }

  @Test
  void failDeliversAnyConnectFailure() {
    ClientAttempt attempt = attempt();
    DnsLookupException dns = new DnsLookupException("no such host");
    attempt.fail(dns);
    verify(factory).clientConnectionFailed(attempt.connector(), dns);
    assertThat(attempt.outcome()).isEqualTo(ClientAttempt.Outcome.FAILED);
    assertThat(attempt.failure()).isSameAs(dns);
  }

  @Test
  void completingTwiceFailsLoudly() {
    ClientAttempt attempt = attempt();
    attempt.refuse();
    assertThatThrownBy(attempt::connect)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("already completed (REFUSED)")
        .hasMessageContaining("completes once");
    assertThatThrownBy(attempt::timeOut).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void timeoutAfterManualCompletionDoesNothing() {
    ClientAttempt attempt = attempt();
    attempt.connect();
    reactor.advance(Duration.ofMinutes(1));
    assertThat(attempt.outcome()).isEqualTo(ClientAttempt.Outcome.CONNECTED);
  }

  @Test
  void stopConnectingReportsCancellationToTheFactory() {
    ClientAttempt attempt = attempt();
    attempt.connector().stopConnecting();
    verify(factory).clientConnectionFailed(any(), isA(ConnectCancelledException.class));
    assertThat(attempt.outcome()).isEqualTo(ClientAttempt.Outcome.CANCELLED);
  }

  @Test
  void stopConnectingBeforeTheNextTurnStillReportsStartedConnectingFirst() {
    ClientAttempt attempt = attempt();
    attempt.connector().stopConnecting();
    reactor.iterate();
    InOrder order = inOrder(factory);
    order.verify(factory).startedConnecting(attempt.connector());
    order.verify(factory).clientConnectionFailed(any(), isA(ConnectCancelledException.class));
    verify(factory, org.mockito.Mockito.times(1)).startedConnecting(any());
  }

  @Test
  void startedConnectingThatThrowsIsRecordedAndTheAttemptGoesOn() {
    org.mockito.Mockito.doThrow(new IllegalStateException("listener bug"))
        .when(factory).startedConnecting(any());
    ClientAttempt attempt = attempt();
    reactor.iterate();
    assertThat(attempt.isPending()).isTrue();
    assertThat(reactor.takeCallbackErrors()).singleElement()
        .satisfies(e -> assertThat(e.context()).contains("startedConnecting"));
    attempt.connect();
    assertThat(protocol.events).containsExactly("made");
  }

  @Test
  void retryFromClientConnectionFailedIsANewRecordedAttempt() {
    ClientFactory retrying = new ClientFactory() {
      int failures;

      @Override
      public RecordingProtocol buildProtocol(java.net.SocketAddress peer) {
        return new RecordingProtocol();
      }

      @Override
      public void clientConnectionFailed(Connector connector, ConnectFailedException reason) {
        if (++failures < 2) {
          connector.connect();
        }
      }
    };
    Connector connector = reactor.connectTCP("db", 5432, retrying);
    reactor.lastClientAttempt().refuse();
    assertThat(reactor.tcpClients()).hasSize(2);
    ClientAttempt retry = reactor.lastClientAttempt();
    assertThat(retry.number()).isEqualTo(2);
    assertThat(retry.connector()).isSameAs(connector);
    assertThat(connector.state()).isEqualTo(Connector.State.CONNECTING);
    assertThat(reactor.connectTcpCalls()).extracting(ConnectTcpCall::host).containsExactly("db", "db");
  }

  @Test
  void closedConnectionReportsClientConnectionLostAfterConnectionLost() {
    ClientAttempt attempt = attempt();
    MemoryConnection connection = attempt.connect();
    protocol.onLost = p -> verify(factory, never()).clientConnectionLost(any(), any());
    connection.close();
    verify(factory).clientConnectionLost(
        org.mockito.ArgumentMatchers.eq(attempt.connector()), isA(ConnectionClosedException.class));
    verify(factory).doStop();
    assertThat(attempt.connector().state()).isEqualTo(Connector.State.DISCONNECTED);
    assertThat(reactor.openConnections()).isEmpty();
  }

  @Test
  void peerOfAnIpLiteralIsTheResolvedAddress() {
    reactor.connectTCP("10.1.2.3", 80, factory);
    MemoryConnection c = reactor.lastClientAttempt().connect();
    assertThat(c.transport().peer()).isEqualTo(new InetSocketAddress("10.1.2.3", 80));
  }

  @Test
  void peerOfAHostNameUsesTheFakeResolverOrStaysUnresolved() {
    reactor.resolver().map("known.test", "192.0.2.7");
    reactor.connectTCP("known.test", 80, factory);
    InetSocketAddress known =
        (InetSocketAddress) reactor.lastClientAttempt().connect().transport().peer();
    assertThat(known.getAddress().getHostAddress()).isEqualTo("192.0.2.7");
    reactor.connectTCP("unknown.test", 80, ClientFactory.of(RecordingProtocol::new));
    InetSocketAddress unknown =
        (InetSocketAddress) reactor.lastClientAttempt().connect().transport().peer();
    assertThat(unknown.isUnresolved()).isTrue();
    assertThat(reactor.resolver().lookups()).as("connect does not count as a lookup").isEmpty();
  }

  @Test
  void explicitPeerAndBindAddressAreUsed() {
    InetSocketAddress bind = new InetSocketAddress("127.0.0.1", 6000);
    reactor.connectTCP("h", 1, factory, Duration.ofSeconds(1), bind);
    InetSocketAddress peer = new InetSocketAddress("192.0.2.1", 1);
    MemoryConnection c = reactor.lastClientAttempt().connect(peer);
    assertThat(c.transport().host()).isEqualTo(bind);
    assertThat(c.transport().peer()).isEqualTo(peer);
  }

  @Test
  void factoryThatBuildsNoProtocolFailsTheAttemptLoudly() {
    ClientFactory nothing = peer -> null;
    reactor.connectTCP("h", 1, nothing);
    ClientAttempt attempt = reactor.lastClientAttempt();
    assertThatThrownBy(attempt::connect)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("built no protocol");
    assertThat(attempt.outcome()).isEqualTo(ClientAttempt.Outcome.FAILED);
  }

  @Test
  void connectionMadeThatThrowsIsRecordedAndAbortsTheConnection() {
    protocol.onMade = p -> {
      throw new IllegalStateException("bad greeting");
    };
    ClientAttempt attempt = attempt();
    MemoryConnection c = attempt.connect();
    assertThat(c.isOpen()).isFalse();
    assertThat(c.endReason())
        .isInstanceOf(dev.weft.reactor.ConnectionAbortedException.class)
        .hasRootCauseMessage("bad greeting");
    assertThat(reactor.takeCallbackErrors())
        .singleElement()
        .satisfies(e -> assertThat(e.context()).contains("connectionMade"));
  }

  @Test
  void argumentsAreChecked() {
    ClientAttempt attempt = attempt();
    assertThatThrownBy(() -> attempt.fail(null)).hasMessage("reason");
    assertThatThrownBy(() -> attempt.connect(null)).hasMessage("peer");
    assertThatThrownBy(() -> attempt.connectTo(null)).hasMessage("port");
  }
}
