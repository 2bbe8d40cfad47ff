package dev.weft.reactor.testing.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.reactor.ClientFactory;
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
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Scenarios about bad input and failing callbacks, which every Weft reactor must handle alike:
 * arguments are rejected with the same messages, and a callback that overflows the stack or
 * fails to allocate memory costs only its own connection. Extend it and implement
 * {@link #createDriver()}, as for {@link ReactorConformanceTest}.
 */
public abstract class ErrorHandlingConformanceTest {
  private @Nullable ReactorDriver driver;

  /** Creates the scenarios; subclasses supply the driver. */
  protected ErrorHandlingConformanceTest() {}

  /**
   * Creates the driver for one scenario, with a fresh reactor.
   *
   * @return a new driver; the scenario closes it
   */
  protected abstract ReactorDriver createDriver();

  @BeforeEach
  final void createDriverForScenario() {
    driver = createDriver();
  }

  @AfterEach
  final void closeDriverAfterScenario() {
    ReactorDriver d = driver;
    driver = null;
    if (d != null) {
      d.close();
    }
  }

  private ReactorDriver driver() {
    ReactorDriver d = driver;
    if (d == null) {
      throw new IllegalStateException("no driver: scenarios run between @BeforeEach and @AfterEach");
    }
    return d;
  }

  private Reactor reactor() {
    return driver().reactor();
  }

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

  /** An echoing server protocol that overflows the stack or over-allocates on a trigger word. */
  private static final class Unlucky extends ScenarioProtocol {
    static final String OVERFLOW = "recurse forever";
    static final String ALLOCATE = "allocate everything";
    private long depth;

    Unlucky() {
      super(true, null);
    }

    @Override
    public void dataReceived(ByteBuffer data) {
      String text = StandardCharsets.UTF_8.decode(data.duplicate()).toString();
      if (text.contains(OVERFLOW)) {
        recurse();
      } else if (text.contains(ALLOCATE)) {
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

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static <T> T add(List<? super T> list, T item) {
    list.add(item);
    return item;
  }
}
