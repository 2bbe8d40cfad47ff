package dev.weft.reactor.testing.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.reactor.ConnectionLostException;
import dev.weft.reactor.DnsLookupException;
import dev.weft.reactor.ListeningPort;
import dev.weft.reactor.testing.ClientAttempt;
import dev.weft.reactor.testing.MemoryReactor;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MemoryReactorDriverTest {
  private MemoryReactorDriver driver = MemoryReactorDriver.create();

  @AfterEach
  void closeDriver() {
    driver.close();
  }

  private MemoryReactor reactor() {
    return driver.reactor();
  }

  private ClientAttempt connect(String host, int port, Duration timeout) {
    reactor().connectTCP(host, port, new ScenarioClientFactory(ScenarioProtocol::recorder), timeout);
    return reactor().lastClientAttempt();
  }

  @Test
  void createdDriverRunsANewReactor() {
    assertThat(reactor().isRunning()).isTrue();
    assertThat(reactor().now()).isEqualTo(Instant.EPOCH);
  }

  @Test
  void reactorIsTheLoopbackHostOfTheDriversNetwork() {
    assertThat(driver.host().address().getHostAddress()).isEqualTo("127.0.0.1");
    assertThat(driver.host().reactor()).isSameAs(reactor());
    assertThat(driver.network().find(MemoryReactorDriver.HOST_NAME)).contains(driver.host());
    assertThat(reactor().clock()).isSameAs(driver.network().clock());
  }

  @Test
  void attemptToAListeningPortIsConnectedThroughALinkOnALaterStep() {
    ListeningPort port = reactor().listenTCP(0, peer -> ScenarioProtocol.echoer(), 50, "127.0.0.1");
    ClientAttempt attempt = connect("127.0.0.1", port.host().getPort(), Duration.ofSeconds(1));
    assertThat(attempt.isPending()).isTrue();

    driver.runUntil(() -> !attempt.isPending(), "the attempt completed");

    assertThat(attempt.outcome()).isEqualTo(ClientAttempt.Outcome.CONNECTED);
    assertThat(reactor().now()).isEqualTo(Instant.EPOCH);
    assertThat(driver.links()).singleElement()
        .satisfies(link -> assertThat(link.client()).isSameAs(attempt.connection()));
  }

  @Test
  void portListeningOnAllInterfacesAcceptsLoopbackAttempts() {
    ListeningPort port = reactor().listenTCP(0, peer -> ScenarioProtocol.recorder());
    ClientAttempt attempt = connect("127.0.0.1", port.host().getPort(), Duration.ofSeconds(1));

    driver.runUntil(() -> !attempt.isPending(), "the attempt completed");

    assertThat(attempt.outcome()).isEqualTo(ClientAttempt.Outcome.CONNECTED);
  }

  @Test
  void attemptToTheRefusingPortIsRefused() {
    ClientAttempt attempt = connect("127.0.0.1", driver.refusingPort(), Duration.ofSeconds(1));

    driver.runUntil(() -> !attempt.isPending(), "the attempt completed");

    assertThat(attempt.outcome()).isEqualTo(ClientAttempt.Outcome.REFUSED);
  }

  @Test
  void refusingPortIsNeverOneThatListens() {
    reactor().listenTCP(1, peer -> ScenarioProtocol.recorder(), 50, "127.0.0.1");
    reactor().listenTCP(2, peer -> ScenarioProtocol.recorder());

    assertThat(driver.refusingPort()).isNotIn(1, 2, MemoryReactorDriver.UNANSWERED_PORT);
  }

  @Test
  void attemptToTheUnansweredAddressEndsOnlyByItsTimeout() {
    InetSocketAddress nowhere = driver.unansweredAddress();
    ClientAttempt attempt =
        connect(nowhere.getHostString(), nowhere.getPort(), Duration.ofSeconds(5));

    driver.passTime(Duration.ofMillis(4_999));
    assertThat(attempt.isPending()).isTrue();
    driver.passTime(Duration.ofMillis(1));

    assertThat(attempt.outcome()).isEqualTo(ClientAttempt.Outcome.TIMED_OUT);
  }

  @Test
  void attemptToAHostOffTheNetworkStaysPending() {
    ClientAttempt attempt = connect("192.0.2.1", 80, Duration.ofSeconds(5));

    driver.passTime(Duration.ofSeconds(1));

    assertThat(attempt.isPending()).isTrue();
  }

  @Test
  void hostNameIsLookedUpInTheReactorsResolverBeforeConnecting() {
    reactor().resolver().map("server.test", "127.0.0.1");
    ListeningPort port = reactor().listenTCP(0, peer -> ScenarioProtocol.recorder(), 50, "127.0.0.1");
    ClientAttempt attempt = connect("server.test", port.host().getPort(), Duration.ofSeconds(1));

    driver.runUntil(() -> !attempt.isPending(), "the attempt completed");

    assertThat(attempt.outcome()).isEqualTo(ClientAttempt.Outcome.CONNECTED);
    assertThat(reactor().resolver().lookups()).containsExactly("server.test");
  }

  @Test
  void nameTheResolverFailsFailsTheAttemptWithItsDnsLookupFailure() {
    driver.failHostName("nowhere.test", "Name or service not known");
    ClientAttempt attempt = connect("nowhere.test", 80, Duration.ofSeconds(1));

    driver.runUntil(() -> !attempt.isPending(), "the attempt completed");

    assertThat(attempt.outcome()).isEqualTo(ClientAttempt.Outcome.FAILED);
    assertThat(attempt.failure())
        .isInstanceOf(DnsLookupException.class)
        .hasMessageContaining("nowhere.test")
        .hasRootCauseMessage("Name or service not known");
  }

  @Test
  void nameNobodyMappedStaysARecordedAttemptForTheTest() {
    ClientAttempt attempt = connect("elsewhere.test", 80, Duration.ofSeconds(5));

    driver.passTime(Duration.ofSeconds(1));
    assertThat(attempt.isPending()).isTrue();
    attempt.refuse();

    assertThat(attempt.outcome()).isEqualTo(ClientAttempt.Outcome.REFUSED);
  }

  @Test
  void stepIsFalseOnlyWhenNothingIsLeftAtTheCurrentInstant() {
    AtomicInteger ran = new AtomicInteger();
    reactor().callFromThread(ran::incrementAndGet);

    assertThat(driver.step()).isTrue();
    assertThat(ran).hasValue(1);
    assertThat(driver.step()).isFalse();
  }

  @Test
  void runUntilAdvancesTheClockToTheNextCallWhenNothingElseMoves() {
    AtomicInteger ran = new AtomicInteger();
    reactor().callLater(Duration.ofSeconds(10), ran::incrementAndGet);

    driver.runUntil(() -> ran.get() == 1, "the call ran");

    assertThat(reactor().now()).isEqualTo(Instant.EPOCH.plusSeconds(10));
  }

  @Test
  void runUntilFailsAtOnceWhenTheReactorIsIdle() {
    assertThatThrownBy(() -> driver.runUntil(() -> false, "a miracle"))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("idle")
        .hasMessageContaining("a miracle");
  }

  @Test
  void runUntilFailsAfterItsBoundOfFakeTime() {
    driver.close();
    driver = MemoryReactorDriver.builder().maxTime(Duration.ofSeconds(5)).build();
    tickEverySecond(reactor());

    assertThatThrownBy(() -> driver.runUntil(() -> false, "the end of time"))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("PT5S of fake time")
        .hasMessageContaining("the end of time");
    assertThat(reactor().now()).isEqualTo(Instant.EPOCH.plusSeconds(5));
  }

  @Test
  void runUntilFailsAfterItsBoundOfSteps() {
    driver.close();
    driver = MemoryReactorDriver.builder().maxSteps(20).build();
    requeueForever(reactor());

    assertThatThrownBy(() -> driver.runUntil(() -> false, "quiet"))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("20 steps")
        .hasMessageContaining("quiet");
  }

  @Test
  void passTimeRunsTheDueCallsInOrderAndStopsAtTheTarget() {
    List<String> ran = new CopyOnWriteArrayList<>();
    reactor().callLater(Duration.ofMillis(30), () -> ran.add("30"));
    reactor().callLater(Duration.ofMillis(10), () -> ran.add("10"));
    reactor().callLater(Duration.ofMillis(51), () -> ran.add("51"));

    driver.passTime(Duration.ofMillis(50));

    assertThat(ran).containsExactly("10", "30");
    assertThat(reactor().now()).isEqualTo(Instant.EPOCH.plusMillis(50));
  }

  @Test
  void onReactorRunsInlineAndRethrows() {
    Thread caller = Thread.currentThread();
    assertThat(driver.onReactor(Thread::currentThread)).isSameAs(caller);
    assertThatThrownBy(() -> driver.onReactor((Runnable) () -> {
      throw new IllegalArgumentException("bad");
    })).isInstanceOf(IllegalArgumentException.class).hasMessage("bad");
    assertThatThrownBy(() -> driver.onReactor(() -> {
      throw new IOException("checked");
    })).isInstanceOf(IllegalStateException.class).hasCauseInstanceOf(IOException.class);
  }

  @Test
  void closeStopsTheReactorEndingOpenConnectionsAndRefusesFurtherUse() {
    ListeningPort port = reactor().listenTCP(0, peer -> ScenarioProtocol.recorder(), 50, "127.0.0.1");
    ScenarioProtocol client = ScenarioProtocol.recorder();
    reactor().connectTCP("127.0.0.1", port.host().getPort(), new ScenarioClientFactory(() -> client));
    driver.runUntil(client::isMade, "connected");

    driver.close();
    driver.close();

    assertThat(reactor().isStopped()).isTrue();
    assertThat(client.lost.get()).isInstanceOf(ConnectionLostException.class);
    assertThatThrownBy(() -> driver.runUntil(() -> true, "anything"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
  }

  @Test
  void builderRejectsBadBounds() {
    assertThatThrownBy(() -> MemoryReactorDriver.builder().maxSteps(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxSteps must be at least 1: 0");
    assertThatThrownBy(() -> MemoryReactorDriver.builder().maxTime(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxTime must be positive: PT0S");
    assertThatThrownBy(() -> MemoryReactorDriver.builder().chunking(null)).hasMessage("chunking");
  }

  private static void tickEverySecond(MemoryReactor reactor) {
    reactor.callLater(Duration.ofSeconds(1), () -> tickEverySecond(reactor));
  }

  private static void requeueForever(MemoryReactor reactor) {
    reactor.callFromThread(() -> requeueForever(reactor));
  }
}
