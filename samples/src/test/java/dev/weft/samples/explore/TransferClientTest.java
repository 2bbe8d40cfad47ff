package dev.weft.samples.explore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.reactor.ConnectionLostException;
import dev.weft.reactor.Deferred;
import dev.weft.reactor.testing.MemoryListeningPort;
import dev.weft.reactor.testing.MemoryReactor;
import dev.weft.reactor.testing.junit.InjectReactor;
import dev.weft.reactor.testing.junit.ReactorTest;
import dev.weft.reactor.testing.junit.WithFakeReactor;
import dev.weft.reactor.testing.net.Fault;
import dev.weft.reactor.testing.net.FaultPlan;
import dev.weft.reactor.testing.net.Network;
import dev.weft.reactor.testing.net.ScriptedPeer;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The tests a careful author writes for the naive ledger, one fixed script at a time. Every one
 * passes: the bug needs a break at a place none of them picked (see {@link LedgerSweepTest}).
 */
@WithFakeReactor
class TransferClientTest {
  @InjectReactor MemoryReactor reactor;

  @Test
  void aTransferIsAppliedOnceAndAnswersTheBalance() {
    LedgerServer ledger = LedgerServer.naive();
    Deferred<Long> outcome = LedgerSweepTest.transferOnce(Network.create(1), ledger);
    assertThat(outcome.join()).isEqualTo(5);
    assertThat(ledger.balance()).isEqualTo(5);
  }

  @Test
  void aRefusedFirstAttemptIsRetried() {
    Network network = Network.create(1);
    FaultPlan.of(Fault.refuse().onAttempt(0)).applyTo(network);
    LedgerServer ledger = LedgerServer.naive();
    assertThat(LedgerSweepTest.transferOnce(network, ledger).join()).isEqualTo(5);
    assertThat(ledger.applied()).isEqualTo(1);
  }

  @Test
  void aResetBeforeTheRequestArrivesIsRetried() {
    Network network = Network.create(1);
    FaultPlan.of(Fault.resetAfter(4).onRequest().onLink(0)).applyTo(network);
    LedgerServer ledger = LedgerServer.naive();
    assertThat(LedgerSweepTest.transferOnce(network, ledger).join()).isEqualTo(5);
    assertThat(ledger.applied()).isEqualTo(1);
  }

  @Test
  void threeBrokenConnectionsFailTheTransfer() {
    Network network = Network.create(1);
    FaultPlan.of(Fault.resetAfter(0).onRequest().onLink(0),
        Fault.resetAfter(0).onRequest().onLink(1),
        Fault.resetAfter(0).onRequest().onLink(2)).applyTo(network);
    LedgerServer ledger = LedgerServer.naive();
    Deferred<Long> outcome = LedgerSweepTest.transferOnce(network, ledger);
    assertThatThrownBy(outcome::join).hasCauseInstanceOf(ConnectionLostException.class);
    assertThat(ledger.applied()).isZero();
  }

  @ReactorTest
  void againstAScriptThatHangsUpBeforeAnsweringTheClientRetriesAndGetsTheAnswer() {
    // The script is the server: it reads the request and hangs up; the second connection answers.
    ScriptedPeer hangsUp = ScriptedPeer.on(reactor).named("ledger, first connection")
        .expectLine("ADD t-1 5").reset().build();
    ScriptedPeer answers = ScriptedPeer.on(reactor).named("ledger, second connection")
        .expectLine("ADD t-1 5").send("OK 5\r\n").expectEnd().build();

    Deferred<Long> outcome = TransferClient.transfer(reactor, "10.0.0.9", 7000, "t-1", 5, 3);
    hangsUp.answer(reactor.lastClientAttempt()).flush();
    reactor.advance(TransferClient.RETRY_DELAY);
    answers.answer(reactor.lastClientAttempt()).flush();

    assertThat(outcome.join()).isEqualTo(5);
    hangsUp.verify();
    answers.verify();
  }

  @ReactorTest
  void onARecordedAttemptTheBalanceComesBackAndBadArgumentsFailFast() {
    MemoryListeningPort port = (MemoryListeningPort) reactor.listenTCP(7000, LedgerServer.naive());
    Deferred<Long> outcome = TransferClient.transfer(reactor, "10.0.0.9", 7000, "t-1", 5, 3);
    reactor.lastClientAttempt().connectTo(port).flush();
    port.stopListening();
    reactor.advance(Duration.ofSeconds(1));
    assertThat(outcome.join()).isEqualTo(5);
    assertThatThrownBy(() -> TransferClient.transfer(reactor, "h", 1, "two words", 5, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("requestId must be one word: \"two words\"");
    assertThatThrownBy(() -> TransferClient.transfer(reactor, "h", 1, "t", 5, 0))
        .hasMessage("attempts must be at least 1: 0");
  }
}
