package dev.weft.samples.explore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.reactor.BaseProtocol;
import dev.weft.reactor.Transport;
import dev.weft.reactor.testing.MemoryConnection;
import dev.weft.reactor.testing.MemoryListeningPort;
import dev.weft.reactor.testing.MemoryReactor;
import dev.weft.reactor.testing.Pump;
import dev.weft.reactor.testing.RecordingTransport;
import dev.weft.reactor.testing.junit.InjectReactor;
import dev.weft.reactor.testing.junit.WithFakeReactor;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** What a hostile or careless client can do to the ledger, one connection at a time. */
@WithFakeReactor
class LedgerServerTest {
  @InjectReactor MemoryReactor reactor;

  private MemoryConnection connect(LedgerServer ledger) {
    MemoryListeningPort port = (MemoryListeningPort) reactor.listenTCP(7000, ledger);
    MemoryConnection client = port.accept();
    port.stopListening();
    return client;
  }

  private static String ask(MemoryConnection client, String request) {
    client.receive(request + "\r\n");
    return client.takeWrittenText();
  }

  @Test
  void aBalanceThatWouldOverflowIsAnsweredWithAnErrorAndLeftAsItWas() {
    LedgerServer ledger = LedgerServer.deduplicating();
    MemoryConnection client = connect(ledger);

    assertThat(ask(client, "ADD a " + Long.MAX_VALUE)).isEqualTo("OK " + Long.MAX_VALUE + "\r\n");
    assertThat(ask(client, "ADD b 1")).isEqualTo("ERR the balance must stay in "
        + Long.MIN_VALUE + ".." + Long.MAX_VALUE + ": " + Long.MAX_VALUE + " + 1\r\n");
    assertThat(ledger.balance()).isEqualTo(Long.MAX_VALUE);
    assertThat(ledger.applied()).isEqualTo(1);

    // The refused request was not remembered: once it fits, it is applied.
    assertThat(ask(client, "ADD c -1")).isEqualTo("OK " + (Long.MAX_VALUE - 1) + "\r\n");
    assertThat(ask(client, "ADD b 1")).isEqualTo("OK " + Long.MAX_VALUE + "\r\n");
    assertThat(ask(client, "ADD d " + Long.MIN_VALUE)).isEqualTo("OK -1\r\n");
    assertThat(ask(client, "ADD e " + Long.MIN_VALUE)).startsWith("ERR ");
    assertThat(ledger.balance()).isEqualTo(-1);
    client.close();
  }

  @Test
  void aRepeatIsAnsweredFromMemoryUntilLaterIdsPushItOut() {
    LedgerServer ledger = LedgerServer.deduplicating(2);
    MemoryConnection client = connect(ledger);

    assertThat(ask(client, "ADD a 1")).isEqualTo("OK 1\r\n");
    assertThat(ask(client, "ADD b 2")).isEqualTo("OK 3\r\n");
    assertThat(ask(client, "ADD a 1")).as("a repeat, remembered").isEqualTo("OK 1\r\n");
    assertThat(ask(client, "ADD c 4")).isEqualTo("OK 7\r\n");
    assertThat(ask(client, "ADD b 2")).as("a repeat, remembered").isEqualTo("OK 3\r\n");
    assertThat(ask(client, "ADD a 1")).as("forgotten: b and c were applied after it")
        .isEqualTo("OK 8\r\n");
    assertThat(ledger.applied()).isEqualTo(4);
    assertThatThrownBy(() -> LedgerServer.deduplicating(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("rememberedIds must be at least 1: 0");
    client.close();
  }

  @Test
  void aClientSendingNewIdsForeverIsRememberedUpToTheDefaultBound() {
    LedgerServer ledger = LedgerServer.deduplicating();
    MemoryConnection client = connect(ledger);
    for (int i = 0; i <= LedgerServer.DEFAULT_REMEMBERED_IDS; i++) {
      ask(client, "ADD id-" + i + " 1");
    }

    int last = LedgerServer.DEFAULT_REMEMBERED_IDS;
    assertThat(ask(client, "ADD id-" + last + " 1")).as("the latest id is remembered")
        .isEqualTo("OK " + (last + 1) + "\r\n");
    assertThat(ask(client, "ADD id-1 1")).as("the oldest ones still remembered")
        .isEqualTo("OK 2\r\n");
    assertThat(ask(client, "ADD id-0 1")).as("the first id was forgotten, so applied again")
        .isEqualTo("OK " + (last + 2) + "\r\n");
    client.close();
  }

  /** A client that sends many requests at once and counts the answers' line ends. */
  static final class Pipeliner extends BaseProtocol {
    final int requests;
    long answers;

    Pipeliner(int requests) {
      this.requests = requests;
    }

    @Override
    public void connectionMade() {
      StringBuilder all = new StringBuilder();
      for (int i = 0; i < requests; i++) {
        all.append("ADD r").append(i).append(" 1\r\n");
      }
      transport().write(all.toString().getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void dataReceived(ByteBuffer data) {
      while (data.hasRemaining()) {
        if (data.get() == '\n') {
          answers++;
        }
      }
    }

    Transport t() {
      return transport();
    }
  }

  @Test
  void aClientThatDoesNotReadItsAnswersIsPausedAndTheLedgerHoldsLittle() {
    int requests = 100_000;
    LedgerServer ledger = LedgerServer.naive();
    Pipeliner client = new Pipeliner(requests);
    Pump pump = Pump.connect(ledger, peer -> client);
    client.t().pauseProducing();

    pump.flush();

    RecordingTransport ledgerSide = pump.server().transport();
    assertThat(ledgerSide.isReadingPaused()).as("the ledger stopped reading").isTrue();
    assertThat(ledgerSide.pendingBytes()).as("answers the ledger holds: its mark and one more")
        .isGreaterThan(ledgerSide.highWaterMark())
        .isLessThanOrEqualTo(ledgerSide.highWaterMark() + 32);
    assertThat(ledger.applied()).isLessThan(requests);

    client.t().resumeProducing();
    pump.flush();

    assertThat(client.answers).isEqualTo(requests);
    assertThat(ledger.balance()).isEqualTo(requests);
    assertThat(ledgerSide.isReadingPaused()).isFalse();
  }
}
