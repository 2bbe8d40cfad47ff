package dev.weft.samples.reconnect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.reactor.Deferred;
import dev.weft.reactor.ProtocolFactory;
import dev.weft.reactor.endpoints.ClientService.State;
import dev.weft.reactor.endpoints.ClientService.StateChange;
import dev.weft.reactor.endpoints.ExponentialBackoff;
import dev.weft.reactor.protocols.LineReceiver;
import dev.weft.reactor.testing.net.Fault;
import dev.weft.reactor.testing.net.FaultPlan;
import dev.weft.reactor.testing.net.FaultRates;
import dev.weft.reactor.testing.net.Host;
import dev.weft.reactor.testing.net.Network;
import dev.weft.reactor.testing.net.StreamFault;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The reconnecting client on a simulated network under a seeded fault plan: refused and
 * unanswered attempts, connections reset or closed mid-reply. Whatever the plan does, every wait
 * between attempts is the retry policy's delay for the failures so far, on the Clock to the
 * nanosecond, and once the plan's faults are spent the client is connected and answered.
 */
class ReconnectingLineClientFaultTest {
  static final long SEED = 8;

  static final FaultRates RATES = FaultRates.builder()
      .connections(6)
      .connectFaults(0.5)
      .streamFaults(0.7)
      .actions(StreamFault.Action.RESET, StreamFault.Action.CLOSE)
      .offsets(0, 40)
      .build();

  /** Answers each line with "echo " and the line. */
  static final class EchoLines extends LineReceiver {
    @Override
    protected void lineReceived(byte[] line) {
      sendLine(("echo " + new String(line, StandardCharsets.UTF_8))
          .getBytes(StandardCharsets.UTF_8));
    }
  }

  /** One state change and the fake instant it happened at. */
  record Change(Duration at, StateChange change) {}

  private final List<Change> changes = new ArrayList<>();
  private final List<Deferred<String>> requests = new ArrayList<>();

  private void run(FaultPlan plan) {
    Network network = Network.builder().seed(SEED).latency(Duration.ofMillis(5)).build();
    plan.applyTo(network);
    Host feed = network.host("feed");
    Host app = network.host("app");
    feed.reactor().listenTCP(4000, ProtocolFactory.of(EchoLines::new));
    ReconnectingLineClient client = ReconnectingLineClient.start(app.reactor(), "feed", 4000,
        Duration.ofSeconds(5), ExponentialBackoff.builder().random(new Random(7)).build());
    client.service().addListener(c -> changes.add(new Change(network.clock().elapsed(), c)));
    for (int i = 0; i < 180; i++) {
      requests.add(client.request("ping " + i));
      network.advance(Duration.ofSeconds(1));
    }
    client.close();
    network.runUntilIdle();
  }

  @Test
  void everyWaitIsThePolicysDelayOnTheClockAndTheClientEndsUpAnswered() {
    FaultPlan plan = FaultPlan.random(SEED, RATES);
    run(plan);

    ExponentialBackoff twin = ExponentialBackoff.builder().random(new Random(7)).build();
    int waits = 0;
    for (int i = 0; i < changes.size(); i++) {
      StateChange c = changes.get(i).change();
      if (c.to() != State.WAITING) {
        continue;
      }
      waits++;
      assertThat(c.retryDelay()).as("wait %d of %s", waits, plan)
          .isEqualTo(twin.delay(c.failedAttempts()));
      Change next = changes.get(i + 1);
      assertThat(next.change().to()).isEqualTo(State.CONNECTING);
      assertThat(next.at()).as("the attempt after wait %d", waits)
          .isEqualTo(changes.get(i).at().plus(c.retryDelay()));
    }
    assertThat(waits).as("the plan made the client wait").isGreaterThanOrEqualTo(3);
    Deferred<String> last = requests.get(requests.size() - 1);
    assertThat(last.join()).isEqualTo("echo ping 179");
  }

  /** What {@code FaultPlan.random(SEED, RATES).toJava()} printed, pasted. */
  static FaultPlan pasted() {
    return FaultPlan.of(
        Fault.neverAnswer().onAttempt(4),
        Fault.closeAfter(17).onResponse().onLink(0),
        Fault.closeAfter(2).onRequest().onLink(1),
        Fault.resetAfter(0).onResponse().onLink(2),
        Fault.resetAfter(3).onResponse().onLink(3),
        Fault.closeAfter(34).onResponse().onLink(4),
        Fault.resetAfter(17).onResponse().onLink(5));
  }

  @Test
  void thePastedPlanIsTheDrawnOneAndReplaysTheSameSchedule() {
    FaultPlan drawn = FaultPlan.random(SEED, RATES);
    assertThat(pasted().toJava()).isEqualTo(drawn.toJava());
    run(drawn);
    List<String> fromSeed = describe();
    changes.clear();
    requests.clear();
    run(pasted());
    assertThat(describe()).isEqualTo(fromSeed);
  }

  @Test
  void thePlanAndTheScheduleItCausesAreTheSameEveryRun() {
    FaultPlan plan = FaultPlan.random(SEED, RATES);
    run(plan);
    List<String> first = describe();
    changes.clear();
    requests.clear();
    run(plan);
    assertThat(describe()).isEqualTo(first);
    // Link 0 closes 4 bytes into the second reply; attempt 4 (after link 3) is never answered,
    // so the client waits out its 30 s connect timeout before its next wait.
    assertThat(first).containsExactly(
        "PT0.01S CONNECTED after 0 failures",
        "PT1.01S WAITING after 1 failures, wait PT2.230699042S",
        "PT3.240699042S CONNECTING after 1 failures",
        "PT3.250699042S CONNECTED after 0 failures",
        "PT3.250699042S WAITING after 1 failures, wait PT2.249169603S",
        "PT5.499868645S CONNECTING after 1 failures",
        "PT5.509868645S CONNECTED after 0 failures",
        "PT5.514868645S WAITING after 1 failures, wait PT1.848309703S",
        "PT7.363178348S CONNECTING after 1 failures",
        "PT7.373178348S CONNECTED after 0 failures",
        "PT7.383178348S WAITING after 1 failures, wait PT2.397277143S",
        "PT9.780455491S CONNECTING after 1 failures",
        "PT39.780455491S WAITING after 2 failures, wait PT2.958177158S",
        "PT42.738632649S CONNECTING after 2 failures",
        "PT42.748632649S CONNECTED after 0 failures",
        "PT42.758632649S WAITING after 1 failures, wait PT1.851914778S",
        "PT44.610547427S CONNECTING after 1 failures",
        "PT44.620547427S CONNECTED after 0 failures",
        "PT44.630547427S WAITING after 1 failures, wait PT1.620736051S",
        "PT46.251283478S CONNECTING after 1 failures",
        "PT46.261283478S CONNECTED after 0 failures",
        "PT3M STOPPING after 0 failures",
        "PT3M STOPPED after 0 failures");
  }

  private List<String> describe() {
    List<String> out = new ArrayList<>();
    for (Change c : changes) {
      out.add(c.at() + " " + c.change().to() + " after " + c.change().failedAttempts()
          + " failures" + (c.change().retryDelay() != null ? ", wait " + c.change().retryDelay()
          : ""));
    }
    return out;
  }
}
