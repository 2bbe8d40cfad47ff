package dev.weft.reactor.testing.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.reactor.ListeningPort;
import dev.weft.reactor.Protocol;
import dev.weft.reactor.Reactor;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;

/**
 * The base of every conformance scenario class: one fresh {@link ReactorDriver} per scenario,
 * created when the scenario first asks for it and closed after it, and the small helpers the
 * scenarios share. Each topic of the suite is a subclass (connecting, closing, half-close, data
 * transfer, flow control, resolution, time, threads, system events, shutdown, error handling,
 * Deferreds, TLS); to run a topic against a reactor, extend its class and implement
 * {@link #createDriver()}. The package comment lists the topics and says where a new scenario
 * goes.
 *
 * <p>Scenarios act on the reactor only inside {@link ReactorDriver#onReactor}, wait only with
 * {@link ReactorDriver#runUntil} and {@link ReactorDriver#passTime}, and read what callbacks
 * recorded in thread-safe structures; none sleeps.
 *
 * <p>Twisted: the {@code ReactorBuilder} test mix-ins that run {@code twisted.internet.test}
 * against every reactor; Netty: {@code AbstractSocketTest} of its testsuite.
 */
public abstract class ReactorConformanceTest {
  /** The size of the bulk transfers, unless a driver's suite asks for less: 64 MiB. */
  public static final long BULK_BYTES = 64L * 1024 * 1024;

  private @Nullable ReactorDriver driver;

  /** Creates the scenarios; subclasses supply the driver. */
  protected ReactorConformanceTest() {}

  /**
   * Creates the driver for one scenario, with a fresh reactor.
   *
   * @return a new driver; the scenario closes it
   */
  protected abstract ReactorDriver createDriver();

  /**
   * Returns how many bytes the bulk-transfer scenarios move: {@link #BULK_BYTES} unless
   * overridden. A fake that delivers one byte per read overrides it with less, because its cost
   * is one callback per byte and the point of that policy (framing) shows at any size.
   *
   * @return a positive byte count
   */
  protected long bulkBytes() {
    return BULK_BYTES;
  }

  @AfterEach
  final void closeDriverAfterScenario() {
    closeDriver();
  }

  /**
   * Closes the current scenario's driver now, if it has one; for a topic whose own clean-up must
   * come after the reactor is gone (JUnit runs a subclass's {@code @AfterEach} first).
   */
  final void closeDriver() {
    ReactorDriver d = driver;
    driver = null;
    if (d != null) {
      d.close();
    }
  }

  /**
   * Returns the current scenario's driver, creating it with {@link #createDriver()} on first use.
   *
   * @return the driver, never {@code null}
   */
  protected final ReactorDriver driver() {
    ReactorDriver d = driver;
    if (d == null) {
      d = createDriver();
      driver = d;
    }
    return d;
  }

  /**
   * Makes {@code created} the current scenario's driver, for topics whose drivers take settings.
   *
   * @param created the driver; closed after the scenario
   * @return {@code created}
   * @throws IllegalStateException if the scenario already has a driver
   */
  final ReactorDriver useDriver(ReactorDriver created) {
    if (driver != null) {
      created.close();
      throw new IllegalStateException(
          "the scenario already has a driver; choose its settings before the first driver() call");
    }
    driver = created;
    return created;
  }

  /** The reactor under test, for use inside {@link ReactorDriver#onReactor}. */
  final Reactor reactor() {
    return driver().reactor();
  }

  /** Listens on an ephemeral loopback port; every connection gets {@code protocols.get()}. */
  final ListeningPort listen(Supplier<? extends @Nullable Protocol> protocols) {
    return driver().onReactor(
        () -> reactor().listenTCP(0, peer -> protocols.get(), 50, driver().loopbackHost()));
  }

  /** Connects to a loopback port; the connection gets {@code protocols.get()}. */
  final ScenarioClientFactory connect(int port, Supplier<? extends @Nullable Protocol> protocols) {
    ScenarioClientFactory factory = new ScenarioClientFactory(protocols);
    driver().onReactor(() -> reactor().connectTCP(driver().loopbackHost(), port, factory));
    return factory;
  }

  /**
   * Connects {@code client} to a new server whose one connection is {@code server}, and waits
   * until both are connected.
   */
  final ScenarioClientFactory connectPair(Protocol server, Protocol client, Supplier<Boolean> bothMade) {
    List<Protocol> accepted = new java.util.concurrent.CopyOnWriteArrayList<>();
    ListeningPort port = listen(() -> add(accepted, server));
    ScenarioClientFactory factory = connect(port.host().getPort(), () -> client);
    driver().runUntil(() -> accepted.size() == 1 && bothMade.get(), "connected");
    return factory;
  }

  /**
   * Waits until {@code server} has received all {@code total} bytes {@code client} produces, then
   * checks they arrived intact (order, CRC-32), that the reader paused itself every
   * {@link PatternChecker#PAUSE_EVERY} bytes and got nothing while paused, and that the client's
   * transport buffered no more than about the high-water mark. Each wait is for progress, not for
   * the whole transfer: how fast the bytes go is the machine's business, that they keep going is
   * the reactor's.
   */
  final void awaitPatternIntact(PatternChecker server, PatternProducer client, long total) {
    while (server.received() < total) {
      long before = server.received();
      driver().runUntil(() -> server.received() > before,
          "more bytes after " + before + " of " + total + " (producer paused " + client.pauses()
              + " times)");
    }
    assertThat(server.received()).isEqualTo(total);
    assertThat(server.mismatches()).as("bytes out of order or corrupted").isZero();
    assertThat(server.checksum()).as("CRC-32 of what arrived against what was written")
        .isEqualTo(driver().onReactor(client::checksum));
    assertThat(server.pauses()).as("the reader paused itself")
        .isEqualTo((int) (total / PatternChecker.PAUSE_EVERY));
    assertThat(server.deliveredWhilePaused()).as("reads delivered while paused").isZero();
    assertThat(client.maxPendingBytes())
        .as("what the transport buffered stays near the high-water mark")
        .isLessThan(PatternProducer.BOUND);
  }

  static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  static List<String> withoutData(List<String> events) {
    List<String> rest = new ArrayList<>(events);
    rest.removeIf("data"::equals);
    return rest;
  }

  static <T> T add(List<? super T> list, T item) {
    list.add(item);
    return item;
  }
}
