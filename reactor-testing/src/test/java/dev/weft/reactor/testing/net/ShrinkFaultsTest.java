package dev.weft.reactor.testing.net;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.reactor.BaseProtocol;
import dev.weft.reactor.ClientFactory;
import dev.weft.reactor.ProtocolFactory;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ShrinkFaultsTest {

  /**
   * The server sends 40 bytes; the run fails when the client got at least the 12-byte header
   * but not the whole body (a client that trusts the header and misses the truncation).
   */
  static final SweepBody TRUNCATED_BODY = sweepCase -> {
    Network network = sweepCase.network();
    Host server = network.host("server");
    Host client = network.host("client");
    server.reactor().listenTCP(80, ProtocolFactory.of(() -> new BaseProtocol() {
      @Override
      public void connectionMade() {
        transport().write(new byte[40]);
      }

      @Override
      public void dataReceived(ByteBuffer data) {
        data.position(data.limit());
      }
    }));
    long[] received = {0};
    client.reactor().connectTCP("server", 80, new ClientFactory() {
      @Override
      public dev.weft.reactor.Protocol buildProtocol(SocketAddress address) {
        return new BaseProtocol() {
          @Override
          public void dataReceived(ByteBuffer data) {
            received[0] += data.remaining();
            data.position(data.limit());
          }
        };
      }
    });
    network.runUntilIdle();
    network.advance(Duration.ofSeconds(1));
    if (received[0] >= 12 && received[0] < 40) {
      throw new AssertionError("body cut after " + received[0] + " of 40 bytes");
    }
  };

  @Test
  void fewerFaultsAndTheEarliestOffsetThatStillFails() {
    FaultPlan plan = FaultPlan.of(
        Fault.closeAfter(3).onRequest().onLink(5),
        Fault.stallAfter(100).onResponse().onLink(0),
        Fault.resetAfter(37).onResponse().onLink(0),
        Fault.lookupFails("nowhere"));
    SweepCase failing = SweepCase.of(4, Chunking.random(4), plan);

    ShrinkResult result = Shrinker.create().shrink(failing, TRUNCATED_BODY);

    assertThat(result.complete()).isTrue();
    assertThat(result.shrunk()).isEqualTo(SweepCase.of(4, Chunking.coalesced(),
        FaultPlan.of(Fault.resetAfter(12).onResponse().onLink(0))));
    assertThat(result.shrunk()).hasToString("SweepCase.of(4L, Chunking.coalesced(),"
        + " FaultPlan.of(Fault.resetAfter(12).onResponse().onLink(0)))");
    assertThat(result.shrunkFailure()).hasMessage("body cut after 12 of 40 bytes");
  }

  @Test
  void aSweepOverSeededPlansFindsShrinksAndReplays() {
    FaultRates rates = FaultRates.builder().connections(1).streamFaults(0.5)
        .actions(StreamFault.Action.RESET).offsets(0, 40).build();
    SweepResult result = SweepRunner.builder().seeds(50).faults(rates).build()
        .run(TRUNCATED_BODY);

    assertThat(result.passed()).isFalse();
    SweepCase shrunk = result.shrink().shrunk();
    assertThat(shrunk.faults().faults()).hasSize(1);
    assertThat(Shrinker.offset(shrunk.faults().faults().get(0))).isEqualTo(12);
    assertThat(SweepCase.parse(shrunk.toString())).isEqualTo(shrunk);
  }

  @Test
  void everyDrawnPlanReplaysFromTheCasePrintedForm() {
    FaultRates rates = FaultRates.builder().connections(3).connectFaults(0.5).streamFaults(0.7)
        .instants(0.2, Duration.ofSeconds(2)).matches(0.2, "\r\n\r\n", "OK")
        .lookupFaults(0.5, "web", "db").build();
    for (long seed = 0; seed < 40; seed++) {
      SweepCase sweepCase = SweepCase.of(seed, Chunking.random(seed),
          FaultPlan.random(seed, rates));
      assertThat(SweepCase.parse(sweepCase.toString())).as(sweepCase.toString())
          .isEqualTo(sweepCase);
    }
  }
}
