package dev.weft.reactor.testing.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.reactor.ConnectionClosedException;
import dev.weft.reactor.ConnectionLostException;
import dev.weft.reactor.ListeningPort;
import dev.weft.reactor.Protocol;
import dev.weft.reactor.Reactor;
import dev.weft.reactor.Transport;
import dev.weft.reactor.WriteBufferLimitExceededException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * The flow-control scenarios every Weft reactor must pass: push and pull producers paced by the
 * water marks, paused and resumed reading, writability, the write buffer limit, and a transport
 * pacing itself. Extend it, implement
 * {@link #createDriver(long)}, and JUnit runs every scenario against your reactor with its
 * default water marks (32 KiB and 64 KiB).
 *
 * <p>As in {@link ReactorConformanceTest}, scenarios act only inside
 * {@link ReactorDriver#onReactor}, wait only with {@link ReactorDriver#runUntil} and
 * {@link ReactorDriver#passTime}, and never sleep. They hold the reactors to outcomes, not to
 * byte counts that depend on socket buffer sizes: a real socket buffers megabytes where a fake
 * buffers what its settings say, so how long a writer stays writable differs, and the scenarios
 * never assert it.
 *
 * <p>Twisted: the producer tests of {@code twisted.internet.test.test_tcp}, run on every reactor.
 */
public abstract class FlowControlConformanceTest extends ReactorConformanceTest {
  /** The write buffer limit of the reactor in the limit scenario: 1 MiB. */
  protected static final long WRITE_BUFFER_LIMIT = 1024 * 1024;
  /** The high-water mark every reactor has by default. */
  private static final long HIGH_WATER_MARK = 64 * 1024;
  /** The low-water mark every reactor has by default. */
  private static final long LOW_WATER_MARK = 32 * 1024;
  /** What a reader may take in one read beyond the mark before its pause takes effect. */
  private static final long ONE_READ = 64 * 1024;

  /** Creates the scenarios; subclasses supply the driver. */
  protected FlowControlConformanceTest() {}

  /**
   * Creates the driver for one scenario: a fresh reactor with the default water marks and the
   * given write buffer limit.
   *
   * @param writeBufferLimit the most bytes a connection may buffer; {@link Long#MAX_VALUE} for
   *     no limit
   * @return a new driver; the scenario closes it
   */
  protected abstract ReactorDriver createDriver(long writeBufferLimit);

  /**
   * Creates the driver with no write buffer limit.
   *
   * @return {@code createDriver(Long.MAX_VALUE)}
   */
  @Override
  protected final ReactorDriver createDriver() {
    return createDriver(Long.MAX_VALUE);
  }

  private ReactorDriver driver(long writeBufferLimit) {
    return useDriver(createDriver(writeBufferLimit));
  }

  // ---------------------------------------------------------------- producers

  @Test
  void aPushProducerIsPausedAboveTheHighMarkAndResumedAtTheLowMark() {
    ScenarioProtocol server = ScenarioProtocol.recorder();
    WaterMarkProducer client = new WaterMarkProducer();
    connectPair(server, client, () -> server.isMade() && client.isMade());

    driver().onReactor(() -> {
      server.link().pauseProducing();
      client.start();
    });
    driver().runUntil(() -> !client.pendingAtPause.isEmpty(), "the producer paused");
    boolean writableWhilePaused = driver().onReactor(() -> client.link().isWritable());
    driver().onReactor(() -> server.link().resumeProducing());
    driver().runUntil(() -> !client.pendingAtResume.isEmpty(), "the producer resumed");
    driver().onReactor(client::finish);
    driver().runUntil(() -> server.receivedCount() == client.written(), "every byte arrived");

    assertThat(writableWhilePaused).isFalse();
    assertThat(client.pendingAtPause).allSatisfy(pending -> assertThat(pending)
        .isGreaterThan(HIGH_WATER_MARK)
        .isLessThanOrEqualTo(HIGH_WATER_MARK + WaterMarkProducer.CHUNK));
    assertThat(client.pendingAtResume).allSatisfy(pending -> assertThat(pending)
        .isLessThanOrEqualTo(LOW_WATER_MARK));
    assertThat(client.written()).isLessThan(WaterMarkProducer.MAX);
    assertThat(driver().onReactor(() -> client.link().isWritable())).isTrue();
  }

  @Test
  void aPullProducerIsAskedOnlyWhenTheBufferIsEmptyAndHoldsACleanClose() {
    ScenarioProtocol server = ScenarioProtocol.recorder();
    ChunkPuller client = new ChunkPuller(32);
    connectPair(server, client, () -> server.isMade() && client.isMade());

    driver().onReactor(() -> {
      client.link().registerProducer(client, false);
      client.link().loseConnection();
    });
    driver().runUntil(server::isLost, "the server saw the close");

    assertThat(server.receivedCount()).isEqualTo(32L * ChunkPuller.CHUNK);
    assertThat(server.lost.get()).isInstanceOf(ConnectionClosedException.class);
    assertThat(client.pendingAtAsk).as("every ask came with an empty buffer")
        .hasSize(33).containsOnly(0L);
    assertThat(client.isStopped()).as("unregistered before the close: not stopped").isFalse();
  }

  // ---------------------------------------------------------------- reading paced

  @Test
  void aPausedTransportReadsNothingNotEvenTheEndOfTheStreamUntilItResumes() {
    ScenarioProtocol server = ScenarioProtocol.recorder();
    ScenarioProtocol client = ScenarioProtocol.recorder();
    connectPair(server, client, () -> server.isMade() && client.isMade());
    driver().onReactor(() -> client.link().write(bytes("one")));
    driver().runUntil(() -> server.received().equals("one"), "the first bytes");

    driver().onReactor(() -> server.link().pauseProducing());
    driver().onReactor(() -> {
      client.link().write(bytes("two"));
      client.link().loseConnection();
    });
    // The client's close completes: its bytes and its FIN wait in the network for the server.
    driver().runUntil(client::isLost, "the client closed");
    driver().passTime(Duration.ofMillis(50));
    assertThat(server.received()).isEqualTo("one");
    assertThat(server.isLost()).isFalse();

    int deliveredInsideResume = driver().onReactor(() -> {
      int before = server.events.size();
      server.link().resumeProducing();
      return server.events.size() - before;
    });
    driver().runUntil(server::isLost, "the server read the rest and the end of the stream");

    assertThat(deliveredInsideResume).isZero();
    assertThat(server.received()).isEqualTo("onetwo");
    assertThat(client.lost.get()).isInstanceOf(ConnectionClosedException.class);
    assertThat(withoutData(server.events)).containsExactly("made", "lost:ConnectionClosedException");
  }

  @Test
  void stopProducingClosesTheTransportAsLoseConnectionDoes() {
    ScenarioProtocol server = ScenarioProtocol.recorder();
    ScenarioProtocol client = ScenarioProtocol.recorder();
    connectPair(server, client, () -> server.isMade() && client.isMade());

    driver().onReactor(() -> {
      client.link().write(bytes("last words"));
      client.link().stopProducing();
    });
    driver().runUntil(() -> client.isLost() && server.isLost(), "both sides closed");

    assertThat(server.received()).isEqualTo("last words");
    assertThat(client.lost.get()).isInstanceOf(ConnectionClosedException.class);
    assertThat(server.lost.get()).isInstanceOf(ConnectionClosedException.class);
  }

  @Test
  void anEchoPacedByItsOwnTransportStopsReadingWhileItsPeerDoesNotRead() {
    ScenarioProtocol server = ScenarioProtocol.pacedEchoer();
    Flooder client = new Flooder();
    connectPair(server, client, () -> server.isMade() && client.isMade());

    driver().onReactor(() -> {
      client.link().pauseProducing();
      client.flood();
    });
    // The echo falls behind, stops reading, and the client's own writes back up until it is no
    // longer writable: back-pressure end to end, with no flow-control code in the echo.
    driver().runUntil(() -> "writable:false".equals(client.lastEvent())
            && !client.link().isWritable() && server.link().pendingBytes() > HIGH_WATER_MARK,
        "the echo and then the client backed up");
    long echoBuffered = driver().onReactor(() -> server.link().pendingBytes());

    driver().onReactor(() -> {
      client.stopFlooding();
      client.link().resumeProducing();
    });
    driver().runUntil(() -> client.received() == client.written(), "every byte echoed back");

    assertThat(echoBuffered).isLessThanOrEqualTo(HIGH_WATER_MARK + ONE_READ);
    assertThat(client.events).doesNotContain("reentrant", "flood limit");
    assertThat(client.isCorrupted()).isFalse();
    assertThat(server.receivedCount()).isEqualTo(client.written());
  }

  @Test
  void aTransportPausedBeforeAnyByteReadsNothingAndResumedReadsEverythingInOrder() {
    ScenarioProtocol server = ScenarioProtocol.recorder();
    ScenarioProtocol client = ScenarioProtocol.recorder();
    connectPair(server, client, () -> server.isMade() && client.isMade());
    StringBuilder expected = new StringBuilder();
    for (char c = 'a'; c <= 'z'; c++) {
      expected.append(String.valueOf(c).repeat(c - 'a' + 1));
    }

    driver().onReactor(() -> {
      // Pausing twice is pausing once: one resume is enough.
      server.link().pauseProducing();
      server.link().pauseProducing();
    });
    driver().onReactor(() -> {
      for (char c = 'a'; c <= 'z'; c++) {
        client.link().write(bytes(String.valueOf(c).repeat(c - 'a' + 1)));
      }
    });
    driver().runUntil(() -> client.link().pendingBytes() == 0, "the client handed every byte over");
    driver().passTime(Duration.ofMillis(50));
    List<String> whilePaused = List.copyOf(server.events);

    driver().onReactor(() -> server.link().resumeProducing());
    driver().runUntil(() -> server.receivedCount() == expected.length(), "every byte read");

    assertThat(whilePaused).containsExactly("made");
    assertThat(server.received()).isEqualTo(expected.toString());
    assertThat(server.isLost()).isFalse();
  }

  // ---------------------------------------------------------------- writability

  @Test
  void writabilityFallsAboveTheHighMarkAndReturnsAtTheLowMarkNeverInsideWrite() {
    ScenarioProtocol server = ScenarioProtocol.recorder();
    Flooder client = new Flooder();
    connectPair(server, client, () -> server.isMade() && client.isMade());
    driver().onReactor(() -> server.link().pauseProducing());

    boolean writableAfterFlood = driver().onReactor(() -> {
      client.flood();
      return client.link().isWritable();
    });
    driver().runUntil(() -> "writable:false".equals(client.lastEvent())
        && !client.link().isWritable(), "the client heard it is not writable");
    driver().onReactor(() -> {
      client.stopFlooding();
      server.link().resumeProducing();
    });
    driver().runUntil(() -> "writable:true".equals(client.lastEvent())
        && server.receivedCount() == client.written(), "the server read everything");

    assertThat(writableAfterFlood).isFalse();
    assertThat(client.events).doesNotContain("reentrant", "flood limit").isNotEmpty();
    for (int i = 0; i < client.events.size(); i++) {
      assertThat(client.events.get(i))
          .as("writability changes alternate, starting with false: %s", client.events)
          .isEqualTo(i % 2 == 0 ? "writable:false" : "writable:true");
    }
    assertThat(driver().onReactor(() -> client.link().pendingBytes())).isZero();
  }

  @Test
  void writingPastTheWriteBufferLimitAbortsTheConnectionNamingTheLimitAndTheCount() {
    driver(WRITE_BUFFER_LIMIT);
    ScenarioProtocol server = ScenarioProtocol.recorder();
    ScenarioProtocol client = ScenarioProtocol.recorder();
    connectPair(server, client, () -> server.isMade() && client.isMade());
    driver().onReactor(() -> server.link().pauseProducing());
    byte[] chunk = new byte[64 * 1024];
    long bound = 256L * 1024 * 1024;

    List<Object> afterWrites = driver().onReactor(() -> {
      Transport t = client.link();
      long written = 0;
      while (!t.isDisconnecting() && written < bound) {
        t.write(chunk);
        written += chunk.length;
      }
      t.write(chunk); // dropped, not an error: the protocol could not know
      return List.of(t.isDisconnecting(), client.isLost());
    });
    driver().runUntil(client::isLost, "the client was aborted");
    driver().onReactor(() -> server.link().resumeProducing());
    driver().runUntil(server::isLost, "the server saw the reset");

    assertThat(afterWrites).as("disconnecting at once, told on a later turn")
        .containsExactly(true, false);
    assertThat(client.lost.get()).isInstanceOfSatisfying(
        WriteBufferLimitExceededException.class, reason -> {
          assertThat(reason.limit()).isEqualTo(WRITE_BUFFER_LIMIT);
          assertThat(reason.bufferedBytes())
              .isGreaterThan(WRITE_BUFFER_LIMIT)
              .isLessThanOrEqualTo(WRITE_BUFFER_LIMIT + chunk.length);
          assertThat(reason).hasMessageContaining(String.valueOf(WRITE_BUFFER_LIMIT));
        });
    assertThat(server.lost.get()).isInstanceOf(ConnectionLostException.class);
  }
}
