package dev.weft.samples.explore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.weft.reactor.Deferred;
import dev.weft.reactor.ListeningPort;
import dev.weft.reactor.testing.junit.Sweep;
import dev.weft.reactor.testing.junit.SweepFaults;
import dev.weft.reactor.testing.net.Chunking;
import dev.weft.reactor.testing.net.Fault;
import dev.weft.reactor.testing.net.FaultPlan;
import dev.weft.reactor.testing.net.FaultRates;
import dev.weft.reactor.testing.net.Host;
import dev.weft.reactor.testing.net.Network;
import dev.weft.reactor.testing.net.StreamFault;
import dev.weft.reactor.testing.net.SweepCase;
import dev.weft.reactor.testing.net.SweepResult;
import dev.weft.reactor.testing.net.SweepRunner;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.Events;

/**
 * What only exploration finds: the naive ledger passes every fixed script
 * ({@link TransferClientTest}), a sweep over seeded fault plans breaks it at seed 37 and shrinks
 * that to one reset, and the deduplicating ledger passes the same sweep.
 */
class LedgerSweepTest {
  /** Resets and closes, either way, on the first three connections, after 0 to 20 bytes. */
  static final FaultRates BREAKS = FaultRates.builder()
      .connections(3).streamFaults(0.3)
      .actions(StreamFault.Action.RESET, StreamFault.Action.CLOSE)
      .offsets(0, 20)
      .build();

  /**
   * Runs one transfer on {@code network} against {@code ledger} and checks what a ledger must
   * guarantee: the transfer is applied at most once, and once if the client was told it was.
   *
   * @return the client's outcome
   */
  static Deferred<Long> transferOnce(Network network, LedgerServer ledger) {
    Host bank = network.host("bank");
    Host shop = network.host("shop");
    ListeningPort port = bank.reactor().listenTCP(7000, ledger);
    Deferred<Long> outcome = TransferClient.transfer(shop.reactor(), "bank", 7000, "t-1", 5, 3);
    network.runUntilIdle();
    port.stopListening();
    network.runUntilIdle();

    assertThat(outcome).isDone();
    assertThat(ledger.applied()).as("times the transfer was applied").isLessThanOrEqualTo(1);
    if (!outcome.isCompletedExceptionally()) {
      assertThat(ledger.applied()).as("times the transfer was applied").isEqualTo(1);
      assertThat(outcome.join()).isEqualTo(5);
    }
    return outcome;
  }

  /** The seeded fault plans of every sweep here: resets and closes, either way. */
  static final class Breaks implements SweepFaults {
    @Override
    public FaultPlan plan(long seed) {
      return FaultPlan.random(seed, BREAKS);
    }
  }

  /** The case a sweep of the naive ledger fails first, as the sweep names it. */
  static final String FIRST_FAILURE = "SweepCase.of(37L, Chunking.random(37L), FaultPlan.of("
      + "Fault.resetAfter(5).onResponse().onLink(0), Fault.closeAfter(18).onRequest().onLink(1)))";

  /** What the shrinker makes of it: one reset, after the first byte of the answer. */
  static final SweepCase SHRUNK = SweepCase.of(37, Chunking.coalesced(),
      FaultPlan.of(Fault.resetAfter(1).onResponse().onLink(0)));

  // The sweep of the fixed protocol runs in the build like any test.
  @Sweep(seeds = 100, faults = Breaks.class)
  void theDeduplicatingLedgerAppliesEachTransferOnce(Network network) {
    transferOnce(network, LedgerServer.deduplicating());
  }

  /** The same sweep of the naive ledger; run through the engine below, as it fails. */
  static class NaiveLedger {
    @Sweep(seeds = 100, faults = Breaks.class)
    void theNaiveLedgerAppliesEachTransferOnce(Network network) {
      transferOnce(network, LedgerServer.naive());
    }
  }

  @Test
  void theSweepFindsTheDoubleTransferAndPrintsTheShrunkReplay() {
    Events tests = EngineTestKit.engine("junit-jupiter")
        .selectors(selectClass(NaiveLedger.class)).execute().testEvents();
    List<Event> failed = tests.failed().list();

    assertThat(failed).isNotEmpty();
    assertThat(failed.get(0).getTestDescriptor().getDisplayName()).isEqualTo(FIRST_FAILURE);
    Throwable first = failed.get(0).getPayload(TestExecutionResult.class).orElseThrow()
        .getThrowable().orElseThrow();
    assertThat(first)
        .hasMessageStartingWith("sweep case failed: " + FIRST_FAILURE + "\n")
        .hasMessageContaining("shrunk to a minimal case in ")
        .hasMessageContaining("\n  " + SHRUNK + "\n")
        .hasMessageContaining(SHRUNK.replayAnnotation())
        .hasMessageContaining("[times the transfer was applied]");
    assertThat(tests.succeeded().count() + failed.size()).isEqualTo(100);
  }

  @Test
  void theSweepEngineFindsTheSameCaseWithoutJUnit() {
    SweepResult result = SweepRunner.builder().seeds(100).faults(BREAKS).build()
        .run(sweepCase -> transferOnce(sweepCase.network(), LedgerServer.naive()));

    assertThat(result.casesRun()).isEqualTo(37);
    assertThat(result.failingCase()).hasToString(FIRST_FAILURE);
    assertThat(result.shrink().shrunk()).isEqualTo(SHRUNK);
    assertThat(result.shrink().complete()).isTrue();
  }

  @Test
  void theShrunkCaseReplaysFromItsTextAndOnlyTheFixedLedgerPassesIt() {
    SweepCase replay = SweepCase.parse(
        "SweepCase.of(37L, Chunking.coalesced(),"
            + " FaultPlan.of(Fault.resetAfter(1).onResponse().onLink(0)))");
    assertThat(replay).isEqualTo(SHRUNK);

    LedgerServer naive = LedgerServer.naive();
    try {
      transferOnce(replay.network(), naive);
    } catch (AssertionError expected) {
      // Checked below: the ledger applied the transfer twice.
    }
    assertThat(naive.applied()).isEqualTo(2);
    assertThat(naive.balance()).isEqualTo(10);

    LedgerServer fixed = LedgerServer.deduplicating();
    assertThat(transferOnce(replay.network(), fixed).join()).isEqualTo(5);
    assertThat(fixed.applied()).isEqualTo(1);
  }

  @Sweep(replay = "SweepCase.of(37L, Chunking.coalesced(),"
      + " FaultPlan.of(Fault.resetAfter(1).onResponse().onLink(0)))")
  void theFixedLedgerPassesTheShrunkCase(Network network) {
    transferOnce(network, LedgerServer.deduplicating());
  }
}
