package dev.weft.reactor.testing.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.reactor.CannotListenException;
import dev.weft.reactor.ConnectCancelledException;
import dev.weft.reactor.ConnectionClosedException;
import dev.weft.reactor.ConnectionRefusedException;
import dev.weft.reactor.Connector;
import dev.weft.reactor.Deferred;
import dev.weft.reactor.ListeningPort;
import dev.weft.reactor.Protocol;
import dev.weft.reactor.ReactorUNIX;
import dev.weft.reactor.TcpTransport;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * The stream scenarios that make sense over a UNIX-domain socket, on every reactor that
 * implements {@link ReactorUNIX}: echo, addresses, refused and cancelled attempts, a path in
 * use and freed, clean close, half-close both ways, and a large transfer paced by producers.
 * Extend it, implement {@link #createDriver()} with a driver whose
 * {@link ReactorDriver#unixSocketPath()} hands out paths, and JUnit runs every scenario.
 *
 * <p>Left out on purpose: the connect timeout (a UNIX-domain connect is answered at once by the
 * system, so no real attempt stays unanswered) and abort, whose effect on the peer differs from
 * TCP's reset.
 *
 * <p>Twisted: {@code twisted.internet.test.test_unix}, run against every reactor.
 */
public abstract class UnixConformanceTest extends ReactorConformanceTest {
  /** Creates the scenarios; subclasses supply the driver. */
  protected UnixConformanceTest() {}

  /**
   * Creates the driver for one scenario, with a fresh reactor that implements
   * {@link ReactorUNIX} and a driver that hands out socket paths.
   *
   * @return a new driver; the scenario closes it
   */
  @Override
  protected abstract ReactorDriver createDriver();

  private ReactorUNIX unix() {
    if (driver().reactor() instanceof ReactorUNIX unix) {
      return unix;
    }
    throw new IllegalStateException(
        driver().reactor() + " does not implement ReactorUNIX; UnixConformanceTest needs it");
  }

  private ListeningPort listen(Path path, Supplier<? extends @Nullable Protocol> protocols) {
    return driver().onReactor(() -> unix().listenUNIX(path, peer -> protocols.get()));
  }

  private ScenarioClientFactory connect(Path path, Supplier<? extends @Nullable Protocol> protocols) {
    ScenarioClientFactory factory = new ScenarioClientFactory(protocols);
    driver().onReactor(() -> unix().connectUNIX(path, factory));
    return factory;
  }

  @Test
  void connectedClientGetsItsBytesEchoed() {
    Path path = driver().unixSocketPath();
    List<ScenarioProtocol> servers = new CopyOnWriteArrayList<>();
    listen(path, () -> add(servers, ScenarioProtocol.echoer()));
    ScenarioProtocol client = ScenarioProtocol.recorder();
    ScenarioClientFactory factory = connect(path, () -> client);

    driver().runUntil(client::isMade, "client connected");
    driver().onReactor(() -> client.link().write(bytes("hello, socket file")));
    driver().runUntil(() -> client.received().equals("hello, socket file"), "echo received");

    assertThat(factory.events).containsExactly("startedConnecting", "buildProtocol");
    assertThat(servers).hasSize(1);
    assertThat(servers.get(0).received()).isEqualTo("hello, socket file");
  }

  @Test
  void addressesArePathsTheServerSideNamedTheClientSideUnnamed() {
    Path path = driver().unixSocketPath();
    List<ScenarioProtocol> servers = new CopyOnWriteArrayList<>();
    ListeningPort port = listen(path, () -> add(servers, ScenarioProtocol.recorder()));
    ScenarioProtocol client = ScenarioProtocol.recorder();
    ScenarioClientFactory factory = new ScenarioClientFactory(() -> client);
    Connector connector = driver().onReactor(() -> unix().connectUNIX(path, factory));
    driver().runUntil(() -> client.isMade() && servers.size() == 1, "connected");

    UnixDomainSocketAddress named = UnixDomainSocketAddress.of(path);
    UnixDomainSocketAddress unnamed = UnixDomainSocketAddress.of("");
    assertThat(port.address()).isEqualTo(named);
    assertThat(connector.destinationAddress()).isEqualTo(named);
    assertThatThrownBy(port::host).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(connector::destination).isInstanceOf(UnsupportedOperationException.class);
    driver().onReactor(() -> {
      assertThat(client.link().peer()).isEqualTo(named);
      assertThat(client.link().host()).isEqualTo(unnamed);
      assertThat(servers.get(0).link().host()).isEqualTo(named);
      assertThat(servers.get(0).link().peer()).isEqualTo(unnamed);
    });
  }

  @Test
  void tcpOptionsAreUnsupportedOnAUnixTransport() {
    Path path = driver().unixSocketPath();
    listen(path, ScenarioProtocol::recorder);
    ScenarioProtocol client = ScenarioProtocol.recorder();
    connect(path, () -> client);
    driver().runUntil(client::isMade, "connected");

    assertThatThrownBy(() -> driver().onReactor(() -> {
      if (client.link() instanceof TcpTransport tcp) {
        tcp.setTcpNoDelay(true);
      } else {
        throw new UnsupportedOperationException("not a TcpTransport at all");
      }
    })).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void connectingWhereNothingListensReportsConnectionRefused() {
    ScenarioClientFactory factory = connect(driver().unixSocketPath(), ScenarioProtocol::recorder);

    driver().runUntil(factory::isFailed, "connection attempt failed");

    assertThat(factory.failed.get()).isInstanceOf(ConnectionRefusedException.class);
    assertThat(factory.events)
        .containsExactly("startedConnecting", "failed:ConnectionRefusedException");
  }

  @Test
  void listeningOnAPathInUseFailsAndTheFirstServerKeepsServing() {
    Path path = driver().unixSocketPath();
    listen(path, ScenarioProtocol::echoer);

    assertThatThrownBy(() -> listen(path, ScenarioProtocol::recorder))
        .isInstanceOf(CannotListenException.class)
        .hasMessage("cannot listen on " + path + ": the path is in use, a server is accepting"
            + " connections on it; stop that server or choose another path");
    ScenarioProtocol client = ScenarioProtocol.recorder();
    connect(path, () -> client);
    driver().runUntil(client::isMade, "the first server still accepts");
    driver().onReactor(() -> client.link().write(bytes("still you?")));
    driver().runUntil(() -> client.received().equals("still you?"), "echoed by the first server");
  }

  @Test
  void stopListeningFreesThePathRefusingConnectsUntilAnotherServerListens() {
    Path path = driver().unixSocketPath();
    ListeningPort port = listen(path, ScenarioProtocol::recorder);
    Deferred<Void> stopped = driver().onReactor(port::stopListening);
    driver().runUntil(stopped::isDone, "port stopped");

    ScenarioClientFactory refused = connect(path, ScenarioProtocol::recorder);
    driver().runUntil(refused::isFailed, "attempt refused");
    listen(path, ScenarioProtocol::echoer);
    ScenarioProtocol client = ScenarioProtocol.recorder();
    connect(path, () -> client);
    driver().runUntil(client::isMade, "connected to the new server");

    assertThat(refused.failed.get()).isInstanceOf(ConnectionRefusedException.class);
  }

  @Test
  void stopConnectingReportsConnectCancelled() {
    Path path = driver().unixSocketPath();
    listen(path, ScenarioProtocol::recorder);
    ScenarioClientFactory factory = new ScenarioClientFactory(ScenarioProtocol::recorder);

    driver().onReactor(() -> unix().connectUNIX(path, factory).stopConnecting());
    driver().runUntil(factory::isFailed, "attempt cancelled");

    assertThat(factory.failed.get()).isInstanceOf(ConnectCancelledException.class);
    assertThat(factory.events).doesNotContain("buildProtocol");
  }

  @Test
  void cleanCloseEndsBothSidesWithConnectionClosed() {
    Path path = driver().unixSocketPath();
    List<ScenarioProtocol> servers = new CopyOnWriteArrayList<>();
    listen(path, () -> add(servers, ScenarioProtocol.recorder()));
    ScenarioProtocol client = ScenarioProtocol.recorder();
    ScenarioClientFactory factory = connect(path, () -> client);
    driver().runUntil(() -> client.isMade() && servers.size() == 1, "connected");

    driver().onReactor(() -> {
      client.link().write(bytes("last words"));
      client.link().loseConnection();
    });
    driver().runUntil(() -> client.isLost() && servers.get(0).isLost(), "both sides closed");

    assertThat(client.lost.get()).isInstanceOf(ConnectionClosedException.class);
    assertThat(servers.get(0).lost.get()).isInstanceOf(ConnectionClosedException.class);
    assertThat(servers.get(0).received()).isEqualTo("last words");
    assertThat(factory.lost.get()).isSameAs(client.lost.get());
  }

  @Test
  void clientHalfCloseLetsTheServerReplyBeforeBothClose() {
    halfCloseThenReply(true);
  }

  @Test
  void serverHalfCloseLetsTheClientReplyBeforeBothClose() {
    halfCloseThenReply(false);
  }

  /**
   * One side writes and half-closes; the other reads to the end, replies and closes. Both see
   * the same events as over TCP.
   */
  private void halfCloseThenReply(boolean clientCloses) {
    Path path = driver().unixSocketPath();
    List<HalfCloseScenarioProtocol> servers = new CopyOnWriteArrayList<>();
    listen(path, () -> add(servers, new HalfCloseScenarioProtocol(clientCloses ? "reply" : null)));
    HalfCloseScenarioProtocol client = new HalfCloseScenarioProtocol(clientCloses ? null : "reply");
    connect(path, () -> client);
    driver().runUntil(() -> client.isMade() && servers.size() == 1, "connected");
    HalfCloseScenarioProtocol closer = clientCloses ? client : servers.get(0);
    HalfCloseScenarioProtocol replier = clientCloses ? servers.get(0) : client;

    driver().onReactor(() -> {
      closer.link().write(bytes("first"));
      closer.link().loseWriteConnection();
    });
    driver().runUntil(() -> closer.isLost() && replier.isLost(), "both sides closed");

    assertThat(replier.received()).isEqualTo("first");
    assertThat(closer.received()).isEqualTo("reply");
    assertThat(withoutData(closer.events)).containsExactly(
        "made", "writeConnectionLost", "readConnectionLost", "lost:ConnectionClosedException");
    assertThat(withoutData(replier.events))
        .containsExactly("made", "readConnectionLost", "lost:ConnectionClosedException");
  }

  @Test
  void sixteenMebibytesArriveInOrderPacedByProducersBothWays() {
    long total = 16L * 1024 * 1024;
    Path path = driver().unixSocketPath();
    List<PatternChecker> servers = new CopyOnWriteArrayList<>();
    listen(path, () -> add(servers, new PatternChecker(driver().reactor())));
    PatternProducer client = new PatternProducer(total);
    connect(path, () -> client);

    driver().runUntil(() -> !servers.isEmpty() && client.hasTransport(), "connected");
    driver().onReactor(client::start);
    PatternChecker server = servers.get(0);
    // Each wait is for progress, not for the whole transfer: the speed is the machine's business.
    while (server.received() < total) {
      long before = server.received();
      driver().runUntil(() -> server.received() > before,
          "more bytes after " + before + " of " + total + " (client paused " + client.pauses()
              + " times)");
    }

    assertThat(server.received()).isEqualTo(total);
    assertThat(server.mismatches()).as("bytes out of order or corrupted").isZero();
    assertThat(client.pauses()).as("the producer was paused by back-pressure").isPositive();
    assertThat(server.pauses()).as("the reader paused itself").isEqualTo(2);
    assertThat(server.deliveredWhilePaused()).as("reads delivered while paused").isZero();
    assertThat(client.maxPendingBytes())
        .as("what the transport buffered stays near the high-water mark")
        .isLessThan(PatternProducer.BOUND);
  }
}
