package dev.weft.reactor.testing.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.reactor.BaseProtocol;
import dev.weft.reactor.ConnectionAbortedException;
import dev.weft.reactor.ConnectionClosedException;
import dev.weft.reactor.ConnectionEndedException;
import dev.weft.reactor.Deferred;
import dev.weft.reactor.ListeningPort;
import dev.weft.reactor.Protocol;
import dev.weft.reactor.PushProducer;
import dev.weft.reactor.Reactor;
import dev.weft.reactor.Transport;
import dev.weft.reactor.testing.tls.TestCertificates;
import dev.weft.reactor.tls.ReactorTLS;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The file-region scenarios every Weft reactor must pass ({@link Transport#sendFile}): the bytes
 * of a region arrive intact and in order with the writes around it, a large region holds the
 * writer back as a large write does and never outruns a reader that stopped, and a connection
 * that ends mid-file fails the region's Deferred with the reason. Extend it and implement
 * {@link #createDriver()}.
 *
 * <p>The production reactor sends regions with {@code transferTo} (sendfile); the fakes read
 * them through a bounded buffer. These scenarios hold both to the same outcomes. They use a
 * temporary file, deleted after each scenario; as the other suites, they never sleep.
 */
public abstract class FileRegionConformanceTest extends ReactorConformanceTest {
  /** Bigger than a loopback socket's send and receive buffers together, so a reader can stall it. */
  private static final int LARGE = 24 * 1024 * 1024;

  private @Nullable Path file;
  private @Nullable FileChannel channel;

  /** Creates the scenarios; subclasses supply the driver. */
  protected FileRegionConformanceTest() {}

  /**
   * Returns the size of the regions that must outgrow what the network buffers, so that a reader
   * that stopped stalls them: 24 MiB, more than a loopback socket's send and receive buffers
   * together. A fake whose network buffers little may return less to save time.
   *
   * @return a size in bytes, above 1 MiB
   */
  protected int largeRegionBytes() {
    return LARGE;
  }

  @AfterEach
  final void closeFileAfterScenario() throws IOException {
    closeDriver(); // before the file, so that no send is still reading it
    FileChannel c = channel;
    if (c != null) {
      c.close();
    }
    Path f = file;
    if (f != null) {
      Files.deleteIfExists(f);
    }
  }

  /** A temporary file of {@code size} bytes of {@link PatternProducer#pattern(long)}. */
  private FileChannel patternFile(int size) {
    try {
      Path f = Files.createTempFile("weft-region", ".bin");
      file = f;
      try (FileChannel out = FileChannel.open(f, StandardOpenOption.WRITE)) {
        ByteBuffer block = ByteBuffer.allocate(64 * 1024);
        for (long at = 0; at < size; ) {
          block.clear();
          int n = (int) Math.min(block.capacity(), size - at);
          for (int i = 0; i < n; i++) {
            block.put(PatternProducer.pattern(at + i));
          }
          block.flip();
          while (block.hasRemaining()) {
            out.write(block, at + block.position());
          }
          at += n;
        }
      }
      FileChannel in = FileChannel.open(f, StandardOpenOption.READ);
      channel = in;
      return in;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Serves each connection with {@code serve} on connectionMade; connects {@code client}. */
  private Sender connect(Protocol client, Serve serve) {
    List<Sender> accepted = new CopyOnWriteArrayList<>();
    ListeningPort port = driver().onReactor(() -> reactor().listenTCP(0, peer -> {
      Sender sender = new Sender(serve);
      accepted.add(sender);
      return sender;
    }, 50, driver().loopbackHost()));
    ScenarioClientFactory factory = new ScenarioClientFactory(() -> client);
    driver().onReactor(
        () -> reactor().connectTCP(driver().loopbackHost(), port.host().getPort(), factory));
    driver().runUntil(() -> accepted.size() == 1 && accepted.get(0).isMade(), "accepted");
    driver().onReactor(port::stopListening);
    return accepted.get(0);
  }

  private static byte[] expectedRegion(long position, int count) {
    byte[] expected = new byte[count];
    for (int i = 0; i < count; i++) {
      expected[i] = PatternProducer.pattern(position + i);
    }
    return expected;
  }

  // ---------------------------------------------------------------- order and content

  @Test
  void regionArrivesIntactBetweenTheWritesAroundItAndTheCloseWaitsForIt() {
    Sender server = regionBetweenWritesThenClose(this::connect);

    assertThat(server.deferred().isDone()).isTrue();
    assertThat(server.lost.get()).isInstanceOf(ConnectionClosedException.class);
  }

  /**
   * Sends HEAD, a 250,000-byte region, TAIL and a clean close over the connection {@code
   * connecting} makes; checks the client got exactly that, in order, then the close, and that
   * the region's Deferred did not fail.
   */
  private Sender regionBetweenWritesThenClose(java.util.function.BiFunction<Protocol, Serve, Sender> connecting) {
    FileChannel f = patternFile(300_000);
    Collector client = new Collector();
    Sender server = connecting.apply(client, t -> {
      t.write(bytes("HEAD"));
      Deferred<Void> sent = t.sendFile(f, 1000, 250_000);
      t.write(bytes("TAIL"));
      t.loseConnection();
      return sent;
    });

    driver().runUntil(client::isLost, "the client saw the close");

    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    expected.writeBytes(bytes("HEAD"));
    expected.writeBytes(expectedRegion(1000, 250_000));
    expected.writeBytes(bytes("TAIL"));
    assertThat(client.received()).isEqualTo(expected.toByteArray());
    assertThat(client.lost.get()).isInstanceOf(ConnectionClosedException.class);
    assertThat(server.deferred().isCompletedExceptionally()).isFalse();
    return server;
  }

  @Test
  void regionsGoInTheOrderSentAndAnEmptyRegionCompletesInTurn() throws Exception {
    FileChannel f = patternFile(10_000);
    Collector client = new Collector();
    List<String> completions = new CopyOnWriteArrayList<>();
    Sender server = connect(client, t -> {
      Deferred<Void> second = t.sendFile(f, 5000, 100);
      second.thenRun(() -> completions.add("second"));
      Deferred<Void> empty = t.sendFile(f, 0, 0);
      empty.thenRun(() -> completions.add("empty"));
      Deferred<Void> first = t.sendFile(f, 0, 100);
      first.thenRun(() -> completions.add("first"));
      assertThat(first.isDone()).as("nothing completes inside sendFile").isFalse();
      return first;
    });

    driver().runUntil(() -> client.count() == 200 && server.deferred().isDone(), "both regions");

    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    expected.writeBytes(expectedRegion(5000, 100));
    expected.writeBytes(expectedRegion(0, 100));
    assertThat(client.received()).isEqualTo(expected.toByteArray());
    assertThat(completions).containsExactly("second", "empty", "first");
    assertThat(f.position()).as("the file's own position does not move").isZero();
  }

  @Test
  void badArgumentsFailFastNamingTheArgument() {
    FileChannel f = patternFile(10);
    Sender server = connect(new Collector(), t -> null);
    driver().onReactor(() -> {
      assertThatThrownBy(() -> server.link().sendFile(f, -1, 1))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("position").hasMessageContaining("-1");
      assertThatThrownBy(() -> server.link().sendFile(f, 0, -5))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("count").hasMessageContaining("-5");
      assertThatThrownBy(() -> server.link().sendFile(null, 0, 1))
          .isInstanceOf(NullPointerException.class).hasMessageContaining("file");
      server.link().loseConnection();
    });
  }

  // ---------------------------------------------------------------- back-pressure

  @Test
  void aLargeRegionHoldsTheWriterBackAndNeverOutrunsAReaderThatStopped() {
    int large = largeRegionBytes();
    FileChannel f = patternFile(large);
    Checker client = new Checker();
    client.pauseOnMade = true;
    Pauser producer = new Pauser();
    AtomicReference<Boolean> writableAfterSend = new AtomicReference<>();
    Sender server = connect(client, t -> {
      t.registerProducer(producer, true);
      Deferred<Void> sent = t.sendFile(f, 0, large);
      writableAfterSend.set(t.isWritable());
      return sent;
    });
    assertThat(writableAfterSend.get()).as("writable right after queuing %s bytes", large).isFalse();
    assertThat(producer.paused.get()).isEqualTo(1);

    // The reader does not read: the region cannot finish, however long we wait.
    driver().passTime(Duration.ofMillis(100));
    assertThat(server.deferred().isDone()).isFalse();
    long pendingWhileStalled = driver().onReactor(() -> server.link().pendingBytes());
    assertThat(pendingWhileStalled).isPositive();
    assertThat(driver().onReactor(() -> server.link().isWritable())).isFalse();
    assertThat(client.count()).isLessThan(large);

    driver().onReactor(() -> client.link().resumeProducing());
    driver().runUntil(() -> server.deferred().isDone() && client.count() == large, "all bytes");

    assertThat(client.mismatches.get()).isZero();
    assertThat(server.deferred().isCompletedExceptionally()).isFalse();
    driver().runUntil(() -> server.events.contains("writable:true"), "writable again");
    assertThat(server.events).containsSubsequence("writable:false", "writable:true");
    assertThat(producer.resumed.get()).isEqualTo(1);
    driver().onReactor(() -> {
      assertThat(server.link().pendingBytes()).isZero();
      server.link().unregisterProducer();
      server.link().loseConnection();
    });
    driver().runUntil(client::isLost, "closed");
  }

  // ---------------------------------------------------------------- ending mid-file

  @Test
  void abortingMidFileFailsTheRegionWithTheAbort() {
    int large = largeRegionBytes();
    FileChannel f = patternFile(large);
    Checker client = new Checker();
    client.pauseOnMade = true;
    Sender server = connect(client, t -> t.sendFile(f, 0, large));
    driver().passTime(Duration.ofMillis(20));
    driver().onReactor(() -> server.link().abortConnection());

    driver().runUntil(() -> server.isLost() && server.deferred().isDone(), "aborted");
    assertThatThrownBy(() -> server.deferred().join())
        .isInstanceOf(CompletionException.class)
        .hasCauseInstanceOf(ConnectionAbortedException.class);
    assertThat(server.lost.get()).isInstanceOf(ConnectionAbortedException.class);
    driver().onReactor(() -> client.link().resumeProducing());
    driver().runUntil(client::isLost, "the client saw the reset");
    assertThat(client.count()).isLessThan(large);
    assertThat(client.mismatches.get()).isZero();
  }

  @Test
  void thePeerGoingAwayMidFileFailsTheRegionWithTheConnectionsEnd() {
    int large = largeRegionBytes();
    FileChannel f = patternFile(large);
    Checker client = new Checker();
    client.pauseOnMade = true;
    Sender server = connect(client, t -> t.sendFile(f, 0, large));
    driver().passTime(Duration.ofMillis(20));
    driver().onReactor(() -> client.link().abortConnection());

    driver().runUntil(() -> server.isLost() && server.deferred().isDone(), "the server saw it");
    assertThatThrownBy(() -> server.deferred().join())
        .hasCauseInstanceOf(ConnectionEndedException.class);
    assertThat(server.deferred().handle((ok, e) -> e).join()).isSameAs(server.lost.get());
  }

  @Test
  void aFileShorterThanTheRegionAbortsTheConnectionAfterTheBytesItHas() {
    FileChannel f = patternFile(1000);
    Collector client = new Collector();
    Sender server = connect(client, t -> t.sendFile(f, 200, 5000));

    driver().runUntil(() -> server.isLost() && client.isLost(), "both ends saw the abort");
    assertThat(server.lost.get()).isInstanceOf(ConnectionAbortedException.class)
        .hasCauseInstanceOf(EOFException.class);
    assertThatThrownBy(() -> server.deferred().join())
        .hasCauseInstanceOf(ConnectionAbortedException.class);
    byte[] got = client.received();
    assertThat(got.length).isLessThanOrEqualTo(800);
    assertThat(got).isEqualTo(java.util.Arrays.copyOf(expectedRegion(200, 800), got.length));
  }

  @Test
  void cancellingTheRegionAbortsTheConnectionSinceSentBytesCannotBeTakenBack() {
    int large = largeRegionBytes();
    FileChannel f = patternFile(large);
    Checker client = new Checker();
    client.pauseOnMade = true;
    Sender server = connect(client, t -> t.sendFile(f, 0, large));
    driver().passTime(Duration.ofMillis(20));

    driver().onReactor(() -> server.deferred().cancel(true));

    driver().runUntil(server::isLost, "the server's connection ended");
    assertThat(server.lost.get()).isInstanceOf(ConnectionAbortedException.class)
        .hasMessageContaining("sendFile cancelled");
    assertThat(server.deferred().isCancelled() || server.deferred().isCompletedExceptionally())
        .isTrue();
  }

  // ---------------------------------------------------------------- under TLS

  /** As {@link #connect}, with TLS between the transports and the protocols. */
  private Sender connectTls(Protocol client, Serve serve) {
    Reactor reactor = reactor();
    if (!(reactor instanceof ReactorTLS tls)) {
      throw new IllegalStateException(reactor + " does not implement ReactorTLS");
    }
    List<Sender> accepted = new CopyOnWriteArrayList<>();
    ListeningPort port = driver().onReactor(() -> tls.listenTLS(0, peer -> {
      Sender sender = new Sender(serve);
      accepted.add(sender);
      return sender;
    }, Certificates.SERVER.serverConfig(), 50, driver().loopbackHost()));
    ScenarioClientFactory factory = new ScenarioClientFactory(() -> client);
    driver().onReactor(() -> tls.connectTLS(driver().loopbackHost(), port.host().getPort(),
        factory, Certificates.SERVER.clientConfig()));
    driver().runUntil(() -> accepted.size() == 1 && accepted.get(0).isMade(), "accepted");
    driver().onReactor(port::stopListening);
    return accepted.get(0);
  }

  @Test
  void underTlsTheRegionIsEncryptedInOrderAndTheCloseWaitsForIt() {
    regionBetweenWritesThenClose(this::connectTls);
  }

  @Test
  void underTlsALargeRegionNeverOutrunsAReaderThatStopped() {
    int large = largeRegionBytes();
    FileChannel f = patternFile(large);
    Checker client = new Checker();
    client.pauseOnMade = true;
    Sender server = connectTls(client, t -> t.sendFile(f, 0, large));

    driver().passTime(Duration.ofMillis(100));
    assertThat(server.deferred().isDone()).isFalse();
    assertThat(driver().onReactor(() -> server.link().pendingBytes())).isPositive();

    driver().onReactor(() -> client.link().resumeProducing());
    driver().runUntil(() -> server.deferred().isDone() && client.count() == large, "all bytes");
    assertThat(client.mismatches.get()).isZero();
    driver().onReactor(() -> server.link().loseConnection());
    driver().runUntil(client::isLost, "closed");
  }

  /** Certificates made once per run, when a TLS scenario first needs them. */
  private static final class Certificates {
    static final TestCertificates SERVER = TestCertificates.create();

    private Certificates() {}
  }

  // ---------------------------------------------------------------- protocols

  /** What the server does when its connection is made; returns the region's Deferred. */
  @FunctionalInterface
  private interface Serve {
    @Nullable Deferred<Void> serve(Transport transport);
  }

  /** The serving side: runs a {@link Serve} in connectionMade and records what follows. */
  private static final class Sender extends ScenarioProtocol {
    private final Serve serve;
    private final AtomicReference<@Nullable Deferred<Void>> sent = new AtomicReference<>();

    Sender(Serve serve) {
      super(false, null);
      this.serve = serve;
    }

    @Override
    public void connectionMade() {
      super.connectionMade();
      sent.set(serve.serve(transport()));
    }

    Deferred<Void> deferred() {
      Deferred<Void> d = sent.get();
      if (d == null) {
        throw new IllegalStateException("this scenario sent no region");
      }
      return d;
    }
  }

  /** Keeps every byte it receives. */
  private static final class Collector extends BaseProtocol {
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();
    final AtomicReference<@Nullable ConnectionEndedException> lost = new AtomicReference<>();

    @Override
    public synchronized void dataReceived(ByteBuffer data) {
      byte[] bytes = new byte[data.remaining()];
      data.get(bytes);
      received.writeBytes(bytes);
    }

    @Override
    public void connectionLost(ConnectionEndedException reason) {
      lost.set(reason);
    }

    synchronized byte[] received() {
      return received.toByteArray();
    }

    synchronized int count() {
      return received.size();
    }

    boolean isLost() {
      return lost.get() != null;
    }
  }

  /** Checks what arrives against the pattern from position 0; may start paused. */
  private static final class Checker extends BaseProtocol {
    final AtomicLong received = new AtomicLong();
    final AtomicLong mismatches = new AtomicLong();
    final AtomicReference<@Nullable ConnectionEndedException> lost = new AtomicReference<>();
    boolean pauseOnMade;
    private volatile @Nullable Transport link;

    Transport link() {
      return java.util.Objects.requireNonNull(link, "not connected");
    }

    @Override
    public void connectionMade() {
      link = transport();
      if (pauseOnMade) {
        transport().pauseProducing();
      }
    }

    @Override
    public void dataReceived(ByteBuffer data) {
      long at = received.get();
      int n = data.remaining();
      int bad = 0;
      for (int i = 0; i < n; i++) {
        if (data.get() != PatternProducer.pattern(at + i)) {
          bad++;
        }
      }
      mismatches.addAndGet(bad);
      received.addAndGet(n);
    }

    @Override
    public void connectionLost(ConnectionEndedException reason) {
      lost.set(reason);
    }

    long count() {
      return received.get();
    }

    boolean isLost() {
      return lost.get() != null;
    }
  }

  /** A push producer that only counts how it is paced. */
  private static final class Pauser implements PushProducer {
    final java.util.concurrent.atomic.AtomicInteger paused = new java.util.concurrent.atomic.AtomicInteger();
    final java.util.concurrent.atomic.AtomicInteger resumed = new java.util.concurrent.atomic.AtomicInteger();

    @Override
    public void pauseProducing() {
      paused.incrementAndGet();
    }

    @Override
    public void resumeProducing() {
      resumed.incrementAndGet();
    }

    @Override
    public void stopProducing() {}
  }
}
