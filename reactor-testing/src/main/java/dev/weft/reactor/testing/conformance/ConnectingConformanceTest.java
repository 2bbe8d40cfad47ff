package dev.weft.reactor.testing.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.reactor.ConnectCancelledException;
import dev.weft.reactor.ConnectTimeoutException;
import dev.weft.reactor.ConnectionClosedException;
import dev.weft.reactor.ConnectionRefusedException;
import dev.weft.reactor.Connector;
import dev.weft.reactor.Deferred;
import dev.weft.reactor.ListeningPort;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Scenarios about making a connection, which every Weft reactor must pass alike: listening on
 * port 0, connecting, refusal, the connect timeout, cancelling an attempt, a factory that builds
 * no protocol, and when the factory hears {@code startedConnecting}. Extend it and implement
 * {@link #createDriver()}.
 *
 * <p>Netty: {@code SocketConnectTest}, {@code SocketConnectionAttemptTest}.
 */
public abstract class ConnectingConformanceTest extends ReactorConformanceTest {

  /** Creates the scenarios; subclasses supply the driver. */
  protected ConnectingConformanceTest() {}

  @Test
  void connectedClientGetsItsBytesEchoed() {
    List<ScenarioProtocol> servers = new CopyOnWriteArrayList<>();
    ListeningPort port = listen(() -> add(servers, ScenarioProtocol.echoer()));
    ScenarioProtocol client = ScenarioProtocol.recorder();
    ScenarioClientFactory factory = connect(port.host().getPort(), () -> client);

    driver().runUntil(client::isMade, "client connected");
    driver().onReactor(() -> client.link().write(bytes("hello, reactor")));
    driver().runUntil(() -> client.received().equals("hello, reactor"), "echo received");

    assertThat(factory.events).containsExactly("startedConnecting", "buildProtocol");
    assertThat(servers).hasSize(1);
    assertThat(servers.get(0).received()).isEqualTo("hello, reactor");
  }

  @Test
  void bothEndsReportTheAddressesOfTheSocketPair() {
    // A port listening on all addresses: the accepted socket reports the address the client
    // connected to, not the wildcard, and each end's peer is the other end's own address.
    List<ScenarioProtocol> servers = new CopyOnWriteArrayList<>();
    ListeningPort port = driver().onReactor(() -> reactor().listenTCP(0,
        peer -> add(servers, ScenarioProtocol.recorder()), 50,
        dev.weft.reactor.ReactorTCP.ALL_INTERFACES));
    ScenarioProtocol client = ScenarioProtocol.recorder();
    connect(port.host().getPort(), () -> client);
    driver().runUntil(() -> client.isMade() && servers.size() == 1 && servers.get(0).isMade(),
        "both ends connected");

    InetSocketAddress[] addresses = driver().onReactor(() -> new InetSocketAddress[] {
        (InetSocketAddress) servers.get(0).link().host(),
        (InetSocketAddress) servers.get(0).link().peer(),
        (InetSocketAddress) client.link().host(),
        (InetSocketAddress) client.link().peer()});
    InetSocketAddress serverHost = addresses[0];
    InetSocketAddress serverPeer = addresses[1];
    InetSocketAddress clientHost = addresses[2];
    InetSocketAddress clientPeer = addresses[3];
    assertThat(port.host().getAddress().isAnyLocalAddress()).isTrue();
    assertThat(serverHost.getAddress().isLoopbackAddress())
        .as("the accepted end's address: %s", serverHost).isTrue();
    assertThat(serverHost.getPort()).isEqualTo(port.host().getPort());
    assertThat(clientPeer.getAddress()).isEqualTo(serverHost.getAddress());
    assertThat(clientPeer.getPort()).isEqualTo(serverHost.getPort());
    assertThat(serverPeer.getAddress()).isEqualTo(clientHost.getAddress());
    assertThat(serverPeer.getPort()).isEqualTo(clientHost.getPort())
        .isNotEqualTo(serverHost.getPort());
  }

  @Test
  void listeningOnPortZeroReportsTheRealPort() {
    ListeningPort port = listen(ScenarioProtocol::recorder);

    assertThat(port.host().getPort()).isBetween(1, 65_535);
  }

  @Test
  void connectingWhereNothingListensReportsConnectionRefused() {
    ScenarioClientFactory factory = connect(driver().refusingPort(), ScenarioProtocol::recorder);

    driver().runUntil(factory::isFailed, "connection attempt failed");

    assertThat(factory.failed.get()).isInstanceOf(ConnectionRefusedException.class);
    assertThat(factory.events).containsExactly("startedConnecting", "failed:ConnectionRefusedException");
  }

  @Test
  void unansweredConnectionAttemptTimesOut() {
    InetSocketAddress nowhere = driver().unansweredAddress();
    ScenarioClientFactory factory = new ScenarioClientFactory(ScenarioProtocol::recorder);
    driver().onReactor(
        () -> reactor().connectTCP(
            nowhere.getHostString(), nowhere.getPort(), factory, Duration.ofMillis(200)));

    driver().passTime(Duration.ofMillis(200));
    driver().runUntil(factory::isFailed, "connection attempt timed out");

    assertThat(factory.failed.get()).isInstanceOf(ConnectTimeoutException.class);
    assertThat(factory.events).containsExactly("startedConnecting", "failed:ConnectTimeoutException");
  }

  @Test
  void theConnectTimeoutCountsFromConnectTcpAndDoesNotFireEarly() {
    InetSocketAddress nowhere = driver().unansweredAddress();
    ScenarioClientFactory factory = new ScenarioClientFactory(ScenarioProtocol::recorder);
    Duration timeout = Duration.ofMillis(400);
    var started = driver().onReactor(() -> {
      reactor().connectTCP(nowhere.getHostString(), nowhere.getPort(), factory, timeout);
      return reactor().now();
    });

    driver().passTime(Duration.ofMillis(100));
    List<String> early = List.copyOf(factory.events);
    driver().runUntil(factory::isFailed, "connection attempt timed out");
    var failedAt = driver().onReactor(() -> reactor().now());

    assertThat(early).containsExactly("startedConnecting");
    assertThat(factory.failed.get()).isInstanceOf(ConnectTimeoutException.class);
    assertThat(Duration.between(started, failedAt)).isGreaterThanOrEqualTo(timeout);
  }

  @Test
  void startedConnectingRunsAfterConnectTcpReturns() {
    ListeningPort port = listen(ScenarioProtocol::recorder);
    ScenarioClientFactory factory = new ScenarioClientFactory(ScenarioProtocol::recorder);

    List<String> eventsWhenConnectTcpReturned =
        driver().onReactor(
            () -> {
              reactor().connectTCP(driver().loopbackHost(), port.host().getPort(), factory);
              return List.copyOf(factory.events);
            });
    driver().runUntil(() -> factory.events.contains("startedConnecting"), "startedConnecting");

    assertThat(eventsWhenConnectTcpReturned).isEmpty();
  }

  @Test
  void nullProtocolFromBuildProtocolClosesThatConnection() {
    AtomicInteger built = new AtomicInteger();
    ListeningPort port = listen(() -> built.getAndIncrement() == 0 ? null : ScenarioProtocol.echoer());
    ScenarioProtocol refused = ScenarioProtocol.recorder();
    ScenarioProtocol served = ScenarioProtocol.recorder();
    connect(port.host().getPort(), () -> refused);
    driver().runUntil(refused::isLost, "the refused connection closed");
    connect(port.host().getPort(), () -> served);
    driver().runUntil(served::isMade, "the next connection made");
    driver().onReactor(() -> served.link().write(bytes("ping")));
    driver().runUntil(() -> served.received().equals("ping"), "next connection echoed");

    assertThat(refused.lost.get()).isInstanceOf(ConnectionClosedException.class);
  }

  @Test
  void connectingAfterStopListeningIsRefused() {
    ListeningPort port = listen(ScenarioProtocol::recorder);
    int number = port.host().getPort();
    Deferred<Void> stopped = driver().onReactor(port::stopListening);
    driver().runUntil(stopped::isDone, "port stopped");

    ScenarioClientFactory factory = connect(number, ScenarioProtocol::recorder);
    driver().runUntil(factory::isFailed, "connection attempt failed");

    assertThat(stopped).isCompleted();
    assertThat(factory.failed.get()).isInstanceOf(ConnectionRefusedException.class);
  }

  @Test
  void stopConnectingReportsConnectCancelled() {
    InetSocketAddress nowhere = driver().unansweredAddress();
    ScenarioClientFactory factory = new ScenarioClientFactory(ScenarioProtocol::recorder);
    Connector connector =
        driver().onReactor(
            () -> reactor().connectTCP(
                nowhere.getHostString(), nowhere.getPort(), factory, Duration.ofSeconds(30)));
    driver().runUntil(() -> factory.events.contains("startedConnecting"), "attempt started");

    driver().onReactor(connector::stopConnecting);
    driver().runUntil(factory::isFailed, "attempt cancelled");

    assertThat(factory.failed.get()).isInstanceOf(ConnectCancelledException.class);
  }
}
