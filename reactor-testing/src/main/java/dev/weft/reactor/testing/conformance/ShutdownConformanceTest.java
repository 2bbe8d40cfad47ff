package dev.weft.reactor.testing.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.reactor.ConnectCancelledException;
import dev.weft.reactor.ConnectionLostException;
import dev.weft.reactor.ListeningPort;
import dev.weft.reactor.SystemEvent;
import dev.weft.reactor.TriggerPhase;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Scenarios about {@code stop()}, which every Weft reactor must pass alike: every open
 * connection ends once, with {@link ConnectionLostException}, on both sides, and its factory
 * hears the same reason; every pending connection attempt fails with
 * {@link ConnectCancelledException}; listening ports close; all of it before the AFTER shutdown
 * triggers run. Extend it and implement {@link #createDriver()}.
 *
 * <p>Twisted: {@code twisted.internet.test.test_core.SystemEventTestsBuilder}.
 */
public abstract class ShutdownConformanceTest extends ReactorConformanceTest {

  /** Creates the scenarios; subclasses supply the driver. */
  protected ShutdownConformanceTest() {}

  @Test
  void stopEndsEveryLiveConnectionOnceOnBothSidesAndTellsTheFactories() {
    List<ScenarioProtocol> servers = new CopyOnWriteArrayList<>();
    ListeningPort port = listen(() -> add(servers, ScenarioProtocol.echoer()));
    List<ScenarioProtocol> clients = new ArrayList<>();
    List<ScenarioClientFactory> factories = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      ScenarioProtocol client = ScenarioProtocol.recorder();
      clients.add(client);
      factories.add(connect(port.host().getPort(), () -> client));
    }
    driver().runUntil(() -> servers.size() == 3 && clients.stream().allMatch(ScenarioProtocol::isMade),
        "three connections made");
    driver().onReactor(() -> clients.forEach(c -> c.link().write(bytes("in flight"))));

    driver().stopReactor();

    assertThat(Stream.concat(clients.stream(), servers.stream())).allSatisfy(p -> {
      assertThat(p.lost.get()).isInstanceOf(ConnectionLostException.class);
      assertThat(p.events).filteredOn(e -> e.startsWith("lost:")).hasSize(1);
    });
    for (int i = 0; i < clients.size(); i++) {
      assertThat(factories.get(i).lost.get()).isSameAs(clients.get(i).lost.get());
      assertThat(factories.get(i).events).containsExactly(
          "startedConnecting", "buildProtocol", "lost:ConnectionLostException");
    }
  }

  @Test
  void stopCancelsPendingAttemptsAndEndsEverythingBeforeTheAfterTriggers() {
    List<ScenarioProtocol> servers = new CopyOnWriteArrayList<>();
    ListeningPort port = listen(() -> add(servers, ScenarioProtocol.echoer()));
    ScenarioProtocol client = ScenarioProtocol.recorder();
    connect(port.host().getPort(), () -> client);
    driver().runUntil(() -> servers.size() == 1 && client.isMade(), "connected");
    InetSocketAddress nowhere = driver().unansweredAddress();
    ScenarioClientFactory pending = new ScenarioClientFactory(ScenarioProtocol::recorder);
    List<String> afterTrigger = new CopyOnWriteArrayList<>();
    driver().onReactor(() -> {
      reactor().connectTCP(nowhere.getHostString(), nowhere.getPort(), pending, Duration.ofSeconds(30));
      reactor().addSystemEventTrigger(TriggerPhase.AFTER, SystemEvent.SHUTDOWN, () -> afterTrigger.add(
          "connections lost: " + (client.isLost() && servers.get(0).isLost())
              + ", attempt failed: " + pending.isFailed()));
    });
    driver().runUntil(() -> pending.events.contains("startedConnecting"), "the attempt started");

    driver().stopReactor();

    assertThat(pending.events).containsExactly("startedConnecting", "failed:ConnectCancelledException");
    assertThat(afterTrigger).containsExactly("connections lost: true, attempt failed: true");
  }
}
