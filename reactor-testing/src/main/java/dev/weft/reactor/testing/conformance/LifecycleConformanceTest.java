package dev.weft.reactor.testing.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.reactor.CannotListenException;
import dev.weft.reactor.ConnectCancelledException;
import dev.weft.reactor.Connector;
import dev.weft.reactor.ListeningPort;
import dev.weft.reactor.Protocol;
import dev.weft.reactor.ProtocolFactory;
import dev.weft.reactor.SystemEvent;
import dev.weft.reactor.TriggerPhase;
import dev.weft.reactor.WrongThreadException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * Scenarios about turns, lifecycles and threads, where the fakes once differed from the production
 * reactor: what one turn runs, when the shutdown and a port's {@code doStop} run, what a pending
 * attempt becomes when the reactor stops, what a connector reports as its destination, what a
 * throwing {@code doStart} does, and which thread may call the reactor. Extend it, implement
 * {@link #createDriver()} and {@link #runOnAnotherThread(Runnable)}, as for
 * {@link ErrorHandlingConformanceTest}.
 */
public abstract class LifecycleConformanceTest extends ReactorConformanceTest {
  /** Creates the scenarios; subclasses supply the driver. */
  protected LifecycleConformanceTest() {}

  /**
   * Runs {@code action} on a new thread that is not the reactor's and waits (boundedly) for it to
   * end; what it throws is rethrown. Test code supplies it, since nothing in reactor-testing
   * starts threads.
   *
   * @param action what to run
   */
  protected abstract void runOnAnotherThread(Runnable action);

  // ---------------------------------------------------------------- turns

  @Test
  void workThatRequeuesItselfRunsOncePerTurnByTimerAndByThreadCallAlike() {
    List<String> log = new CopyOnWriteArrayList<>();
    AtomicBoolean done = new AtomicBoolean();
    Runnable[] timer = new Runnable[1];
    Runnable[] threadCall = new Runnable[1];
    timer[0] = () -> {
      if (!done.get()) {
        log.add("timer");
        reactor().callLater(Duration.ZERO, timer[0]);
      }
    };
    threadCall[0] = () -> {
      if (!done.get()) {
        log.add("thread");
        reactor().callFromThread(threadCall[0]);
      }
    };
    driver().onReactor(() -> {
      reactor().callLater(Duration.ZERO, timer[0]);
      reactor().callFromThread(threadCall[0]);
    });

    driver().runUntil(() -> log.size() >= 40, "forty runs");
    driver().onReactor(() -> done.set(true));

    // One of each per turn: neither may run twice in a row, whichever runs first in a turn.
    List<String> seen = List.copyOf(log);
    for (int i = 1; i < seen.size(); i++) {
      assertThat(seen.get(i)).as("run %d of %s", i, seen).isNotEqualTo(seen.get(i - 1));
    }
  }

  // ---------------------------------------------------------------- stop

  @Test
  void stopRunsTheShutdownOnALaterTurnNotInsideStop() {
    List<String> log = new CopyOnWriteArrayList<>();
    AtomicReference<@Nullable Boolean> runningAfterStop = new AtomicReference<>();
    driver().onReactor(() -> {
      reactor().addSystemEventTrigger(
          TriggerPhase.DURING, SystemEvent.SHUTDOWN, () -> log.add("during shutdown"));
      reactor().stop();
      log.add("stop returned");
      runningAfterStop.set(reactor().isRunning());
    });

    driver().close();

    assertThat(log).containsExactly("stop returned", "during shutdown");
    assertThat(runningAfterStop.get()).as("isRunning() right after stop()").isFalse();
  }

  @Test
  void callsFromThreadQueuedOnceTheShutdownEndedAreDroppedNotRun() {
    List<String> log = new CopyOnWriteArrayList<>();
    driver().onReactor(() -> {
      reactor().addSystemEventTrigger(TriggerPhase.AFTER, SystemEvent.SHUTDOWN, () -> {
        log.add("after shutdown");
        reactor().callFromThread(() -> log.add("queued by the last trigger"));
      });
      reactor().stop();
    });

    driver().close();
    reactor().callFromThread(() -> log.add("queued after stop"));
    driver().close();

    assertThat(log).containsExactly("after shutdown");
  }

  @Test
  void stopCancelsPendingConnectionAttempts() {
    InetSocketAddress unanswered = driver().unansweredAddress();
    ScenarioClientFactory client = new ScenarioClientFactory(ScenarioProtocol::recorder);
    driver().onReactor(() -> reactor().connectTCP(
        unanswered.getHostString(), unanswered.getPort(), client, Duration.ofMinutes(5), null));
    driver().runUntil(() -> client.events.contains("startedConnecting"), "the attempt started");
    driver().onReactor(() -> reactor().stop());

    driver().close();

    assertThat(client.failed.get()).isInstanceOf(ConnectCancelledException.class);
    assertThat(client.events).containsExactly("startedConnecting", "failed:ConnectCancelledException");
  }

  // ---------------------------------------------------------------- ports and connectors

  @Test
  void aPortsDoStopRunsOnTheNextTurnAfterStopListening() {
    List<String> log = new CopyOnWriteArrayList<>();
    ProtocolFactory factory = new ProtocolFactory() {
      @Override
      public @Nullable Protocol buildProtocol(SocketAddress peer) {
        return ScenarioProtocol.recorder();
      }

      @Override
      public void doStop() {
        log.add("doStop");
      }
    };
    AtomicBoolean stopped = new AtomicBoolean();
    driver().onReactor(() -> {
      ListeningPort port = reactor().listenTCP(0, factory, 50, driver().loopbackHost());
      port.stopListening().thenRun(() -> stopped.set(true));
      log.add("stopListening returned");
    });

    driver().runUntil(stopped::get, "stopListening's Deferred completed");

    assertThat(log).containsExactly("stopListening returned", "doStop");
  }

  @Test
  void aConnectorsDestinationIsWhatWasAskedForUnresolvedEvenForAnIpLiteral() {
    ScenarioClientFactory client = new ScenarioClientFactory(ScenarioProtocol::recorder);
    // Asked once: the real driver's refusingPort() is a fresh ephemeral port at each call.
    int port = driver().refusingPort();
    InetSocketAddress destination = driver().onReactor(() -> {
      Connector connector = reactor().connectTCP(driver().loopbackHost(), port, client);
      return connector.destination();
    });
    driver().runUntil(client::isFailed, "the attempt was refused");

    assertThat(destination.isUnresolved()).isTrue();
    assertThat(destination.getHostString()).isEqualTo(driver().loopbackHost());
    assertThat(destination.getPort()).isEqualTo(port);
  }

  @Test
  void aThrowingDoStartIsThrownByListenAndConnectAndNothingIsLeftBehind() {
    IllegalStateException broken = new IllegalStateException("doStart failed");
    ProtocolFactory server = new ProtocolFactory() {
      @Override
      public @Nullable Protocol buildProtocol(SocketAddress peer) {
        return ScenarioProtocol.recorder();
      }

      @Override
      public void doStart() {
        throw broken;
      }
    };
    ScenarioClientFactory events = new ScenarioClientFactory(ScenarioProtocol::recorder);
    dev.weft.reactor.ClientFactory client = new dev.weft.reactor.ClientFactory() {
      @Override
      public @Nullable Protocol buildProtocol(SocketAddress peer) {
        return events.buildProtocol(peer);
      }

      @Override
      public void startedConnecting(Connector connector) {
        events.startedConnecting(connector);
      }

      @Override
      public void doStart() {
        throw broken;
      }
    };

    driver().onReactor(() -> {
      assertThatThrownBy(() -> reactor().listenTCP(0, server, 50, driver().loopbackHost()))
          .isInstanceOf(CannotListenException.class)
          .hasCause(broken)
          .hasMessageEndingWith(":0: doStart failed");
      assertThatThrownBy(() -> reactor().connectTCP(
              driver().loopbackHost(), driver().refusingPort(), client))
          .isSameAs(broken);
    });
    driver().passTime(Duration.ofSeconds(1));

    assertThat(events.events).as("no attempt was made").isEmpty();
  }

  // ---------------------------------------------------------------- threads

  @Test
  void aReactorMethodCalledFromAnotherThreadFailsButCallFromThreadWorks() {
    AtomicReference<@Nullable Throwable> thrown = new AtomicReference<>();
    AtomicBoolean handedOver = new AtomicBoolean();
    // Created here, not on first use inside the other thread: a fake's reactor belongs to the
    // thread that first drives it, and that must be this one.
    driver();
    runOnAnotherThread(() -> {
      try {
        reactor().callLater(Duration.ZERO, () -> {});
      } catch (RuntimeException e) {
        thrown.set(e);
      }
      reactor().callFromThread(() -> handedOver.set(true));
    });

    driver().runUntil(handedOver::get, "the call handed over with callFromThread ran");

    assertThat(thrown.get())
        .isInstanceOf(WrongThreadException.class)
        .hasMessageContaining("reactor method called on thread '")
        .hasMessageContaining("but this reactor is owned by '")
        .hasMessageContaining("hand the work over with callFromThread");
  }
}
