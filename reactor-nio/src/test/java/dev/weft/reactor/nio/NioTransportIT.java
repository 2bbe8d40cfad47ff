package dev.weft.reactor.nio;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.reactor.ClientFactory;
import dev.weft.reactor.ConnectionAbortedException;
import dev.weft.reactor.ConnectionClosedException;
import dev.weft.reactor.ConnectionLostException;
import dev.weft.reactor.DelayedCall;
import dev.weft.reactor.ListeningPort;
import dev.weft.reactor.ProtocolFactory;
import dev.weft.reactor.PullProducer;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Bytes on real loopback connections: volume, concurrency, back-pressure, resets, errors. */
class NioTransportIT {
  private static final String LOOPBACK = "127.0.0.1";
  private final List<NioReactorDriver> drivers = new ArrayList<>();

  private NioReactorDriver driver(NioReactor.Builder builder) {
    NioReactorDriver d = new NioReactorDriver(builder);
    drivers.add(d);
    return d;
  }

  private NioReactorDriver driver() {
    return driver(NioReactor.builder());
  }

  @AfterEach
  void stopReactors() {
    drivers.forEach(NioReactorDriver::close);
  }

  private static ListeningPort listen(NioReactorDriver d, ProtocolFactory factory) {
    return d.onReactor(() -> d.reactor().listenTCP(0, factory, 1024, LOOPBACK));
  }

  @Test
  void sixtyFourMebibytesComeBackIntactThroughAnEchoServer() {
    NioReactorDriver d = driver();
    long total = 64L * 1024 * 1024;
    ListeningPort port = listen(d, peer -> new ProbeProtocol(true));
    AtomicLong mismatchAt = new AtomicLong(-1);
    ProbeProtocol client =
        new ProbeProtocol(false) {
          private long position;

          @Override
          void onData(ByteBuffer data) {
            for (int i = data.position(); i < data.limit(); i++, position++) {
              if (data.get(i) != PatternProducer.patternAt(position) && mismatchAt.get() < 0) {
                mismatchAt.set(position);
              }
            }
          }
        };
    d.onReactor(() -> d.reactor().connectTCP(LOOPBACK, port.host().getPort(), ClientFactory.of(() -> client)));
    d.runUntil(client::isMade, "connected");
    PatternProducer producer =
        d.onReactor(() -> new PatternProducer(client.link(), total, 256 * 1024, false));
    d.onReactor(producer::start);

    d.runUntil(() -> client.received.get() == total, "64 MiB echoed", Duration.ofSeconds(60));

    assertThat(mismatchAt.get()).as("first corrupted position").isEqualTo(-1);
    assertThat(producer.sent.get()).isEqualTo(total);
    assertThat(producer.pauses.get()).as("pauses under load").isPositive();
  }

  @Test
  void aThousandConcurrentConnectionsEachGetTheirOwnMessagesBack() {
    NioReactorDriver d = driver();
    int count = 1000;
    ListeningPort port = listen(d, peer -> new ProbeProtocol(true));
    List<ProbeProtocol> clients = new CopyOnWriteArrayList<>();
    AtomicInteger wrong = new AtomicInteger();
    d.onReactor(
        () -> {
          for (int i = 0; i < count; i++) {
            byte[] message = ("message from client " + i + "\n").getBytes(StandardCharsets.UTF_8);
            ProbeProtocol client =
                new ProbeProtocol(false) {
                  private final ByteBuffer expected = ByteBuffer.wrap(message);

                  @Override
                  public void connectionMade() {
                    super.connectionMade();
                    link().write(message);
                  }

                  @Override
                  void onData(ByteBuffer data) {
                    while (data.hasRemaining()) {
                      if (!expected.hasRemaining() || expected.get() != data.get()) {
                        wrong.incrementAndGet();
                        return;
                      }
                    }
                    if (!expected.hasRemaining()) {
                      link().loseConnection();
                    }
                  }
                };
            clients.add(client);
            d.reactor().connectTCP(LOOPBACK, port.host().getPort(), ClientFactory.of(() -> client));
          }
        });

    d.runUntil(
        () -> clients.stream().allMatch(ProbeProtocol::isLost),
        "all " + count + " clients got their echo and closed",
        Duration.ofSeconds(30));

    assertThat(wrong.get()).isZero();
    assertThat(clients)
        .allSatisfy(c -> assertThat(c.lost.get()).isInstanceOf(ConnectionClosedException.class));
  }

  @Test
  void slowReaderKeepsBufferedBytesNearTheHighWaterMark() throws Exception {
    int low = 16 * 1024;
    int high = 64 * 1024;
    int chunk = 8 * 1024;
    long total = 8L * 1024 * 1024;
    NioReactorDriver d = driver(NioReactor.builder().writeBufferWaterMarks(low, high));
    List<PatternProducer> producers = new CopyOnWriteArrayList<>();
    ListeningPort port =
        listen(
            d,
            peer ->
                new ProbeProtocol(false) {
                  @Override
                  public void connectionMade() {
                    super.connectionMade();
                    PatternProducer p = new PatternProducer(link(), total, chunk, true);
                    producers.add(p);
                    p.start();
                  }
                });

    try (Socket reader = new Socket()) {
      reader.setReceiveBufferSize(16 * 1024);
      reader.setSoTimeout((int) NioReactorDriver.BOUND.toMillis());
      reader.connect(new InetSocketAddress(LOOPBACK, port.host().getPort()));
      // The reader reads nothing until the socket buffers are full and the producer paused.
      d.runUntil(() -> !producers.isEmpty() && producers.get(0).pauses.get() > 0, "producer paused");
      InputStream in = reader.getInputStream();
      byte[] buffer = new byte[4096];
      long position = 0;
      long mismatches = 0;
      int n;
      while ((n = in.read(buffer)) >= 0) {
        for (int i = 0; i < n; i++, position++) {
          if (buffer[i] != PatternProducer.patternAt(position)) {
            mismatches++;
          }
        }
      }
      assertThat(position).isEqualTo(total);
      assertThat(mismatches).isZero();
    }
    PatternProducer producer = producers.get(0);
    assertThat(producer.maxPending.get()).isLessThanOrEqualTo(high + chunk);
    assertThat(producer.resumes.get()).as("resumed after draining").isGreaterThan(1);
  }

  @Test
  void writeSequenceSendsEveryBufferInOrderAndLeavesPositionsAlone() {
    NioReactorDriver d = driver();
    List<ProbeProtocol> servers = new CopyOnWriteArrayList<>();
    StringBuilder seen = new StringBuilder();
    ListeningPort port =
        listen(
            d,
            peer ->
                add(
                    servers,
                    new ProbeProtocol(false) {
                      @Override
                      void onData(ByteBuffer data) {
                        synchronized (seen) {
                          seen.append(StandardCharsets.US_ASCII.decode(data));
                        }
                      }
                    }));
    ProbeProtocol client = new ProbeProtocol(false);
    d.onReactor(() -> d.reactor().connectTCP(LOOPBACK, port.host().getPort(), ClientFactory.of(() -> client)));
    d.runUntil(client::isMade, "connected");
    ByteBuffer first = ByteBuffer.wrap("xxone,".getBytes(StandardCharsets.US_ASCII));
    first.position(2);
    ByteBuffer second = ByteBuffer.wrap("two,".getBytes(StandardCharsets.US_ASCII));
    ByteBuffer third = ByteBuffer.wrap("three".getBytes(StandardCharsets.US_ASCII)).asReadOnlyBuffer();

    d.onReactor(() -> client.link().writeSequence(List.of(first, second, third)));
    d.runUntil(() -> servers.size() == 1 && servers.get(0).received.get() == 13, "all bytes arrived");

    synchronized (seen) {
      assertThat(seen.toString()).isEqualTo("one,two,three");
    }
    assertThat(first.position()).isEqualTo(2);
    assertThat(second.position()).isZero();
    assertThat(third.position()).isZero();
  }

  @Test
  void loseConnectionFlushesEveryQueuedByteBeforeClosing() {
    NioReactorDriver d = driver();
    int total = 8 * 1024 * 1024;
    List<ProbeProtocol> servers = new CopyOnWriteArrayList<>();
    ListeningPort port = listen(d, peer -> add(servers, new ProbeProtocol(false)));
    ProbeProtocol client = new ProbeProtocol(false);
    d.onReactor(() -> d.reactor().connectTCP(LOOPBACK, port.host().getPort(), ClientFactory.of(() -> client)));
    d.runUntil(client::isMade, "connected");

    long queued =
        d.onReactor(
            () -> {
              client.link().write(new byte[total]);
              client.link().loseConnection();
              return client.link().pendingBytes();
            });
    d.runUntil(() -> servers.size() == 1 && servers.get(0).isLost() && client.isLost(), "closed");

    assertThat(queued).as("bytes still queued when loseConnection was called").isPositive();
    assertThat(servers.get(0).received.get()).isEqualTo(total);
    assertThat(servers.get(0).lost.get()).isInstanceOf(ConnectionClosedException.class);
    assertThat(client.lost.get()).isInstanceOf(ConnectionClosedException.class);
  }

  @Test
  void closingConnectionFlushesButDeliversNoMoreData() {
    NioReactorDriver d = driver();
    ListeningPort port = listen(d, peer -> new ProbeProtocol(true));
    AtomicBoolean closing = new AtomicBoolean();
    AtomicLong deliveredWhileClosing = new AtomicLong();
    ProbeProtocol client =
        new ProbeProtocol(false) {
          @Override
          void onData(ByteBuffer data) {
            if (closing.get()) {
              deliveredWhileClosing.addAndGet(data.limit());
            }
          }
        };
    d.onReactor(() -> d.reactor().connectTCP(LOOPBACK, port.host().getPort(), ClientFactory.of(() -> client)));
    d.runUntil(client::isMade, "connected");

    d.onReactor(
        () -> {
          client.link().write(new byte[8 * 1024 * 1024]);
          client.link().loseConnection();
          closing.set(true);
        });
    d.runUntil(client::isLost, "client closed");

    assertThat(deliveredWhileClosing.get()).isZero();
    assertThat(client.lost.get()).isInstanceOf(ConnectionClosedException.class);
  }

  @Test
  void halfCloseFlushesQueuedBytesBeforeThePeerReadsEndOfStream() {
    NioReactorDriver d = driver();
    int total = 8 * 1024 * 1024;
    List<String> serverEvents = new CopyOnWriteArrayList<>();
    ListeningPort port =
        listen(
            d,
            peer -> new CountingHalfCloseProtocol(serverEvents, true));
    List<String> clientEvents = new CopyOnWriteArrayList<>();
    CountingHalfCloseProtocol client = new CountingHalfCloseProtocol(clientEvents, false);
    d.onReactor(() -> d.reactor().connectTCP(LOOPBACK, port.host().getPort(), ClientFactory.of(() -> client)));
    d.runUntil(client::isMade, "connected");

    d.onReactor(
        () -> {
          client.link().write(new byte[total]);
          client.link().loseWriteConnection();
        });
    d.runUntil(client::isLost, "both directions closed");

    assertThat(clientEvents)
        .containsExactly("writeConnectionLost", "received " + Integer.toString(total).length() + " bytes",
            "readConnectionLost", "lost:ConnectionClosedException");
    assertThat(serverEvents)
        .containsExactly("received " + total + " bytes", "readConnectionLost",
            "writeConnectionLost", "lost:ConnectionClosedException");
    assertThat(client.text()).isEqualTo(Integer.toString(total));
  }

  /**
   * Counts bytes (keeping the first few as text); when the peer half-closes, one that answers
   * writes the count and half-closes too.
   */
  private static final class CountingHalfCloseProtocol extends ProbeProtocol
      implements dev.weft.reactor.HalfCloseableProtocol {
    private final List<String> events;
    private final boolean answers;
    private final StringBuilder text = new StringBuilder();

    CountingHalfCloseProtocol(List<String> events, boolean answers) {
      super(false);
      this.events = events;
      this.answers = answers;
    }

    @Override
    void onData(ByteBuffer data) {
      if (received.get() <= 64) {
        synchronized (text) {
          text.append(StandardCharsets.US_ASCII.decode(data));
        }
      }
    }

    @Override
    public void readConnectionLost() {
      events.add("received " + received.get() + " bytes");
      events.add("readConnectionLost");
      if (answers) {
        link().write(Long.toString(received.get()).getBytes(StandardCharsets.US_ASCII));
        link().loseWriteConnection();
      }
    }

    @Override
    public void writeConnectionLost() {
      events.add("writeConnectionLost");
    }

    @Override
    public void connectionLost(dev.weft.reactor.ConnectionEndedException reason) {
      super.connectionLost(reason);
      events.add("lost:" + reason.getClass().getSimpleName());
    }

    String text() {
      synchronized (text) {
        return text.toString();
      }
    }
  }

  private static <T> T add(List<? super T> list, T item) {
    list.add(item);
    return item;
  }

  @Test
  void pullProducerIsAskedForAChunkEachTimeTheBufferDrains() {
    NioReactorDriver d = driver();
    int chunks = 50;
    ListeningPort port = listen(d, peer -> new ProbeProtocol(false));
    ProbeProtocol client = new ProbeProtocol(false);
    AtomicInteger asked = new AtomicInteger();
    d.onReactor(() -> d.reactor().connectTCP(LOOPBACK, port.host().getPort(), ClientFactory.of(() -> client)));
    d.runUntil(client::isMade, "connected");
    d.onReactor(
        () ->
            client.link().registerProducer(
                new PullProducer() {
                  @Override
                  public void resumeProducing() {
                    if (asked.incrementAndGet() <= chunks) {
                      client.link().write(new byte[100_000]);
                    } else {
                      client.link().unregisterProducer();
                      client.link().loseConnection();
                    }
                  }

                  @Override
                  public void stopProducing() {}
                },
                false));

    d.runUntil(client::isLost, "all chunks written and the connection closed");

    assertThat(asked.get()).isEqualTo(chunks + 1);
    assertThat(client.lost.get()).isInstanceOf(ConnectionClosedException.class);
  }

  @Test
  void peerResetMidStreamEndsTheConnectionWithConnectionLost() throws Exception {
    NioReactorDriver d = driver();
    List<PatternProducer> producers = new CopyOnWriteArrayList<>();
    List<ProbeProtocol> servers = new CopyOnWriteArrayList<>();
    ListeningPort port =
        listen(
            d,
            peer -> {
              ProbeProtocol server =
                  new ProbeProtocol(false) {
                    @Override
                    public void connectionMade() {
                      super.connectionMade();
                      PatternProducer p = new PatternProducer(link(), Long.MAX_VALUE, 16 * 1024, false);
                      producers.add(p);
                      p.start();
                    }
                  };
              servers.add(server);
              return server;
            });

    try (Socket peer = new Socket(LOOPBACK, port.host().getPort())) {
      peer.setSoTimeout((int) NioReactorDriver.BOUND.toMillis());
      assertThat(peer.getInputStream().readNBytes(100_000)).hasSize(100_000);
      peer.setSoLinger(true, 0);
    }

    d.runUntil(() -> servers.size() == 1 && servers.get(0).isLost(), "server saw the reset");
    assertThat(servers.get(0).lost.get()).isInstanceOf(ConnectionLostException.class);
    assertThat(producers.get(0).stopped).as("producer told to stop").isTrue();
  }

  @Test
  void exceptionsFromConnectionCallbacksAreLoggedAndAbortTheConnection() {
    NioReactorDriver d = driver();
    RuntimeException failure = new IllegalStateException("connectionMade failed on purpose");
    List<ProbeProtocol> servers = new CopyOnWriteArrayList<>();
    ListeningPort port =
        listen(
            d,
            peer -> {
              ProbeProtocol server =
                  new ProbeProtocol(false) {
                    @Override
                    public void connectionMade() {
                      super.connectionMade();
                      throw failure;
                    }
                  };
              servers.add(server);
              return server;
            });
    ProbeProtocol client = new ProbeProtocol(false);
    d.onReactor(() -> d.reactor().connectTCP(LOOPBACK, port.host().getPort(), ClientFactory.of(() -> client)));

    d.runUntil(() -> client.isLost() && servers.size() == 1 && servers.get(0).isLost(), "aborted");

    assertThat(servers.get(0).lost.get())
        .isInstanceOf(ConnectionAbortedException.class)
        .hasCause(failure);
    assertThat(servers.get(0).lostCalls.get()).isEqualTo(1);
    assertThat(d.logger.errors()).contains(failure);
    assertThat(d.reactor().isRunning()).isTrue();
  }

  @Test
  void throwingBuildProtocolClosesOnlyThatConnectionAndIsLogged() {
    NioReactorDriver d = driver();
    RuntimeException failure = new IllegalArgumentException("no protocol for you");
    AtomicBoolean thrown = new AtomicBoolean();
    ListeningPort port =
        listen(
            d,
            peer -> {
              if (thrown.compareAndSet(false, true)) {
                throw failure;
              }
              return new ProbeProtocol(true);
            });
    ProbeProtocol first = new ProbeProtocol(false);
    ProbeProtocol second = new ProbeProtocol(false);
    d.onReactor(() -> d.reactor().connectTCP(LOOPBACK, port.host().getPort(), ClientFactory.of(() -> first)));
    d.runUntil(first::isLost, "first connection closed");
    d.onReactor(() -> d.reactor().connectTCP(LOOPBACK, port.host().getPort(), ClientFactory.of(() -> second)));
    d.runUntil(second::isMade, "second connected");
    d.onReactor(() -> second.link().write(new byte[] {1, 2, 3}));
    d.runUntil(() -> second.received.get() == 3, "second echoed");

    assertThat(d.logger.errors()).contains(failure);
  }

  @Test
  void timersFireInDueOrderWhileConnectionsAreBusy() {
    NioReactorDriver d = driver();
    ListeningPort port = listen(d, peer -> new ProbeProtocol(true));
    List<ProbeProtocol> clients = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      // Each client echoes too, so every connection ping-pongs as fast as it can.
      ProbeProtocol client = new ProbeProtocol(true);
      clients.add(client);
      d.onReactor(() -> d.reactor().connectTCP(LOOPBACK, port.host().getPort(), ClientFactory.of(() -> client)));
    }
    d.runUntil(() -> clients.stream().allMatch(ProbeProtocol::isMade), "all connected");
    d.onReactor(() -> clients.forEach(c -> c.link().write(new byte[32 * 1024])));

    Random random = new Random(42);
    List<Integer> ran = new CopyOnWriteArrayList<>();
    List<String> early = new CopyOnWriteArrayList<>();
    List<DelayedCall> calls =
        d.onReactor(
            () -> {
              List<DelayedCall> scheduled = new ArrayList<>();
              for (int i = 0; i < 200; i++) {
                int index = i;
                DelayedCall[] self = new DelayedCall[1];
                self[0] =
                    d.reactor().callLater(
                        Duration.ofMillis(random.nextInt(150)),
                        () -> {
                          Instant now = d.reactor().now();
                          if (now.isBefore(self[0].time())) {
                            early.add(index + " ran at " + now + " before " + self[0].time());
                          }
                          ran.add(index);
                        });
                scheduled.add(self[0]);
              }
              return scheduled;
            });

    d.runUntil(() -> ran.size() == 200, "all timers ran");

    List<Integer> expected =
        IntStream.range(0, 200)
            .boxed()
            .sorted(Comparator.comparing((Integer i) -> calls.get(i).time()).thenComparing(i -> i))
            .toList();
    assertThat(ran).containsExactlyElementsOf(expected);
    assertThat(early).isEmpty();
    assertThat(clients).allSatisfy(c -> assertThat(c.received.get()).isPositive());
  }
}
