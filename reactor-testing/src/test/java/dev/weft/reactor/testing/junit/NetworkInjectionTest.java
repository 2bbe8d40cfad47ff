package dev.weft.reactor.testing.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.reactor.BaseProtocol;
import dev.weft.reactor.ClientFactory;
import dev.weft.reactor.ProtocolFactory;
import dev.weft.reactor.testing.Clock;
import dev.weft.reactor.testing.Leftover;
import dev.weft.reactor.testing.MemoryReactor;
import dev.weft.reactor.testing.net.Chunking;
import dev.weft.reactor.testing.net.Host;
import dev.weft.reactor.testing.net.Network;
import dev.weft.reactor.testing.net.ScriptedPeer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.Events;

/**
 * The extension's simulated network: injected with its hosts on the test's Clock, every host
 * checked for leftovers and named in the report, and a replay line on every failure of a test
 * that used one. The nested classes run through the engine, as in {@link ReactorExtensionTest}.
 */
class NetworkInjectionTest {

  static final List<Object> SEEN = new ArrayList<>();

  /** Writes what it is given when connected, keeps what it reads, and closes on request. */
  static class Chat extends BaseProtocol {
    final StringBuilder read = new StringBuilder();
    private final String greeting;

    Chat(String greeting) {
      this.greeting = greeting;
    }

    @Override
    public void connectionMade() {
      if (!greeting.isEmpty()) {
        transport().write(greeting.getBytes(StandardCharsets.UTF_8));
      }
    }

    @Override
    public void dataReceived(ByteBuffer data) {
      read.append(StandardCharsets.UTF_8.decode(data));
    }

    void close() {
      transport().loseConnection();
    }
  }

  private static Throwable failureOf(Event event) {
    return event.getPayload(TestExecutionResult.class).orElseThrow()
        .getThrowable().orElseThrow();
  }

  private static Throwable failureOf(Events events, String test) {
    return failureOf(events.failed().stream()
        .filter(e -> e.getTestDescriptor().getDisplayName().startsWith(test))
        .findFirst()
        .orElseThrow(() -> new AssertionError(test + " did not fail")));
  }

  private static List<String> replayLines(Throwable failure) {
    return Arrays.stream(failure.getSuppressed())
        .filter(s -> s instanceof NetworkReplay)
        .map(Throwable::getMessage)
        .toList();
  }

  // ---- injection ---------------------------------------------------------------------------

  static class InjectsOneNetworkPerTest {
    @InjectReactor Network networkField;
    @HostNamed("client") Host clientField;
    @HostNamed("client") MemoryReactor clientReactorField;

    @ReactorTest
    @SimulatedNetwork(seed = 42L, chunking = "Chunking.fixed(3)")
    void sharesTheNetworkItsHostsAndTheClock(
        Network network,
        @HostNamed("client") Host client,
        @HostNamed(value = "server", address = "10.0.0.80") Host server,
        @HostNamed("server") MemoryReactor serverReactor,
        Clock clock,
        MemoryReactor reactor) {
      assertThat(network).isSameAs(networkField);
      assertThat(network.seed()).isEqualTo(42L);
      assertThat(network.chunking()).isEqualTo(Chunking.fixed(3));
      assertThat(network.hosts()).containsExactly(client, server);
      assertThat(client).isSameAs(clientField);
      assertThat(clientReactorField).isSameAs(client.reactor());
      assertThat(server.address().getHostAddress()).isEqualTo("10.0.0.80");
      assertThat(serverReactor).isSameAs(server.reactor());
      assertThat(clock).isSameAs(network.clock()).isSameAs(reactor.clock());
      assertThat(network.hostOf(reactor)).as("the test's own reactor is not a host").isEmpty();
      SEEN.add(network);
    }

    @ReactorTest
    void getsAFreshNetworkWithTheDefaultSeed(Network network, Clock clock) {
      assertThat(network.seed()).isEqualTo(SimulatedNetwork.DEFAULT_SEED);
      assertThat(network.chunking()).isEqualTo(Chunking.coalesced());
      assertThat(network.clock()).isSameAs(clock);
      assertThat(network.hosts()).as("the fields' host, new in this test's network")
          .containsExactly(clientField);
      SEEN.add(network);
    }
  }

  @Test
  void injectsOneNetworkAndItsNamedHostsPerTestOnTheTestsClock() {
    SEEN.clear();
    Events events = EngineRuns.tests(InjectsOneNetworkPerTest.class);
    assertThat(events.failed().stream().map(NetworkInjectionTest::failureOf)).isEmpty();
    events.assertStatistics(s -> s.started(2).succeeded(2));
    assertThat(SEEN).hasSize(2).doesNotHaveDuplicates();
  }

  @SimulatedNetwork(seed = 5L)
  static class ClassLevelSettings {
    @Test
    void inheritsTheClassSeed(Network network) {
      assertThat(network.seed()).isEqualTo(5L);
    }

    @Test
    @SimulatedNetwork(seed = 6L, chunking = "random(3)")
    void theMethodWins(Network network) {
      assertThat(network.seed()).isEqualTo(6L);
      assertThat(network.chunking()).isEqualTo(Chunking.random(3L));
    }
  }

  @Test
  void simulatedNetworkOnTheClassRegistersTheExtensionAndTheMethodOverridesIt() {
    EngineRuns.tests(ClassLevelSettings.class).assertStatistics(s -> s.succeeded(2).failed(0));
  }

  static class BuildsItsOwnNetwork {
    @InjectReactor Network network = Network.builder().seed(9L).latency(Duration.ofMillis(5))
        .chunking(Chunking.oneByte()).build();

    @ReactorTest
    void adoptsIt(Network injected, Clock clock, MemoryReactor reactor, @HostNamed("a") Host a) {
      assertThat(injected).isSameAs(network);
      assertThat(clock).isSameAs(network.clock()).isSameAs(reactor.clock());
      assertThat(network.hosts()).containsExactly(a);
      throw new AssertionError("to see the replay line");
    }
  }

  @Test
  void anAdoptedNetworkServesTheTestAndItsReplayLineNamesTheBuilder() {
    Throwable failure = EngineRuns.onlyFailure(BuildsItsOwnNetwork.class);
    assertThat(failure).hasMessage("to see the replay line");
    assertThat(replayLines(failure)).containsExactly(
        "Simulated network of this test: seed 9L, Chunking.oneByte(); to replay this run exactly:"
            + " build it again with Network.builder().seed(9L).chunking(Chunking.oneByte()) and"
            + " the same other options");
  }

  static class NamedParameterAlone {
    @Test
    void leavesAListener(@HostNamed("web") Host web) {
      web.reactor().listenTCP(80, ProtocolFactory.of(() -> new Chat("")));
    }
  }

  @Test
  void aHostNamedParameterAloneRegistersTheExtensionAndItsCheck() {
    assertThat(EngineRuns.onlyFailure(NamedParameterAlone.class).getMessage())
        .contains("LISTENING_PORTS: listening port 80 on 0.0.0.0 (host web/10.0.0.2)");
  }

  static class NetworkAndReactorOnTwoClocks {
    @InjectReactor Network network = Network.create(1L);
    @InjectReactor MemoryReactor reactor = new MemoryReactor();

    @Test
    void never() {}
  }

  @Test
  void aBuiltNetworkAndABuiltReactorMustShareAClock() {
    assertThat(EngineRuns.onlyFailure(NetworkAndReactorOnTwoClocks.class))
        .isInstanceOf(ExtensionConfigurationException.class)
        .hasMessageContaining("the test holds a Network and a MemoryReactor on different Clocks;"
            + " build one on the other's (new MemoryReactor(network.clock()) or"
            + " Network.builder().clock(reactor.clock()))");
  }

  // ---- a routed exchange between injected hosts ---------------------------------------------

  static class Exchanges {
    @ReactorTest
    void talksAcrossTheNetworkAndCleansUp(
        Network network, @HostNamed("client") MemoryReactor client,
        @HostNamed("server") MemoryReactor server) {
      Chat served = new Chat("hello");
      server.listenTCP(80, ProtocolFactory.of(() -> served)).stopListening();
      server.listenTCP(8080, ProtocolFactory.of(() -> served));
      Chat asking = new Chat("");
      client.connectTCP("server", 8080, ClientFactory.of(() -> asking));
      network.advance(Duration.ofMillis(3));
      assertThat(asking.read.toString()).isEqualTo("hello");

      asking.close();
      server.listeningPorts().forEach(p -> p.stopListening());
      network.runUntilIdle();
    }
  }

  @Test
  void hostsInjectedByNameAreRoutedAndACleanNetworkPasses() {
    EngineRuns.tests(Exchanges.class).assertStatistics(s -> s.succeeded(1).failed(0));
  }

  // ---- the dirty-reactor check over every host ---------------------------------------------

  static class DirtyHosts {
    @ReactorTest
    @SimulatedNetwork(seed = 11L, chunking = "Chunking.random(7L)")
    void leavesAListenerOnTheServer(
        @HostNamed("client") Host client, @HostNamed("server") Host server) {
      server.reactor().listenTCP(80, ProtocolFactory.of(() -> new Chat("")));
    }

    @ReactorTest
    void leavesATimerOnTheClient(@HostNamed("client") MemoryReactor client) {
      client.callLater(Duration.ofSeconds(3), () -> {});
    }

    @ReactorTest
    void leavesAConnectionOpenOnBothHosts(Network network,
        @HostNamed("client") MemoryReactor client, @HostNamed("server") MemoryReactor server) {
      server.listenTCP(80, ProtocolFactory.of(() -> new Chat(""))).stopListening();
      server.listenTCP(81, ProtocolFactory.of(() -> new Chat("")));
      client.connectTCP("server", 81, ClientFactory.of(() -> new Chat("")));
      network.runUntilIdle();
      server.listeningPorts().forEach(p -> p.stopListening());
    }

    @ReactorTest
    void leavesAScriptUnfinishedOnTheDatabase(
        Network network, @HostNamed("app") MemoryReactor app, @HostNamed("db") MemoryReactor db) {
      ScriptedPeer peer = ScriptedPeer.on(db).named("postgres").expect("QUERY").build();
      db.listenTCP(5432, peer);
      app.connectTCP("db", 5432, ClientFactory.of(() -> new Chat("QUE")));
      network.runUntilIdle();
      db.listeningPorts().forEach(p -> p.stopListening());
    }
  }

  @Test
  void everyHostIsCheckedAndNamedInTheReport() {
    Events events = EngineRuns.tests(DirtyHosts.class);
    events.assertStatistics(s -> s.failed(4));

    Throwable listener = failureOf(events, "leavesAListenerOnTheServer");
    assertThat(listener.getMessage())
        .startsWith("Reactor is dirty: the test left 1 thing behind")
        .contains("LISTENING_PORTS: ")
        .contains("(host server/10.0.0.3)");
    assertThat(replayLines(listener)).containsExactly(
        "Simulated network of this test: seed 11L, Chunking.random(7L); to replay this run"
            + " exactly: @SimulatedNetwork(seed = 11L, chunking = \"Chunking.random(7L)\")");

    assertThat(failureOf(events, "leavesATimerOnTheClient").getMessage())
        .contains("PENDING_CALLS: delayed call due at 1970-01-01T00:00:03Z")
        .contains("(host client/10.0.0.2)");

    assertThat(failureOf(events, "leavesAConnectionOpenOnBothHosts").getMessage())
        .contains("left 2 things behind")
        .containsPattern("OPEN_CONNECTIONS: .*\\(host client/10\\.0\\.0\\.2\\)")
        .containsPattern("OPEN_CONNECTIONS: .*\\(host server/10\\.0\\.0\\.3\\)");

    assertThat(failureOf(events, "leavesAScriptUnfinishedOnTheDatabase").getMessage())
        .containsPattern("SCRIPTED_PEERS: scripted peer \"postgres\" stopped at step 1 of 1.*"
            + "\\(host db/10\\.0\\.0\\.3\\)");
  }

  @AllowLeftovers({Leftover.Kind.LISTENING_PORTS, Leftover.Kind.OPEN_CONNECTIONS})
  static class AllowedOnHosts {
    @ReactorTest
    void leavesAServerListeningWithAConnection(Network network,
        @HostNamed("client") MemoryReactor client, @HostNamed("server") MemoryReactor server) {
      server.listenTCP(80, ProtocolFactory.of(() -> new Chat("")));
      client.connectTCP("server", 80, ClientFactory.of(() -> new Chat("")));
      network.runUntilIdle();
    }

    @ReactorTest
    void stillFailsOnATimer(@HostNamed("server") MemoryReactor server) {
      server.listenTCP(80, ProtocolFactory.of(() -> new Chat("")));
      server.callLater(Duration.ofSeconds(1), () -> {});
    }
  }

  @Test
  void allowLeftoversCoversTheHostsToo() {
    Events events = EngineRuns.tests(AllowedOnHosts.class);
    events.assertStatistics(s -> s.succeeded(1).failed(1));
    assertThat(failureOf(events, "stillFailsOnATimer").getMessage())
        .contains("left 1 thing behind")
        .contains("PENDING_CALLS")
        .doesNotContain("LISTENING_PORTS");
  }

  static class Crashes {
    @ReactorTest
    void aCrashedHostTakesItsPortsAndConnectionsWithIt(Network network,
        @HostNamed("client") MemoryReactor client, @HostNamed("server") Host server) {
      server.reactor().listenTCP(80, ProtocolFactory.of(() -> new Chat("")));
      client.connectTCP("server", 80, ClientFactory.of(() -> new Chat("")));
      network.runUntilIdle();
      server.crash();
      network.runUntilIdle(); // the reset reaches the client, whose end closes
    }

    @ReactorTest
    void aRestartedHostIsCheckedAgain(Network network, @HostNamed("server") Host server) {
      server.reactor().listenTCP(80, ProtocolFactory.of(() -> new Chat("")));
      server.crash().restart();
      server.reactor().listenTCP(81, ProtocolFactory.of(() -> new Chat("")));
    }

    @ReactorTest
    void whatACrashedHostThrewBeforeIsStillReported(Network network,
        @HostNamed("client") MemoryReactor client, @HostNamed("server") Host server) {
      server.reactor().listenTCP(80, ProtocolFactory.of(() -> new Chat("") {
        @Override
        public void dataReceived(ByteBuffer data) {
          throw new IllegalStateException("server bug");
        }
      }));
      client.connectTCP("server", 80, ClientFactory.of(() -> new Chat("boom")));
      network.runUntilIdle();
      server.crash().restart();
      network.runUntilIdle();
    }
  }

  @Test
  void aCrashedHostsStateIsGoneButItsErrorsAreNot() {
    Events events = EngineRuns.tests(Crashes.class);
    events.assertStatistics(s -> s.succeeded(1).failed(2));
    assertThat(failureOf(events, "aRestartedHostIsCheckedAgain").getMessage())
        .contains("left 1 thing behind")
        .containsPattern("LISTENING_PORTS: .*81.*\\(host server/10\\.0\\.0\\.2\\)");
    assertThat(failureOf(events, "whatACrashedHostThrewBeforeIsStillReported").getMessage())
        .contains("left 1 thing behind")
        .contains("CALLBACK_ERRORS")
        .contains("server bug")
        .contains("(host server, its reactor before a crash)");
  }

  // ---- the replay line ---------------------------------------------------------------------

  static class Failures {
    @ReactorTest
    @SimulatedNetwork(seed = 123L, chunking = "oneByte")
    void failsItself(Network network) {
      throw new IllegalStateException("the test's own failure");
    }

    @ReactorTest
    @SimulatedNetwork(seed = -4L)
    void failsAndLeavesAListener(@HostNamed("server") MemoryReactor server) {
      server.listenTCP(80, ProtocolFactory.of(() -> new Chat("")));
      throw new IllegalStateException("failed with a listener left");
    }

    @ReactorTest
    void failsWithoutANetwork(MemoryReactor reactor) {
      throw new IllegalStateException("no network here");
    }
  }

  @Test
  void aFailingTestThatUsedANetworkCarriesOneReplayLine() {
    Events events = EngineRuns.tests(Failures.class);
    events.assertStatistics(s -> s.failed(3));

    Throwable own = failureOf(events, "failsItself");
    assertThat(own).isInstanceOf(IllegalStateException.class);
    List<String> lines = replayLines(own);
    assertThat(lines).containsExactly(
        "Simulated network of this test: seed 123L, Chunking.oneByte(); to replay this run"
            + " exactly: @SimulatedNetwork(seed = 123L, chunking = \"Chunking.oneByte()\")");

    Throwable withListener = failureOf(events, "failsAndLeavesAListener");
    assertThat(withListener).hasMessage("failed with a listener left");
    assertThat(replayLines(withListener)).singleElement().asString()
        .contains("@SimulatedNetwork(seed = -4L, chunking = \"Chunking.coalesced()\")");
    Throwable dirty = Arrays.stream(withListener.getSuppressed())
        .filter(s -> s.getMessage().startsWith("Reactor is dirty"))
        .findFirst().orElseThrow();
    assertThat(replayLines(dirty)).as("the test's own failure carries it once").isEmpty();

    assertThat(replayLines(failureOf(events, "failsWithoutANetwork"))).isEmpty();
  }

  @Test
  void theReplayLinesAnnotationReadsBackAsTheSamePolicy() {
    for (Chunking policy : List.of(Chunking.coalesced(), Chunking.oneByte(), Chunking.fixed(16),
        Chunking.random(-7L), Chunking.random(Long.MAX_VALUE))) {
      assertThat(ChunkingSpec.parse(policy.toString())).isEqualTo(policy);
    }
    assertThat(ChunkingSpec.parse("fixed(2)")).isEqualTo(Chunking.fixed(2));
    assertThat(ChunkingSpec.parse(" coalesced ")).isEqualTo(Chunking.coalesced());
  }

  // ---- misconfiguration --------------------------------------------------------------------

  static class Misdeclared {
    @ReactorTest
    void hostWithoutAName(Host host) {}

    @ReactorTest
    void nameOnAClock(@HostNamed("x") Clock clock) {}

    @ReactorTest
    void nameOnAString(@HostNamed("x") String name) {}

    @ReactorTest
    void twoAddressesForOneHost(
        @HostNamed(value = "db", address = "10.0.0.5") Host a,
        @HostNamed(value = "db", address = "10.0.0.6") Host b) {}

    @ReactorTest
    @SimulatedNetwork(chunking = "Chunking.halves()")
    void unknownChunking(Network network) {}

    @ReactorTest
    @SimulatedNetwork(chunking = "Chunking.fixed(0)")
    void zeroChunks(Network network) {}
  }

  @Test
  void misdeclaredParametersFailWithTheFix() {
    Events events = EngineRuns.tests(Misdeclared.class);
    events.assertStatistics(s -> s.failed(6));
    assertThat(failureOf(events, "hostWithoutAName"))
        .isInstanceOf(ParameterResolutionException.class)
        .hasMessageContaining("is a Host without a name; declare it @HostNamed(\"server\")");
    assertThat(failureOf(events, "nameOnAClock"))
        .hasMessageContaining("(Clock ")
        .hasMessageContaining("only a Host or MemoryReactor takes");
    assertThat(failureOf(events, "nameOnAString"))
        .hasMessageContaining("supplies a named host only as a Host or a MemoryReactor");
    assertThat(failureOf(events, "twoAddressesForOneHost"))
        .hasMessageContaining("asks for host db at 10.0.0.6, but the test's network has it at"
            + " 10.0.0.5");
    assertThat(failureOf(events, "unknownChunking"))
        .hasMessageContaining("\"Chunking.halves()\" (it is none of the forms below)");
    assertThat(failureOf(events, "zeroChunks"))
        .hasMessageContaining("a fixed size must be in 1..");
  }

  static class StaticHostField {
    @HostNamed("server") static Host server;

    @Test
    void never() {}
  }

  @SimulatedNetwork(seed = 3L)
  static class AnnotationBesideABuiltNetwork {
    @InjectReactor Network network = Network.create(4L);

    @Test
    void never() {}
  }

  static class HostFieldWithoutAName {
    @InjectReactor Host server;

    @Test
    void never() {}
  }

  @Test
  void misdeclaredFieldsFailWithTheFix() {
    assertThat(EngineRuns.onlyFailure(StaticHostField.class))
        .isInstanceOf(ExtensionConfigurationException.class)
        .hasMessageContaining("@HostNamed field")
        .hasMessageContaining("StaticHostField.server is static");
    assertThat(EngineRuns.onlyFailure(AnnotationBesideABuiltNetwork.class))
        .isInstanceOf(ExtensionConfigurationException.class)
        .hasMessageContaining("holds a Network the test built, so @SimulatedNetwork would be"
            + " ignored");
    assertThat(EngineRuns.onlyFailure(HostFieldWithoutAName.class))
        .isInstanceOf(ExtensionConfigurationException.class)
        .hasMessageContaining("HostFieldWithoutAName.server is a Host without a name");
  }
}
