package dev.weft.reactor.testing.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.reactor.AlreadyCalledException;
import dev.weft.reactor.AlreadyCancelledException;
import dev.weft.reactor.ConnectTimeoutException;
import dev.weft.reactor.ConnectionAbortedException;
import dev.weft.reactor.ConnectionClosedException;
import dev.weft.reactor.ConnectionLostException;
import dev.weft.reactor.ConnectionRefusedException;
import dev.weft.reactor.Deferred;
import dev.weft.reactor.DelayedCall;
import dev.weft.reactor.ListeningPort;
import dev.weft.reactor.Protocol;
import dev.weft.reactor.Reactor;
import dev.weft.reactor.SystemEvent;
import dev.weft.reactor.TriggerHandle;
import dev.weft.reactor.TriggerPhase;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The scenarios every Weft reactor must pass, on the fakes and on real sockets alike. Extend it,
 * implement {@link #createDriver()}, and JUnit runs every scenario against your reactor.
 *
 * <p>Each scenario owns a fresh driver: created before it, closed after it. Scenarios act on the
 * reactor only inside {@link ReactorDriver#onReactor}, wait only with
 * {@link ReactorDriver#runUntil} and {@link ReactorDriver#passTime}, and read what callbacks
 * recorded in thread-safe structures; none sleeps.
 *
 * <p>Twisted: the {@code ReactorBuilder} test mix-ins that run {@code twisted.internet.test}
 * against every reactor.
 */
public abstract class ReactorConformanceTest {
  private @Nullable ReactorDriver driver;

  /** Creates the scenarios; subclasses supply the driver. */
  protected ReactorConformanceTest() {}

  /**
   * Creates the driver for one scenario, with a fresh reactor.
   *
   * @return a new driver; the scenario closes it
   */
  protected abstract ReactorDriver createDriver();

  @BeforeEach
  final void createDriverForScenario() {
    driver = createDriver();
  }

  @AfterEach
  final void closeDriverAfterScenario() {
    ReactorDriver d = driver;
    driver = null;
    if (d != null) {
      d.close();
    }
  }

  /**
   * Returns the current scenario's driver.
   *
   * @return the driver, never {@code null} during a scenario
   */
  protected final ReactorDriver driver() {
    ReactorDriver d = driver;
    if (d == null) {
      throw new IllegalStateException("no driver: scenarios run between @BeforeEach and @AfterEach");
    }
    return d;
  }

  private Reactor reactor() {
    return driver().reactor();
  }

  private ListeningPort listen(Supplier<? extends @Nullable Protocol> protocols) {
    return driver().onReactor(
        () -> reactor().listenTCP(0, peer -> protocols.get(), 50, driver().loopbackHost()));
  }

  private ScenarioClientFactory connect(int port, Supplier<? extends @Nullable Protocol> protocols) {
    ScenarioClientFactory factory = new ScenarioClientFactory(protocols);
    driver().onReactor(() -> reactor().connectTCP(driver().loopbackHost(), port, factory));
    return factory;
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static List<String> withoutData(List<String> events) {
    List<String> rest = new ArrayList<>(events);
    rest.removeIf("data"::equals);
    return rest;
  }

  // ---------------------------------------------------------------- connections

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
  void cleanCloseEndsBothSidesWithConnectionClosed() {
    List<ScenarioProtocol> servers = new CopyOnWriteArrayList<>();
    ListeningPort port = listen(() -> add(servers, ScenarioProtocol.recorder()));
    ScenarioProtocol client = ScenarioProtocol.recorder();
    ScenarioClientFactory factory = connect(port.host().getPort(), () -> client);
    driver().runUntil(() -> client.isMade() && servers.size() == 1, "connected");

    driver().onReactor(
        () -> {
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
  void abortEndsThisSideWithAbortedAndThePeerWithLost() {
    List<ScenarioProtocol> servers = new CopyOnWriteArrayList<>();
    ListeningPort port = listen(() -> add(servers, ScenarioProtocol.recorder()));
    ScenarioProtocol client = ScenarioProtocol.recorder();
    connect(port.host().getPort(), () -> client);
    driver().runUntil(() -> client.isMade() && servers.size() == 1, "connected");

    boolean disconnectingAfterAbort =
        driver().onReactor(
            () -> {
              client.link().abortConnection();
              return client.link().isDisconnecting();
            });
    driver().runUntil(() -> client.isLost() && servers.get(0).isLost(), "both sides ended");

    assertThat(disconnectingAfterAbort).isTrue();
    assertThat(client.lost.get()).isInstanceOf(ConnectionAbortedException.class);
    assertThat(servers.get(0).lost.get()).isInstanceOf(ConnectionLostException.class);
  }

  @Test
  void clientHalfCloseLetsTheServerReplyBeforeBothClose() {
    List<ScenarioProtocol> servers = new CopyOnWriteArrayList<>();
    ListeningPort port = listen(() -> add(servers, new HalfCloseScenarioProtocol("bye")));
    HalfCloseScenarioProtocol client = new HalfCloseScenarioProtocol(null);
    connect(port.host().getPort(), () -> client);
    driver().runUntil(() -> client.isMade() && servers.size() == 1, "connected");

    driver().onReactor(
        () -> {
          client.link().write(bytes("request"));
          client.link().loseWriteConnection();
        });
    driver().runUntil(() -> client.isLost() && servers.get(0).isLost(), "both sides closed");

    assertThat(servers.get(0).received()).isEqualTo("request");
    assertThat(client.received()).isEqualTo("bye");
    assertThat(withoutData(client.events))
        .containsExactly(
            "made", "writeConnectionLost", "readConnectionLost", "lost:ConnectionClosedException");
    assertThat(withoutData(servers.get(0).events))
        .containsExactly("made", "readConnectionLost", "lost:ConnectionClosedException");
  }

  @Test
  void serverHalfCloseLetsTheClientReplyBeforeBothClose() {
    List<ScenarioProtocol> servers = new CopyOnWriteArrayList<>();
    ListeningPort port = listen(() -> add(servers, new HalfCloseScenarioProtocol(null)));
    HalfCloseScenarioProtocol client = new HalfCloseScenarioProtocol("thanks");
    connect(port.host().getPort(), () -> client);
    driver().runUntil(() -> client.isMade() && servers.size() == 1, "connected");

    driver().onReactor(
        () -> {
          servers.get(0).link().write(bytes("welcome"));
          servers.get(0).link().loseWriteConnection();
        });
    driver().runUntil(() -> client.isLost() && servers.get(0).isLost(), "both sides closed");

    assertThat(client.received()).isEqualTo("welcome");
    assertThat(servers.get(0).received()).isEqualTo("thanks");
    assertThat(withoutData(servers.get(0).events))
        .containsExactly(
            "made", "writeConnectionLost", "readConnectionLost", "lost:ConnectionClosedException");
    assertThat(withoutData(client.events))
        .containsExactly("made", "readConnectionLost", "lost:ConnectionClosedException");
  }

  @Test
  void throwingCallbackAbortsOnlyItsOwnConnection() {
    List<ScenarioProtocol> servers = new CopyOnWriteArrayList<>();
    ListeningPort port =
        listen(() -> add(servers, new ScenarioProtocol(true, "boom")));
    ScenarioProtocol doomed = ScenarioProtocol.recorder();
    ScenarioProtocol bystander = ScenarioProtocol.recorder();
    connect(port.host().getPort(), () -> doomed);
    connect(port.host().getPort(), () -> bystander);
    driver().runUntil(
        () -> doomed.isMade() && bystander.isMade() && servers.size() == 2, "both connected");

    driver().onReactor(() -> doomed.link().write(bytes("boom")));
    driver().runUntil(doomed::isLost, "the doomed connection ended");
    driver().onReactor(() -> bystander.link().write(bytes("still there?")));
    driver().runUntil(() -> bystander.received().equals("still there?"), "bystander echoed");

    ScenarioProtocol failedServer =
        servers.stream().filter(ScenarioProtocol::isLost).findFirst().orElseThrow();
    assertThat(failedServer.lost.get())
        .isInstanceOf(ConnectionAbortedException.class)
        .cause()
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("boom");
    assertThat(doomed.lost.get()).isInstanceOf(ConnectionLostException.class);
    assertThat(bystander.isLost()).isFalse();
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
    dev.weft.reactor.Connector connector =
        driver().onReactor(
            () -> reactor().connectTCP(
                nowhere.getHostString(), nowhere.getPort(), factory, Duration.ofSeconds(30)));
    driver().runUntil(() -> factory.events.contains("startedConnecting"), "attempt started");

    driver().onReactor(connector::stopConnecting);
    driver().runUntil(factory::isFailed, "attempt cancelled");

    assertThat(factory.failed.get()).isInstanceOf(dev.weft.reactor.ConnectCancelledException.class);
  }

  // ---------------------------------------------------------------- time

  @Test
  void delayedCallsRunByDueTimeThenBySchedulingOrder() {
    List<String> ran = new CopyOnWriteArrayList<>();
    driver().onReactor(
        () -> {
          reactor().callLater(Duration.ofMillis(60), () -> ran.add("late"));
          reactor().callLater(Duration.ofMillis(20), () -> ran.add("first of two"));
          reactor().callLater(Duration.ofMillis(20), () -> ran.add("second of two"));
          reactor().callLater(Duration.ZERO, () -> ran.add("now"));
        });

    driver().passTime(Duration.ofMillis(60));
    driver().runUntil(() -> ran.size() == 4, "all four calls ran");

    assertThat(ran).containsExactly("now", "first of two", "second of two", "late");
  }

  @Test
  void zeroDelayCallRunsOnALaterTurnNotInsideCallLater() {
    List<String> ran = new CopyOnWriteArrayList<>();
    driver().onReactor(
        () -> {
          reactor().callLater(Duration.ZERO, () -> ran.add("call"));
          ran.add("after callLater");
        });
    driver().runUntil(() -> ran.size() == 2, "call ran");

    assertThat(ran).containsExactly("after callLater", "call");
  }

  @Test
  void cancelResetAndDelayChangeWhenCallsRun() {
    List<String> ran = new CopyOnWriteArrayList<>();
    DelayedCall[] calls =
        driver().onReactor(
            () -> {
              DelayedCall cancelled = reactor().callLater(Duration.ofMillis(10), () -> ran.add("cancelled"));
              DelayedCall reset = reactor().callLater(Duration.ofMillis(10), () -> ran.add("reset"));
              DelayedCall delayed = reactor().callLater(Duration.ofMillis(10), () -> ran.add("delayed"));
              reactor().callLater(Duration.ofMillis(30), () -> ran.add("fixed"));
              cancelled.cancel();
              reset.reset(Duration.ofMillis(50));
              delayed.delay(Duration.ofMillis(30));
              return new DelayedCall[] {cancelled, reset, delayed};
            });

    driver().passTime(Duration.ofMillis(60));
    driver().runUntil(() -> ran.size() == 3, "three calls ran");

    assertThat(ran).containsExactly("fixed", "delayed", "reset");
    driver().onReactor(
        () -> {
          assertThat(calls[0].isCancelled()).isTrue();
          assertThat(calls[1].isCalled()).isTrue();
          assertThatThrownBy(calls[0]::cancel).isInstanceOf(AlreadyCancelledException.class);
          assertThatThrownBy(calls[1]::cancel).isInstanceOf(AlreadyCalledException.class);
          assertThatThrownBy(() -> calls[2].reset(Duration.ZERO))
              .isInstanceOf(AlreadyCalledException.class);
        });
  }

  @Test
  void reactorTimeMovesForwardWithPassedTime() {
    var before = driver().onReactor(() -> reactor().now());
    driver().passTime(Duration.ofMillis(50));
    var after = driver().onReactor(() -> reactor().now());

    assertThat(Duration.between(before, after)).isGreaterThanOrEqualTo(Duration.ofMillis(50));
  }

  // ---------------------------------------------------------------- threads and events

  @Test
  void callsFromOtherThreadsRunInOrder() {
    List<Integer> ran = new CopyOnWriteArrayList<>();
    for (int i = 0; i < 100; i++) {
      int n = i;
      reactor().callFromThread(() -> ran.add(n));
    }
    driver().runUntil(() -> ran.size() == 100, "all calls ran");

    assertThat(ran).containsExactlyElementsOf(IntStream.range(0, 100).boxed().toList());
  }

  @Test
  void systemEventTriggersRunPhaseByPhaseWaitingForBeforeStages() {
    List<String> ran = new CopyOnWriteArrayList<>();
    AtomicReference<@Nullable Deferred<Void>> beforeWork = new AtomicReference<>();
    List<TriggerHandle> handles = new CopyOnWriteArrayList<>();
    Deferred<Void> fired =
        driver().onReactor(
            () -> {
              Reactor r = reactor();
              handles.add(r.addSystemEventTrigger(
                  TriggerPhase.AFTER, SystemEvent.SHUTDOWN, () -> ran.add("after")));
              handles.add(r.addSystemEventTrigger(
                  TriggerPhase.DURING, SystemEvent.SHUTDOWN, () -> ran.add("during")));
              TriggerHandle removed =
                  r.addSystemEventTrigger(TriggerPhase.DURING, SystemEvent.SHUTDOWN, () -> ran.add("removed"));
              handles.add(r.addAsyncSystemEventTrigger(
                  TriggerPhase.BEFORE,
                  SystemEvent.SHUTDOWN,
                  () -> {
                    ran.add("before");
                    Deferred<Void> work = new Deferred<>();
                    beforeWork.set(work);
                    return work;
                  }));
              r.removeSystemEventTrigger(removed);
              return r.fireSystemEvent(SystemEvent.SHUTDOWN);
            });
    driver().runUntil(() -> beforeWork.get() != null, "BEFORE trigger ran");
    driver().passTime(Duration.ofMillis(20));
    List<String> whileBeforeWorkPending = List.copyOf(ran);

    driver().onReactor(() -> beforeWork.get().complete(null));
    driver().runUntil(fired::isDone, "event fired");

    // Firing an event leaves its triggers registered: remove them so the driver's stop() does not
    // wait for another BEFORE stage.
    driver().onReactor(() -> handles.forEach(reactor()::removeSystemEventTrigger));
    assertThat(whileBeforeWorkPending).containsExactly("before");
    assertThat(ran).containsExactly("before", "during", "after");
  }

  @Test
  void removingAnUnknownTriggerFails() {
    driver().onReactor(
        () -> {
          TriggerHandle handle =
              reactor().addSystemEventTrigger(TriggerPhase.AFTER, SystemEvent.SHUTDOWN, () -> {});
          reactor().removeSystemEventTrigger(handle);
          assertThatThrownBy(() -> reactor().removeSystemEventTrigger(handle))
              .isInstanceOf(IllegalArgumentException.class);
        });
  }

  private static <T> T add(List<? super T> list, T item) {
    list.add(item);
    return item;
  }
}
