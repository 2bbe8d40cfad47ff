package dev.weft.reactor.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.reactor.ClientFactory;
import dev.weft.reactor.Connector;
import dev.weft.reactor.Deferred;
import dev.weft.reactor.Protocol;
import dev.weft.reactor.ProtocolFactory;
import dev.weft.reactor.ReactorDeferreds;
import dev.weft.reactor.endpoints.TcpClientEndpoint;
import java.time.Duration;
import java.util.List;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

/** Dirty-reactor reports name each leftover in the words of the code the test author wrote. */
class LeftoversTest {
  private final MemoryReactor reactor = new MemoryReactor();

  private String report() {
    List<Leftover> leftovers = Leftovers.of(reactor);
    return Leftovers.failure(leftovers, false).getMessage();
  }

  @Test
  void theClocksCheckCoversEveryReactorOnItAndNamesEach() {
    MemoryReactor other = new MemoryReactor(reactor.clock());
    other.listenTCP(8080, ProtocolFactory.of(RecordingProtocol::new));
    reactor.callLater(Duration.ofSeconds(1), () -> {});

    List<Leftover> leftovers = Leftovers.of(reactor.clock());

    assertThat(leftovers).extracting(Leftover::kind)
        .containsExactly(Leftover.Kind.PENDING_CALLS, Leftover.Kind.LISTENING_PORTS);
    assertThat(leftovers.get(1).description()).endsWith("(reactor 2 of 2 on the Clock)");
    assertThat(Leftovers.of(reactor)).as("the reactor's own check").hasSize(1);
  }

  @Test
  void aDelayedCallIsNamedByTheLineThatScheduledItNotByItsLambdaClass() {
    int line = nextLine();
    reactor.callLater(Duration.ofSeconds(30), () -> {});

    assertThat(report())
        .contains("  - PENDING_CALLS: delayed call due at 1970-01-01T00:00:30Z: scheduled at "
            + getClass().getName()
            + ".aDelayedCallIsNamedByTheLineThatScheduledItNotByItsLambdaClass(LeftoversTest.java:"
            + line + ")")
        .doesNotContain("$$Lambda");
  }

  @Test
  void aTimerWeftSchedulesForTheUserIsNamedByTheUsersLineNotByWeftsCode() {
    Deferred<Void> never = new Deferred<>();
    int line = nextLine();
    never.withTimeout(Duration.ofSeconds(5), reactor.clock());
    int delayLine = nextLine();
    ReactorDeferreds.delay(reactor, Duration.ofSeconds(7));

    assertThat(reactor.pendingCalls())
        .extracting(PendingCall::scheduledAt)
        .extracting(StackTraceElement::getClassName, StackTraceElement::getLineNumber)
        .containsExactly(
            Tuple.tuple(getClass().getName(), line),
            Tuple.tuple(getClass().getName(), delayLine));
    assertThat(report()).doesNotContain("Deferred").doesNotContain("$$Lambda");
  }

  @Test
  void aPendingConnectionAttemptIsNamedByHostPortAndState() {
    int line = nextLine();
    reactor.connectTCP("example.com", 80, ClientFactory.of(() -> null));

    assertThat(report())
        .contains("PENDING_CALLS: delayed call due at 1970-01-01T00:00:30Z: connect timeout of"
            + " connection attempt 1 to example.com:80 (pending), scheduled at "
            + getClass().getName() + ".aPendingConnectionAttemptIsNamedByHostPortAndState"
            + "(LeftoversTest.java:" + line + ")");
  }

  @Test
  void aRetriedAttemptIsNamedByTheLineThatRetriedIt() {
    Connector connector = reactor.connectTCP("example.com", 80, ClientFactory.of(() -> null));
    reactor.lastClientAttempt().refuse();
    int line = nextLine();
    connector.connect();

    assertThat(report())
        .contains("connect timeout of connection attempt 2 to example.com:80 (pending), scheduled"
            + " at " + getClass().getName() + ".aRetriedAttemptIsNamedByTheLineThatRetriedIt"
            + "(LeftoversTest.java:" + line + ")");
  }

  @Test
  void anAttemptMadeThroughAnEndpointIsNamedByTheUsersLine() {
    TcpClientEndpoint endpoint = new TcpClientEndpoint(reactor, "example.com", 80);
    int line = nextLine();
    Deferred<Protocol> connecting = endpoint.connect(ProtocolFactory.of(RecordingProtocol::new));

    assertThat(connecting).isNotDone();
    assertThat(report())
        .contains("connect timeout of connection attempt 1 to example.com:80 (pending), scheduled"
            + " at " + getClass().getName()
            + ".anAttemptMadeThroughAnEndpointIsNamedByTheUsersLine(LeftoversTest.java:" + line
            + ")");
  }

  @Test
  void aListeningPortIsNamedByPortAndAddress() {
    reactor.listenTCP(8080, ProtocolFactory.of(() -> null));

    assertThat(report()).contains("  - LISTENING_PORTS: listening port 8080 on 0.0.0.0");
  }

  @Test
  void withoutCallSitesALambdaIsNamedByTheClassItWasWrittenIn() {
    reactor.clock().captureCallSites(false);
    reactor.callLater(Duration.ofSeconds(1), () -> {});
    reactor.callLater(Duration.ofSeconds(2), new Runnable() {
      @Override
      public void run() {}

      @Override
      public String toString() {
        return "the nightly report";
      }
    });

    assertThat(reactor.pendingCalls()).allSatisfy(c -> assertThat(c.scheduledAt()).isNull());
    assertThat(report())
        .contains("delayed call due at 1970-01-01T00:00:01Z: a lambda in " + getClass().getName())
        .contains("delayed call due at 1970-01-01T00:00:02Z: the nightly report")
        .doesNotContain("scheduled at");
  }

  @Test
  void queuedThreadWorkIsNamedByTheLineThatQueuedIt() {
    int line = nextLine();
    reactor.callFromThread(() -> {});
    int poolLine = nextLine();
    reactor.callInThread(() -> {});

    assertThat(report())
        .contains("  - QUEUED_THREAD_WORK: callFromThread: scheduled at " + getClass().getName()
            + ".queuedThreadWorkIsNamedByTheLineThatQueuedIt(LeftoversTest.java:" + line + ")")
        .contains("  - QUEUED_THREAD_WORK: thread pool: callInThread scheduled at "
            + getClass().getName()
            + ".queuedThreadWorkIsNamedByTheLineThatQueuedIt(LeftoversTest.java:" + poolLine + ")")
        .doesNotContain("$$Lambda");
  }

  @Test
  void theHintSaysHowToSeeWholeStacks() {
    reactor.callLater(Duration.ofSeconds(1), () -> {});

    assertThat(report()).contains("@WithFakeReactor(captureCreationSites = true)");
  }

  /** The number of the line after the caller's. */
  private static int nextLine() {
    return 1 + StackWalker.getInstance().walk(s -> s.skip(1).findFirst()).orElseThrow()
        .getLineNumber();
  }
}
