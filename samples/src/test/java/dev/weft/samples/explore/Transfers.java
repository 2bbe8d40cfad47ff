package dev.weft.samples.explore;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.reactor.Deferred;
import dev.weft.reactor.ListeningPort;
import dev.weft.reactor.testing.net.FaultRates;
import dev.weft.reactor.testing.net.Host;
import dev.weft.reactor.testing.net.Network;
import dev.weft.reactor.testing.net.StreamFault;

/** The scenario every explore test runs: one transfer of 5 from "shop" to "bank". */
final class Transfers {
  /** Resets and closes, either way, on the first three connections, after 0 to 20 bytes. */
  static final FaultRates BREAKS = FaultRates.builder()
      .connections(3).streamFaults(0.3)
      .actions(StreamFault.Action.RESET, StreamFault.Action.CLOSE)
      .offsets(0, 20)
      .build();

  private Transfers() {}

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
}
