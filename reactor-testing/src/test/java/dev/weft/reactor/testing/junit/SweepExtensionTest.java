package dev.weft.reactor.testing.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.reactor.BaseProtocol;
import dev.weft.reactor.ClientFactory;
import dev.weft.reactor.ProtocolFactory;
import dev.weft.reactor.testing.MemoryReactor;
import dev.weft.reactor.testing.net.Chunking;
import dev.weft.reactor.testing.net.Fault;
import dev.weft.reactor.testing.net.FaultPlan;
import dev.weft.reactor.testing.net.Host;
import dev.weft.reactor.testing.net.Network;
import dev.weft.reactor.testing.net.SweepCase;
import dev.weft.reactor.testing.net.SweepChunking;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.EventType;
import org.junit.platform.testkit.engine.Events;

/**
 * Runs small sweeps through the JUnit engine and asserts on their events. The nested classes are
 * static so the normal run does not pick them up.
 */
class SweepExtensionTest {

  static final List<Object> SEEN = new ArrayList<>();

  private static List<String> names(Events events) {
    return events.stream().filter(e -> e.getType() == EventType.FINISHED)
        .map(e -> e.getTestDescriptor().getDisplayName()).toList();
  }

  private static Throwable failureOf(Event event) {
    return event.getPayload(TestExecutionResult.class).orElseThrow().getThrowable().orElseThrow();
  }

  /**
   * Sends 20 bytes from a client to an echo server on {@code network} and fails when one of the
   * server's reads ends right after byte 7.
   */
  static void exchange(Network network) {
    Host server = network.host("server");
    Host client = network.host("client");
    List<Long> readEnds = new ArrayList<>();
    server.reactor().listenTCP(7, ProtocolFactory.of(() -> new BaseProtocol() {
      long received;

      @Override
      public void dataReceived(ByteBuffer data) {
        received += data.remaining();
        readEnds.add(received);
        data.position(data.limit());
      }
    }));
    BaseProtocol sender = new BaseProtocol() {
      @Override
      public void connectionMade() {
        transport().write(new byte[20]);
      }

      @Override
      public void dataReceived(ByteBuffer data) {
        data.position(data.limit());
      }
    };
    client.reactor().connectTCP("server", 7, new ClientFactory() {
      @Override
      public dev.weft.reactor.Protocol buildProtocol(SocketAddress address) {
        return sender;
      }
    });
    network.runUntilIdle();
    if (readEnds.contains(7L)) {
      throw new AssertionError("a read ended after byte 7: " + readEnds);
    }
  }

  static class Passing {
    @Sweep(seeds = 3, firstSeed = 10, chunkings = {SweepChunking.COALESCED, SweepChunking.RANDOM})
    void everyCase(SweepCase sweepCase, Network network) {
      assertThat(network.seed()).isEqualTo(sweepCase.seed());
      SEEN.add(sweepCase);
      exchange(network);
    }
  }

  @Test
  void eachCaseIsOneInvocationNamedByItsReplay() {
    SEEN.clear();
    Events events = EngineRuns.tests(Passing.class);
    assertThat(events.succeeded().count()).isEqualTo(6);
    assertThat(names(events)).containsExactly(
        "SweepCase.of(10L, Chunking.coalesced())", "SweepCase.of(10L, Chunking.random(10L))",
        "SweepCase.of(11L, Chunking.coalesced())", "SweepCase.of(11L, Chunking.random(11L))",
        "SweepCase.of(12L, Chunking.coalesced())", "SweepCase.of(12L, Chunking.random(12L))");
    assertThat(SEEN).extracting(Object::toString).isEqualTo(names(events));
  }

  static class Failing {
    @Sweep(seeds = 3, chunkings = {SweepChunking.COALESCED, SweepChunking.ONE_BYTE})
    void splitsAtByteSeven(Network network) {
      exchange(network);
    }
  }

  @Test
  void theFirstFailureIsShrunkToAReplayAndLaterOnesAreNamed() {
    Events events = EngineRuns.tests(Failing.class);
    assertThat(events.succeeded().count()).isEqualTo(3);
    List<Event> failed = events.failed().list();
    assertThat(failed).hasSize(3);

    Throwable first = failureOf(failed.get(0));
    assertThat(first).isInstanceOf(AssertionError.class)
        .hasMessageStartingWith("sweep case failed: SweepCase.of(1L, Chunking.oneByte())\n")
        .hasMessageContaining("shrunk to a minimal case in ")
        .hasMessageContaining("\n  SweepCase.of(1L, Chunking.cuts(\"1:7\"))\n")
        .hasMessageContaining(
            "@Sweep(replay = \"SweepCase.of(1L, Chunking.cuts(\\\"1:7\\\"))\")")
        .hasMessageContaining("fails with: java.lang.AssertionError: a read ended after byte 7")
        .hasCauseInstanceOf(AssertionError.class);

    Throwable second = failureOf(failed.get(1));
    assertThat(second).hasMessageContaining("SweepCase.of(2L, Chunking.oneByte())")
        .hasMessageContaining("not shrunk: a sweep shrinks its first failure only");
  }

  static class Replaying {
    @Sweep(replay = "SweepCase.of(1L, Chunking.cuts(\"1:7\"))", seeds = 50)
    void splitsAtByteSeven(Network network) {
      exchange(network);
    }
  }

  @Test
  void aReplayRunsJustThatCase() {
    Events events = EngineRuns.tests(Replaying.class);
    assertThat(names(events)).containsExactly("SweepCase.of(1L, Chunking.cuts(\"1:7\"))");
    assertThat(events.failed().count()).isEqualTo(1);
  }

  /** Resets the first link's response after 3 bytes for odd seeds, nothing for even ones. */
  static final class OddSeedsReset implements SweepFaults {
    @Override
    public FaultPlan plan(long seed) {
      return seed % 2 == 0 ? FaultPlan.none()
          : FaultPlan.of(Fault.resetAfter(3).onResponse().onLink(0));
    }
  }

  static class WithFaults {
    @Sweep(seeds = 2, chunkings = SweepChunking.COALESCED, faults = OddSeedsReset.class)
    void sees(SweepCase sweepCase) {
      SEEN.add(sweepCase.faults());
    }
  }

  @Test
  void faultPlansComeFromTheNamedClassAndShowInTheName() {
    SEEN.clear();
    Events events = EngineRuns.tests(WithFaults.class);
    assertThat(names(events)).containsExactly(
        "SweepCase.of(1L, Chunking.coalesced(), FaultPlan.of("
            + "Fault.resetAfter(3).onResponse().onLink(0)))",
        "SweepCase.of(2L, Chunking.coalesced())");
    assertThat(SEEN).containsExactly(
        FaultPlan.of(Fault.resetAfter(3).onResponse().onLink(0)), FaultPlan.none());
  }

  @WithFakeReactor
  static class WithTheReactorExtension {
    @Sweep(seeds = 2, chunkings = SweepChunking.COALESCED)
    void sharesTheClock(Network network, MemoryReactor reactor) {
      assertThat(network.clock()).isSameAs(reactor.clock());
      network.host("leaky").reactor().listenTCP(80, ProtocolFactory.of(() -> null));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void besideAParameterizedTest(int n, MemoryReactor reactor) {
      assertThat(reactor).isNotNull();
    }
  }

  @Test
  void worksWithTheReactorExtensionWhoseCheckCoversTheNetworkHosts() {
    Events events = EngineRuns.tests(WithTheReactorExtension.class);
    assertThat(events.succeeded().count()).as("the parameterized test").isEqualTo(2);
    assertThat(events.failed().count()).isEqualTo(2);
    assertThat(events.failed().stream().map(SweepExtensionTest::failureOf))
        .allSatisfy(t -> assertThat(t).hasMessageContaining("LISTENING_PORTS: listening port 80"));
  }

  static class ReactorTestOnTheMethod {
    @ReactorTest
    @Sweep(seeds = 1)
    void alsoAPlainTest(SweepCase sweepCase) {}
  }

  @Test
  void reactorTestOnASweepMethodFailsTheExtraPlainRunNamingTheFix() {
    Events events = EngineRuns.tests(ReactorTestOnTheMethod.class);
    assertThat(events.succeeded().count()).isEqualTo(1);
    assertThat(failureOf(events.failed().list().get(0)))
        .hasMessageContaining("also ran as a plain test, without a SweepCase")
        .hasMessageContaining("@WithFakeReactor");
  }

  static class BadReplay {
    @Sweep(replay = "SweepCase.of(1L, Chunking.sometimes())")
    void never(SweepCase sweepCase) {}
  }

  static class NoSeeds {
    @Sweep(seeds = 0)
    void never(SweepCase sweepCase) {}
  }

  @Test
  void misconfiguredSweepsFailNamingTheMethodAndValue() {
    Events bad = EngineTestKitRuns.containers(BadReplay.class);
    assertThat(bad).isNotNull();
    Throwable replay = EngineTestKitRuns.containerFailure(BadReplay.class);
    assertThat(replay).isInstanceOf(ExtensionConfigurationException.class)
        .hasMessageContaining("BadReplay.never: replay is not a SweepCase")
        .hasMessageContaining("Chunking.sometimes");
    assertThat(EngineTestKitRuns.containerFailure(NoSeeds.class))
        .isInstanceOf(ExtensionConfigurationException.class)
        .hasMessageContaining("NoSeeds.never: seeds must be at least 1: 0");
  }
}
