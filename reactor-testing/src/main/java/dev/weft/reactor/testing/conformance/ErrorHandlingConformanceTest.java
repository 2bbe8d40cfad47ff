package dev.weft.reactor.testing.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.reactor.BaseProtocolFactory;
import dev.weft.reactor.ClientFactory;
import dev.weft.reactor.ConnectFailedException;
import dev.weft.reactor.ConnectionClosedException;
import dev.weft.reactor.ConnectionEndedException;
import dev.weft.reactor.ConnectionRefusedException;
import dev.weft.reactor.Connector;
import dev.weft.reactor.Deferred;
import dev.weft.reactor.HalfCloseableProtocol;
import dev.weft.reactor.Protocol;
import dev.weft.reactor.ConnectionAbortedException;
import dev.weft.reactor.ConnectionLostException;
import dev.weft.reactor.ListeningPort;
import dev.weft.reactor.ProtocolFactory;
import dev.weft.reactor.Reactor;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Scenarios about bad input and failing callbacks, which every Weft reactor must handle alike:
 * arguments are rejected with the same messages; a protocol callback that throws (even a stack
 * overflow or a failed allocation) costs only its own connection, aborted with the throwable as
 * the cause; a factory or producer callback that throws is reported and the reactor carries on.
 * One scenario per callback: {@code connectionMade} (server and client), {@code dataReceived},
 * {@code writabilityChanged}, {@code readConnectionLost}, {@code writeConnectionLost},
 * {@code connectionLost}, {@code buildProtocol} (server and client), {@code startedConnecting},
 * {@code clientConnectionFailed}, {@code clientConnectionLost}, a producer's
 * {@code pauseProducing}, and a factory's {@code doStop}. A throwing {@code doStart} is a
 * lifecycle scenario. Extend it and implement
 * {@link #createDriver()}, as for {@link ReactorConformanceTest}.
 */
public abstract class ErrorHandlingConformanceTest extends ReactorConformanceTest {
  /** Creates the scenarios; subclasses supply the driver. */
  protected ErrorHandlingConformanceTest() {}

  // ---------------------------------------------------------------- arguments

  @Test
  void badTcpArgumentsAreRejectedWithTheSameMessagesEverywhere() {
    ProtocolFactory server = peer -> null;
    ClientFactory client = ClientFactory.of(() -> null);

    driver().onReactor(
        () -> {
          assertThatThrownBy(() -> reactor().listenTCP(70_000, server))
              .isInstanceOf(IllegalArgumentException.class)
              .hasMessage("port must be in 0..65535: 70000");
          assertThatThrownBy(() -> reactor().listenTCP(0, server, -1, ""))
              .isInstanceOf(IllegalArgumentException.class)
              .hasMessage("backlog must not be negative: -1");
          assertThatThrownBy(() -> reactor().listenTCP(0, server, 50, "999.1.1.1"))
              .isInstanceOf(IllegalArgumentException.class)
              .hasMessage("networkInterface must be an IP literal or ALL_INTERFACES (\"\"): 999.1.1.1");
          assertThatThrownBy(() -> reactor().listenTCP(0, server, 50, "localhost"))
              .isInstanceOf(IllegalArgumentException.class)
              .hasMessage("networkInterface must be an IP literal or ALL_INTERFACES (\"\"): localhost");
          assertThatThrownBy(() -> reactor().connectTCP("h", -1, client))
              .isInstanceOf(IllegalArgumentException.class)
              .hasMessage("port must be in 0..65535: -1");
          assertThatThrownBy(() -> reactor().connectTCP("h", 1, client, Duration.ofSeconds(-1), null))
              .isInstanceOf(IllegalArgumentException.class)
              .hasMessage("timeout must not be negative: PT-1S");
        });
  }

  // ---------------------------------------------------------------- callbacks

  @Test
  void throwingCallbackAbortsOnlyItsOwnConnection() {
    List<ScenarioProtocol> servers = new CopyOnWriteArrayList<>();
    ListeningPort port =
        listen(() -> add(servers, new ScenarioProtocol(true, "boom")));
    ScenarioProtocol doomed = ScenarioProtocol.recorder();
    ScenarioProtocol bystander = ScenarioProtocol.recorder();
    connect(port.host().getPort(), () -> doomed);
    connect(port.host().getPort(), () -> bystander);
    driver().runUntil(
        () -> doomed.isMade() && bystander.isMade() && servers.size() == 2, "both connected");

    driver().onReactor(() -> doomed.link().write(bytes("boom")));
    driver().runUntil(doomed::isLost, "the doomed connection ended");
    driver().onReactor(() -> bystander.link().write(bytes("still there?")));
    driver().runUntil(() -> bystander.received().equals("still there?"), "bystander echoed");

    ScenarioProtocol failedServer =
        servers.stream().filter(ScenarioProtocol::isLost).findFirst().orElseThrow();
    assertThat(failedServer.lost.get())
        .isInstanceOf(ConnectionAbortedException.class)
        .cause()
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("boom");
    assertThat(doomed.lost.get()).isInstanceOf(ConnectionLostException.class);
    assertThat(bystander.isLost()).isFalse();
  }

  @Test
  void aThrowingConnectionMadeAbortsItsConnectionAndThePeerSeesAReset() {
    List<ScenarioProtocol> servers = new CopyOnWriteArrayList<>();
    ListeningPort port = listen(() -> add(servers, new Thrower("connectionMade")));
    ScenarioProtocol client = ScenarioProtocol.recorder();
    connect(port.host().getPort(), () -> client);

    driver().runUntil(() -> servers.size() == 1 && servers.get(0).isLost() && client.isLost(),
        "both sides ended");

    assertAbortedBy(servers.get(0), "connectionMade");
    assertThat(client.lost.get()).isInstanceOf(ConnectionLostException.class);
    assertReportedAndStillServing(port, "connectionMade");
  }

  @Test
  void aThrowingClientConnectionMadeAbortsItAndItsFactoryHearsTheSameReason() {
    List<ScenarioProtocol> servers = new CopyOnWriteArrayList<>();
    ListeningPort port = listen(() -> add(servers, ScenarioProtocol.recorder()));
    Thrower client = new Thrower("connectionMade");
    ScenarioClientFactory factory = connect(port.host().getPort(), () -> client);

    driver().runUntil(() -> client.isLost() && factory.lost.get() != null
        && servers.size() == 1 && servers.get(0).isLost(), "both sides ended");

    assertAbortedBy(client, "connectionMade");
    assertThat(factory.lost.get()).isSameAs(client.lost.get());
    assertThat(servers.get(0).lost.get()).isInstanceOf(ConnectionLostException.class);
    assertReportedAndStillServing(port, "connectionMade");
  }

  @Test
  void aThrowingWritabilityChangedAbortsItsConnection() {
    ScenarioProtocol server = ScenarioProtocol.recorder();
    Thrower client = new Thrower("writabilityChanged");
    connectPair(server, client, () -> server.isMade() && client.isMade());

    driver().onReactor(() -> {
      server.link().pauseProducing();
      // More than any socket buffer takes at once: the rest stays pending, above the high mark.
      client.link().write(new byte[16 * 1024 * 1024]);
    });
    driver().runUntil(client::isLost, "the client ended");
    driver().onReactor(() -> server.link().resumeProducing());
    driver().runUntil(server::isLost, "the server saw the reset");

    assertAbortedBy(client, "writabilityChanged");
    assertThat(server.lost.get()).isInstanceOf(ConnectionLostException.class);
  }

  @Test
  void aThrowingReadConnectionLostAbortsItsConnection() {
    List<ScenarioProtocol> servers = new CopyOnWriteArrayList<>();
    ListeningPort port = listen(() -> add(servers, new Thrower("readConnectionLost")));
    HalfCloseScenarioProtocol client = new HalfCloseScenarioProtocol(null);
    connect(port.host().getPort(), () -> client);
    driver().runUntil(() -> client.isMade() && servers.size() == 1, "connected");

    driver().onReactor(() -> client.link().loseWriteConnection());
    driver().runUntil(() -> servers.get(0).isLost() && client.isLost(), "both sides ended");

    assertAbortedBy(servers.get(0), "readConnectionLost");
    assertThat(client.lost.get()).isInstanceOf(ConnectionLostException.class);
    assertReportedAndStillServing(port, "readConnectionLost");
  }

  @Test
  void aThrowingWriteConnectionLostAbortsItsConnection() {
    List<ScenarioProtocol> servers = new CopyOnWriteArrayList<>();
    ListeningPort port = listen(() -> add(servers, new HalfCloseScenarioProtocol(null)));
    Thrower client = new Thrower("writeConnectionLost");
    connect(port.host().getPort(), () -> client);
    driver().runUntil(() -> client.isMade() && servers.size() == 1, "connected");

    driver().onReactor(() -> client.link().loseWriteConnection());
    driver().runUntil(client::isLost, "the client ended");

    assertAbortedBy(client, "writeConnectionLost");
    // The server is not asked about: it read the end of the stream and stopped reading, and
    // nio hears of the reset only when it reads or writes again, which this server never does.
  }

  @Test
  void aThrowingConnectionLostIsReportedAndTheFactoryStillHearsTheEnd() {
    List<ScenarioProtocol> servers = new CopyOnWriteArrayList<>();
    ListeningPort port = listen(() -> add(servers, ScenarioProtocol.recorder()));
    Thrower client = new Thrower("connectionLost");
    ScenarioClientFactory factory = connect(port.host().getPort(), () -> client);
    driver().runUntil(() -> client.isMade() && servers.size() == 1, "connected");

    driver().onReactor(() -> client.link().loseConnection());
    driver().runUntil(() -> factory.lost.get() != null && servers.get(0).isLost(), "both sides ended");

    assertThat(client.lost.get()).isInstanceOf(ConnectionClosedException.class);
    assertThat(factory.lost.get()).isSameAs(client.lost.get());
    assertThat(client.events).filteredOn(e -> e.startsWith("lost:")).hasSize(1);
    assertThat(servers.get(0).lost.get()).isInstanceOf(ConnectionClosedException.class);
    assertReportedAndStillServing(port, "connectionLost");
  }

  @Test
  void aThrowingServerBuildProtocolClosesThatConnectionAndTheServerCarriesOn() {
    AtomicInteger built = new AtomicInteger();
    ListeningPort port = listen(() -> {
      if (built.getAndIncrement() == 0) {
        throw new IllegalStateException(BOOM + " in buildProtocol");
      }
      return ScenarioProtocol.echoer();
    });
    ScenarioProtocol client = ScenarioProtocol.recorder();
    connect(port.host().getPort(), () -> client);

    driver().runUntil(client::isLost, "the client saw the connection end");

    assertThat(client.lost.get()).isInstanceOf(ConnectionClosedException.class);
    assertReportedAndStillServing(port, "buildProtocol");
  }

  @Test
  void aThrowingClientBuildProtocolFailsTheAttemptWithThatCause() {
    ListeningPort port = listen(ScenarioProtocol::recorder);
    ScenarioClientFactory factory = new ScenarioClientFactory(() -> {
      throw new IllegalStateException(BOOM + " in buildProtocol");
    });
    driver().onReactor(
        () -> reactor().connectTCP(driver().loopbackHost(), port.host().getPort(), factory));

    driver().runUntil(factory::isFailed, "the attempt failed");

    assertThat(factory.events).containsExactly("startedConnecting", "buildProtocol",
        "failed:ConnectFailedException");
    assertThat(factory.failed.get()).hasRootCauseInstanceOf(IllegalStateException.class)
        .hasRootCauseMessage(BOOM + " in buildProtocol");
    assertReportedAndStillServing(port, "buildProtocol");
  }

  @Test
  void aThrowingStartedConnectingIsReportedAndTheAttemptGoesOn() {
    ListeningPort port = listen(ScenarioProtocol::echoer);
    ScenarioProtocol client = ScenarioProtocol.recorder();
    ScenarioClientFactory factory = new ThrowingClientFactory("startedConnecting", () -> client);
    driver().onReactor(
        () -> reactor().connectTCP(driver().loopbackHost(), port.host().getPort(), factory));

    driver().runUntil(client::isMade, "connected anyway");

    assertThat(factory.events).containsExactly("startedConnecting", "buildProtocol");
    assertReportedAndStillServing(port, "startedConnecting");
  }

  @Test
  void aThrowingClientConnectionFailedIsReportedAndTheReactorCarriesOn() {
    ListeningPort port = listen(ScenarioProtocol::echoer);
    ScenarioClientFactory factory =
        new ThrowingClientFactory("clientConnectionFailed", ScenarioProtocol::recorder);
    driver().onReactor(
        () -> reactor().connectTCP(driver().loopbackHost(), driver().refusingPort(), factory));

    driver().runUntil(factory::isFailed, "the attempt failed");

    assertThat(factory.failed.get()).isInstanceOf(ConnectionRefusedException.class);
    assertReportedAndStillServing(port, "clientConnectionFailed");
  }

  @Test
  void aThrowingClientConnectionLostIsReportedAndTheReactorCarriesOn() {
    ListeningPort port = listen(ScenarioProtocol::echoer);
    ScenarioProtocol client = ScenarioProtocol.recorder();
    ScenarioClientFactory factory =
        new ThrowingClientFactory("clientConnectionLost", () -> client);
    driver().onReactor(
        () -> reactor().connectTCP(driver().loopbackHost(), port.host().getPort(), factory));
    driver().runUntil(client::isMade, "connected");

    driver().onReactor(() -> client.link().loseConnection());
    driver().runUntil(() -> factory.lost.get() != null, "the factory heard the end");

    assertThat(factory.lost.get()).isInstanceOf(ConnectionClosedException.class);
    assertReportedAndStillServing(port, "clientConnectionLost");
  }

  @Test
  void aThrowingPauseProducingAbortsTheConnectionItFeeds() {
    ScenarioProtocol server = ScenarioProtocol.recorder();
    ScenarioProtocol client = ScenarioProtocol.recorder();
    connectPair(server, client, () -> server.isMade() && client.isMade());
    dev.weft.reactor.PushProducer producer = new dev.weft.reactor.PushProducer() {
      @Override
      public void pauseProducing() {
        throw new IllegalStateException(BOOM + " in pauseProducing");
      }

      @Override
      public void resumeProducing() {}

      @Override
      public void stopProducing() {}
    };

    driver().onReactor(() -> {
      server.link().pauseProducing();
      client.link().registerProducer(producer, true);
      client.link().write(new byte[16 * 1024 * 1024]);
    });
    driver().runUntil(client::isLost, "the client ended");
    driver().onReactor(() -> server.link().resumeProducing());
    driver().runUntil(server::isLost, "the server saw the reset");

    assertThat(client.lost.get()).isInstanceOf(ConnectionAbortedException.class)
        .hasRootCauseMessage(BOOM + " in pauseProducing");
    assertThat(server.lost.get()).isInstanceOf(ConnectionLostException.class);
    assertThat(driver().reportedErrors()).anySatisfy(e -> assertThat(e)
        .hasMessage(BOOM + " in pauseProducing"));
  }

  @Test
  void aThrowingDoStopIsReportedAndThePortStillStops() {
    ListeningPort port = driver().onReactor(() -> reactor().listenTCP(0, new BaseProtocolFactory() {
      @Override
      public Protocol buildProtocol(java.net.SocketAddress peer) {
        return ScenarioProtocol.recorder();
      }

      @Override
      protected void stopFactory() {
        throw new IllegalStateException(BOOM + " in doStop");
      }
    }, 50, driver().loopbackHost()));
    int number = port.host().getPort();

    Deferred<Void> stopped = driver().onReactor(port::stopListening);
    driver().runUntil(stopped::isDone, "the port stopped");
    ScenarioClientFactory factory = connect(number, ScenarioProtocol::recorder);
    driver().runUntil(factory::isFailed, "the attempt failed");

    assertThat(factory.failed.get()).isInstanceOf(ConnectionRefusedException.class);
    assertThat(driver().reportedErrors()).anySatisfy(e -> assertThat(e)
        .hasMessage(BOOM + " in doStop"));
  }

  @Test
  void stackOverflowAndOutOfMemoryInDataReceivedAbortOnlyTheirOwnConnections() {
    List<ScenarioProtocol> servers = new CopyOnWriteArrayList<>();
    ListeningPort port =
        driver().onReactor(
            () -> reactor().listenTCP(
                0, peer -> add(servers, new Unlucky()), 50, driver().loopbackHost()));
    ScenarioProtocol overflowing = ScenarioProtocol.recorder();
    ScenarioProtocol allocating = ScenarioProtocol.recorder();
    ScenarioProtocol bystander = ScenarioProtocol.recorder();
    for (ScenarioProtocol client : List.of(overflowing, allocating, bystander)) {
      driver().onReactor(
          () -> reactor().connectTCP(
              driver().loopbackHost(), port.host().getPort(), ClientFactory.of(() -> client)));
    }
    driver().runUntil(
        () -> overflowing.isMade() && allocating.isMade() && bystander.isMade() && servers.size() == 3,
        "three connected");

    driver().onReactor(() -> overflowing.link().write(bytes(Unlucky.OVERFLOW)));
    driver().onReactor(() -> allocating.link().write(bytes(Unlucky.ALLOCATE)));
    driver().runUntil(
        () -> overflowing.isLost() && allocating.isLost(), "both unlucky connections ended");
    driver().onReactor(() -> bystander.link().write(bytes("still there?")));
    driver().runUntil(() -> bystander.received().equals("still there?"), "bystander echoed");
    ScenarioProtocol latecomer = ScenarioProtocol.recorder();
    driver().onReactor(
        () -> reactor().connectTCP(
            driver().loopbackHost(), port.host().getPort(), ClientFactory.of(() -> latecomer)));
    driver().runUntil(latecomer::isMade, "a new connection accepted afterwards");

    assertThat(servers)
        .filteredOn(ScenarioProtocol::isLost)
        .extracting(s -> s.lost.get())
        .allSatisfy(reason -> assertThat(reason).isInstanceOf(ConnectionAbortedException.class))
        .extracting(reason -> (Object) reason.getCause().getClass())
        .containsExactlyInAnyOrder(StackOverflowError.class, OutOfMemoryError.class);
    assertThat(overflowing.lost.get()).isInstanceOf(ConnectionLostException.class);
    assertThat(allocating.lost.get()).isInstanceOf(ConnectionLostException.class);
    assertThat(bystander.isLost()).isFalse();
    assertThat(driver().onReactor(reactor()::isRunning)).isTrue();
  }

  private static final String BOOM = "scenario callback told to throw";

  private static void assertAbortedBy(ScenarioProtocol protocol, String callback) {
    assertThat(protocol.lost.get()).isInstanceOf(ConnectionAbortedException.class)
        .hasRootCauseInstanceOf(IllegalStateException.class)
        .hasRootCauseMessage(BOOM + " in " + callback);
  }

  /**
   * Checks that the reactor reported what {@code callback} threw, and that a new connection to
   * {@code port} is still accepted and echoed or at least made.
   */
  private void assertReportedAndStillServing(ListeningPort port, String callback) {
    assertThat(driver().reportedErrors()).as("what the reactor reported")
        .anySatisfy(e -> assertThat(e).hasMessage(BOOM + " in " + callback));
    ScenarioProtocol latecomer = ScenarioProtocol.recorder();
    connect(port.host().getPort(), () -> latecomer);
    driver().runUntil(latecomer::isMade, "a new connection accepted afterwards");
    assertThat(driver().onReactor(reactor()::isRunning)).isTrue();
  }

  /** A recording protocol that throws from one named callback, after recording it. */
  private static final class Thrower extends ScenarioProtocol implements HalfCloseableProtocol {
    private final String callback;

    Thrower(String callback) {
      super(false, null);
      this.callback = callback;
    }

    private void maybeThrow(String name) {
      if (name.equals(callback)) {
        throw new IllegalStateException(BOOM + " in " + name);
      }
    }

    @Override
    public void connectionMade() {
      super.connectionMade();
      maybeThrow("connectionMade");
    }

    @Override
    public void writabilityChanged(boolean writable) {
      super.writabilityChanged(writable);
      maybeThrow("writabilityChanged");
    }

    @Override
    public void readConnectionLost() {
      events.add("readConnectionLost");
      maybeThrow("readConnectionLost");
    }

    @Override
    public void writeConnectionLost() {
      events.add("writeConnectionLost");
      maybeThrow("writeConnectionLost");
    }

    @Override
    public void connectionLost(ConnectionEndedException reason) {
      super.connectionLost(reason);
      maybeThrow("connectionLost");
    }
  }

  /** A recording client factory that throws from one named callback, after recording it. */
  private static final class ThrowingClientFactory extends ScenarioClientFactory {
    private final String callback;

    ThrowingClientFactory(String callback, Supplier<? extends Protocol> protocols) {
      super(protocols);
      this.callback = callback;
    }

    private void maybeThrow(String name) {
      if (name.equals(callback)) {
        throw new IllegalStateException(BOOM + " in " + name);
      }
    }

    @Override
    public void startedConnecting(Connector connector) {
      super.startedConnecting(connector);
      maybeThrow("startedConnecting");
    }

    @Override
    public void clientConnectionFailed(Connector connector, ConnectFailedException reason) {
      super.clientConnectionFailed(connector, reason);
      maybeThrow("clientConnectionFailed");
    }

    @Override
    public void clientConnectionLost(Connector connector, ConnectionEndedException reason) {
      super.clientConnectionLost(connector, reason);
      maybeThrow("clientConnectionLost");
    }
  }

  /** An echoing server protocol that overflows the stack or over-allocates on a trigger word. */
  private static final class Unlucky extends ScenarioProtocol {
    static final String OVERFLOW = "recurse forever";
    static final String ALLOCATE = "allocate everything";
    private final StringBuilder seen = new StringBuilder();
    private long depth;

    Unlucky() {
      super(true, null);
    }

    @Override
    public void dataReceived(ByteBuffer data) {
      // The trigger words may arrive cut over several reads: look at everything received.
      seen.append(StandardCharsets.UTF_8.decode(data.duplicate()));
      String text = seen.toString();
      if (text.contains(OVERFLOW)) {
        seen.setLength(0);
        recurse();
      } else if (text.contains(ALLOCATE)) {
        seen.setLength(0);
        // A length taken from the wire: the JVM refuses it before touching the heap.
        long[] huge = new long[Integer.MAX_VALUE];
        depth = huge.length;
      }
      super.dataReceived(data);
    }

    private void recurse() {
      depth++;
      recurse();
    }
  }

}
