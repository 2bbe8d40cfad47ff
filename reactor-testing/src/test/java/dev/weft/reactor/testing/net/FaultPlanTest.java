package dev.weft.reactor.testing.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.reactor.BaseProtocol;
import dev.weft.reactor.CannotListenException;
import dev.weft.reactor.ClientFactory;
import dev.weft.reactor.ConnectFailedException;
import dev.weft.reactor.ConnectionEndedException;
import dev.weft.reactor.Connector;
import dev.weft.reactor.Protocol;
import dev.weft.reactor.ProtocolFactory;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Plans drawn from a seed are concrete, repeatable, and print as code that replays them. */
class FaultPlanTest {
  static final FaultRates RATES = FaultRates.builder()
      .connections(3)
      .connectFaults(0.3)
      .streamFaults(0.8)
      .matches(0.3, "\r\n\r\n")
      .instants(0.2, Duration.ofMillis(50))
      .actions(StreamFault.Action.RESET, StreamFault.Action.CLOSE, StreamFault.Action.HALF_CLOSE,
          StreamFault.Action.STALL, StreamFault.Action.DELAY)
      .lookupFaults(0.5, "web")
      .build();

  @Test
  void theSameSeedDrawsTheSamePlan() {
    Set<String> distinct = new HashSet<>();
    for (long seed = 0; seed < 50; seed++) {
      FaultPlan once = FaultPlan.random(seed, RATES);
      FaultPlan again = FaultPlan.random(seed, RATES);
      assertThat(again).isEqualTo(once);
      assertThat(again.toJava()).isEqualTo(once.toJava());
      distinct.add(once.toJava());
    }
    assertThat(distinct).hasSizeGreaterThan(40);
  }

  @Test
  void aDrawnPlanPrintsAsLiteralFaultValues() {
    assertThat(FaultPlan.random(3, RATES).toJava()).isEqualTo("""
        FaultPlan.of(
            Fault.refuse().onAttempt(0),
            Fault.failConnect(new ConnectFailedException("Network is unreachable (fault plan)"))\
        .onAttempt(2),
            Fault.stall(Trigger.at(Duration.ofMillis(3))).onRequest().onLink(0),
            Fault.delayChunks(Duration.ofMillis(90), Trigger.at(Duration.ofMillis(47)))\
        .onRequest().onLink(1),
            Fault.halfCloseAfter(29).onResponse().onLink(2))""");
    assertThat(FaultPlan.none().toJava()).isEqualTo("FaultPlan.none()");
    assertThat(FaultPlan.random(3, RATES)).hasToString(FaultPlan.random(3, RATES).toJava());
  }

  /** The plan of seed 3 above, pasted into the test as it printed. */
  static FaultPlan pastedSeed3() {
    return FaultPlan.of(
        Fault.refuse().onAttempt(0),
        Fault.failConnect(new ConnectFailedException("Network is unreachable (fault plan)"))
            .onAttempt(2),
        Fault.stall(Trigger.at(Duration.ofMillis(3))).onRequest().onLink(0),
        Fault.delayChunks(Duration.ofMillis(90), Trigger.at(Duration.ofMillis(47)))
            .onRequest().onLink(1),
        Fault.halfCloseAfter(29).onResponse().onLink(2));
  }

  @Test
  void thePastedLiteralReplaysTheDrawnPlan() {
    for (long seed : new long[] {0, 1, 2, 3, 4, 5}) {
      FaultPlan drawn = FaultPlan.random(seed, RATES);
      assertThat(run(drawn)).isEqualTo(run(drawn)); // deterministic
    }
    FaultPlan drawn = FaultPlan.random(3, RATES);
    FaultPlan pasted = pastedSeed3();
    assertThat(pasted.toJava()).isEqualTo(drawn.toJava());
    List<String> replay = run(pasted);
    assertThat(replay).isEqualTo(run(drawn));
    // Attempt 0 refused; link 0 (attempt 1) stalled from the start, its instant long past;
    // attempt 2 failed; link 1 (attempt 3) delayed but complete.
    assertThat(replay).containsExactly(
        "0 bytes, failed ConnectionRefusedException at PT10S",
        "0 bytes, open at PT20S",
        "0 bytes, failed ConnectFailedException at PT30S",
        "100 bytes, open at PT40S");
    assertThat(run(FaultPlan.none())).allMatch(line -> line.startsWith("100 bytes, open"));
  }

  /**
   * Four clients connect one after another; each sends 100 bytes and the server echoes them.
   * Returns what each client saw, with the fake time, as text.
   */
  private static List<String> run(FaultPlan plan) {
    Network network = Network.builder().seed(9).latency(Duration.ofMillis(2)).build();
    plan.applyTo(network);
    Host web = network.host("web");
    Host app = network.host("app");
    web.reactor().listenTCP(80, ProtocolFactory.of(Echo::new));
    List<String> seen = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      Client client = new Client();
      app.reactor().connectTCP("web", 80, client, Duration.ofSeconds(5), null);
      network.advance(Duration.ofSeconds(10));
      seen.add(client.report() + " at " + network.clock().elapsed());
    }
    return seen;
  }

  static final class Echo extends BaseProtocol {
    @Override
    public void dataReceived(ByteBuffer data) {
      byte[] b = new byte[data.remaining()];
      data.get(b);
      transport().write(b);
    }
  }

  static final class Client extends BaseProtocol implements ClientFactory {
    int received;
    String end = "open";

    @Override
    public Protocol buildProtocol(SocketAddress address) {
      return this;
    }

    @Override
    public void clientConnectionFailed(Connector connector, ConnectFailedException reason) {
      end = "failed " + reason.getClass().getSimpleName();
    }

    @Override
    public void connectionMade() {
      transport().write(new byte[100]);
    }

    @Override
    public void dataReceived(ByteBuffer data) {
      received += data.remaining();
    }

    @Override
    public void connectionLost(ConnectionEndedException reason) {
      end = "lost " + reason.getClass().getSimpleName();
    }

    String report() {
      return received + " bytes, " + end;
    }
  }

  @Test
  void everyFaultPrintsTheExpressionThatMakesIt() {
    assertThat(List.of(
        Fault.refuse(), Fault.neverAnswer(),
        Fault.failConnect(new ConnectFailedException("down")),
        Fault.throwFromConnect(new IllegalStateException("no")),
        Fault.throwFromListen(new CannotListenException("in use")),
        Fault.resetAfter(17).onResponse(), Fault.resetAfter("\r\n\r\n").onRequest(),
        Fault.closeAfter(0), Fault.halfCloseAfter("x\"\u00e9"), Fault.stallAfter(5),
        Fault.reset(Trigger.at(Duration.ofNanos(1500))), Fault.stall(Trigger.at(Duration.ofSeconds(2))),
        Fault.delayChunks(Duration.ofMillis(3)),
        Fault.lookupFails("web"), Fault.lookupDelayed("web", Duration.ofMillis(20)),
        Fault.resetAfter(1).onHost("web"), Fault.refuse().onAttempt(3),
        Fault.closeAfter(2).onRequest().onLink(4)))
        .extracting(Object::toString)
        .containsExactly(
            "Fault.refuse()", "Fault.neverAnswer()",
            "Fault.failConnect(new ConnectFailedException(\"down\"))",
            "Fault.throwFromConnect(new IllegalStateException(\"no\"))",
            "Fault.throwFromListen(new CannotListenException(\"in use\"))",
            "Fault.resetAfter(17).onResponse()", "Fault.resetAfter(\"\\r\\n\\r\\n\").onRequest()",
            "Fault.closeAfter(0).onResponse()",
            "Fault.halfCloseAfter(\"x\\\"\\u00e9\").onResponse()",
            "Fault.stallAfter(5).onResponse()",
            "Fault.reset(Trigger.at(Duration.ofNanos(1500L))).onResponse()",
            "Fault.stall(Trigger.at(Duration.ofSeconds(2))).onResponse()",
            "Fault.delayChunks(Duration.ofMillis(3)).onResponse()",
            "Fault.lookupFails(\"web\")", "Fault.lookupDelayed(\"web\", Duration.ofMillis(20))",
            "Fault.resetAfter(1).onResponse().onHost(\"web\")", "Fault.refuse().onAttempt(3)",
            "Fault.closeAfter(2).onRequest().onLink(4)");
    // And the printed forms, pasted, make equal values.
    assertThat(Fault.halfCloseAfter("x\"\u00e9").onResponse())
        .isEqualTo(Fault.halfCloseAfter("x\"\u00e9"));
    assertThat(Fault.reset(Trigger.at(Duration.ofNanos(1500L))).onResponse())
        .isEqualTo(Fault.reset(Trigger.at(Duration.ofNanos(1500))));
  }

  @Test
  void withoutLeavesOneFaultOut() {
    FaultPlan plan = pastedSeed3();
    assertThat(plan.without(0).faults()).isEqualTo(plan.faults().subList(1, 5));
    assertThat(plan.without(0).without(0).without(0).without(0).without(0).isEmpty()).isTrue();
  }

  @Test
  void shrinkKeepsOnlyTheFaultsTheFailureNeeds() {
    // "Fails" when the first attempt is refused and the second link is delayed: the other
    // faults of the plan are noise a shrink removes.
    FaultPlan noisy = FaultPlan.of(
        Fault.closeAfter(3).onLink(0),
        Fault.refuse().onAttempt(0),
        Fault.lookupFails("web"),
        Fault.delayChunks(Duration.ofMillis(5)).onLink(1),
        Fault.resetAfter(9).onRequest().onLink(2));
    List<FaultPlan> tried = new ArrayList<>();
    FaultPlan small = noisy.shrink(plan -> {
      tried.add(plan);
      return plan.faults().contains(Fault.refuse().onAttempt(0))
          && plan.faults().contains(Fault.delayChunks(Duration.ofMillis(5)).onLink(1));
    });

    assertThat(small).isEqualTo(FaultPlan.of(
        Fault.refuse().onAttempt(0),
        Fault.delayChunks(Duration.ofMillis(5)).onLink(1)));
    assertThat(tried).hasSizeLessThanOrEqualTo(5 * 6 / 2);
    assertThat(noisy.shrink(plan -> false)).isEqualTo(noisy);
  }

  @Test
  void aByteStringTriggerFindsItsMatchFarIntoALongStream() {
    Network network = Network.builder().seed(2).build();
    network.inject(Fault.resetAfter("END").onResponse());
    Host web = network.host("web");
    Host app = network.host("app");
    web.reactor().listenTCP(80, ProtocolFactory.of(() -> new BaseProtocol() {
      @Override
      public void connectionMade() {
        for (int i = 0; i < 100; i++) {
          transport().write(new byte[1000]);
        }
        transport().write("ENDafter".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      }

      @Override
      public void dataReceived(ByteBuffer data) {}
    }));
    Client client = new Client();
    app.reactor().connectTCP("web", 80, client);
    network.runUntilIdle();

    assertThat(client.received).isEqualTo(100 * 1000 + 3);
    assertThat(client.end).isEqualTo("lost ConnectionLostException");
  }

  @Test
  void badArgumentsAreRejectedWithTheirValue() {
    assertThatThrownBy(() -> FaultRates.builder().streamFaults(1.5).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessage("streamRate must be in 0..1: 1.5");
    assertThatThrownBy(() -> FaultRates.builder().offsets(5, 2).build())
        .hasMessage("offsets must satisfy 0 <= min <= max: 5..2");
    assertThatThrownBy(() -> Fault.resetAfter(-1)).hasMessage("bytes must not be negative: -1");
    assertThatThrownBy(() -> Fault.resetAfter("")).hasMessage("bytes to match must not be empty");
    assertThatThrownBy(() -> Fault.resetAfter("\u20ac"))
        .hasMessageContaining("one byte per char");
    assertThatThrownBy(() -> Fault.refuse().onLink(0)).hasMessageContaining("stream fault");
    assertThatThrownBy(() -> Fault.lookupFails("x").onAttempt(0))
        .hasMessageContaining("connect or stream fault");
    assertThatThrownBy(() -> Fault.refuse().onAttempt(0).onHost("x"))
        .hasMessageContaining("already scoped");
    assertThatThrownBy(() -> Fault.delayChunks(Duration.ZERO))
        .hasMessage("delay must be positive for a DELAY fault: PT0S");
  }
}
