package dev.weft.reactor.nio;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.reactor.ClientFactory;
import dev.weft.reactor.ConnectionAbortedException;
import dev.weft.reactor.ConnectionLostException;
import dev.weft.reactor.ListeningPort;
import dev.weft.reactor.SystemEvent;
import dev.weft.reactor.TriggerPhase;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The loop survives what callbacks throw, or dies loudly: a stack overflow or a refused
 * allocation costs one connection (or one call); a fatal error stops the reactor in order and is
 * handed back by {@code run()} and {@code failure()}.
 */
class NioCallbackErrorIT {
  private static final String LOOPBACK = "127.0.0.1";
  private final List<AutoCloseable> toClose = new ArrayList<>();

  @AfterEach
  void closeEverything() throws Exception {
    for (AutoCloseable c : toClose) {
      c.close();
    }
  }

  private NioReactorDriver driver() {
    NioReactorDriver d = new NioReactorDriver();
    toClose.add(d);
    return d;
  }

  /** An echoing server protocol that fails as told by the bytes it receives. */
  private static final class Unlucky extends ProbeProtocol {
    private long depth;

    Unlucky() {
      super(true);
    }

    @Override
    public void dataReceived(ByteBuffer data) {
      switch (StandardCharsets.UTF_8.decode(data.duplicate()).toString()) {
        case "overflow" -> recurse();
        // A length taken from the wire: the JVM refuses it before touching the heap.
        case "allocate" -> depth = new long[Integer.MAX_VALUE].length;
        case "break the vm" -> throw new InternalError("simulated broken VM");
        default -> super.dataReceived(data);
      }
    }

    private void recurse() {
      depth++;
      recurse();
    }
  }

  private static ListeningPort listen(NioReactorDriver d, List<ProbeProtocol> servers) {
    return d.onReactor(
        () -> d.reactor().listenTCP(0, peer -> add(servers, new Unlucky()), 50, LOOPBACK));
  }

  private static ProbeProtocol connect(NioReactorDriver d, ListeningPort port) {
    ProbeProtocol client = new ProbeProtocol(false);
    d.onReactor(
        () -> d.reactor().connectTCP(LOOPBACK, port.host().getPort(), ClientFactory.of(() -> client)));
    return client;
  }

  @Test
  void stackOverflowAndOutOfMemoryInDataReceivedAbortOnlyTheirConnectionsAndAreLogged() {
    NioReactorDriver d = driver();
    List<ProbeProtocol> servers = new CopyOnWriteArrayList<>();
    ListeningPort port = listen(d, servers);
    ProbeProtocol overflowing = connect(d, port);
    ProbeProtocol allocating = connect(d, port);
    ProbeProtocol bystander = connect(d, port);
    d.runUntil(() -> servers.size() == 3 && bystander.isMade(), "three connected");

    d.onReactor(() -> overflowing.link().write(bytes("overflow")));
    d.onReactor(() -> allocating.link().write(bytes("allocate")));
    d.runUntil(() -> overflowing.isLost() && allocating.isLost(), "both unlucky connections ended");
    d.onReactor(() -> bystander.link().write(bytes("still there?")));
    d.runUntil(() -> bystander.received.get() == "still there?".length(), "bystander echoed");
    ProbeProtocol latecomer = connect(d, port);
    d.runUntil(() -> latecomer.isMade() && servers.size() == 4, "a new connection accepted");

    assertThat(servers)
        .filteredOn(ProbeProtocol::isLost)
        .extracting(s -> s.lost.get())
        .allSatisfy(reason -> assertThat(reason).isInstanceOf(ConnectionAbortedException.class))
        .extracting(reason -> (Object) reason.getCause().getClass())
        .containsExactlyInAnyOrder(StackOverflowError.class, OutOfMemoryError.class);
    assertThat(d.logger.errors())
        .anySatisfy(e -> assertThat(e).isInstanceOf(StackOverflowError.class))
        .anySatisfy(e -> assertThat(e).isInstanceOf(OutOfMemoryError.class));
    assertThat(bystander.isLost()).isFalse();
    assertThat(d.reactor().isRunning()).isTrue();
    assertThat(d.reactor().failure()).isEmpty();
  }

  @Test
  void stackOverflowInDelayedCallsThreadCallsAndPoolWorkIsLoggedAndTheLoopCarriesOn() {
    NioReactorDriver d = driver();
    List<String> ran = new CopyOnWriteArrayList<>();
    d.onReactor(
        () -> {
          d.reactor().callLater(Duration.ZERO, NioCallbackErrorIT::recurseForever);
          d.reactor().callLater(Duration.ofMillis(1), () -> ran.add("next timer"));
          d.reactor().callWhenRunning(NioCallbackErrorIT::recurseForever);
          d.reactor().callInThread(NioCallbackErrorIT::recurseForever);
        });
    d.reactor().callFromThread(NioCallbackErrorIT::recurseForever);
    d.reactor().callFromThread(() -> ran.add("next call"));

    d.runUntil(
        () -> ran.size() == 2 && d.logger.errors().size() == 4, "later work ran, four reports");

    assertThat(d.logger.errors()).hasSize(4).allSatisfy(e -> assertThat(e).isInstanceOf(StackOverflowError.class));
    assertThat(d.reactor().isRunning()).isTrue();
  }

  private static void recurseForever() {
    recurseForever();
  }

  @Test
  void aFatalErrorStopsTheReactorInOrderAndRunThrowsIt() throws Exception {
    List<String> triggers = new CopyOnWriteArrayList<>();
    List<ProbeProtocol> servers = new CopyOnWriteArrayList<>();
    List<ProbeProtocol> clients = new CopyOnWriteArrayList<>();
    OwnThread own =
        new OwnThread(
            reactor -> {
              reactor.addSystemEventTrigger(
                  TriggerPhase.BEFORE, SystemEvent.SHUTDOWN, () -> triggers.add("before"));
              reactor.addSystemEventTrigger(
                  TriggerPhase.DURING, SystemEvent.SHUTDOWN, () -> triggers.add("during"));
              reactor.addSystemEventTrigger(
                  TriggerPhase.AFTER,
                  SystemEvent.SHUTDOWN,
                  () -> triggers.add("after, all lost: "
                      + Stream.concat(servers.stream(), clients.stream()).allMatch(ProbeProtocol::isLost)));
              return reactor.listenTCP(0, peer -> add(servers, new Unlucky()), 50, LOOPBACK);
            });
    toClose.add(own);
    int port = own.port.host().getPort();
    for (int i = 0; i < 3; i++) {
      ProbeProtocol client = add(clients, new ProbeProtocol(false));
      own.onReactor(() -> own.reactor.connectTCP(LOOPBACK, port, ClientFactory.of(() -> client)));
    }
    own.runUntil(() -> servers.size() == 3 && clients.stream().allMatch(ProbeProtocol::isMade));

    own.reactor.callFromThread(() -> clients.get(0).link().write(bytes("break the vm")));

    own.thread.join(NioReactorDriver.BOUND.toMillis());
    assertThat(own.thread.isAlive()).as("run() returned").isFalse();
    assertThat(own.thrown.get()).isInstanceOf(InternalError.class).hasMessage("simulated broken VM");
    assertThat(own.reactor.failure()).containsSame(own.thrown.get());
    assertThat(own.reactor.isTerminated()).isTrue();
    assertThat(triggers).containsExactly("before", "during", "after, all lost: true");
    ProbeProtocol broken = servers.stream().filter(s -> s.lost.get() instanceof ConnectionAbortedException)
        .findFirst().orElseThrow();
    assertThat(broken.lost.get()).hasCauseReference(own.thrown.get());
    assertThat(Stream.concat(servers.stream(), clients.stream()).filter(p -> p != broken))
        .hasSize(5)
        .allSatisfy(p -> {
          assertThat(p.lost.get()).isInstanceOf(ConnectionLostException.class);
          assertThat(p.lostCalls.get()).isEqualTo(1);
        });
    assertThat(own.logger.errors()).contains(own.thrown.get());
  }

  @Test
  void aFatalErrorOnAStartedReactorIsItsFailureOnceTerminated() throws Exception {
    NioReactorDriver d = driver();
    // The reactor thread rethrows it to its uncaught exception handler, which prints it to the
    // build output: without a stack trace, that is one line.
    InternalError fatal = new InternalError("simulated, in a delayed call") {
      @Override
      public synchronized Throwable fillInStackTrace() {
        return this;
      }
    };
    List<String> ran = new CopyOnWriteArrayList<>();
    d.onReactor(
        () -> {
          d.reactor().addSystemEventTrigger(TriggerPhase.AFTER, SystemEvent.SHUTDOWN, () -> ran.add("after"));
          d.reactor().callLater(Duration.ZERO, () -> {
            throw fatal;
          });
        });

    assertThat(d.reactor().awaitTermination(NioReactorDriver.BOUND)).isTrue();

    assertThat(d.reactor().failure()).containsSame(fatal);
    assertThat(ran).containsExactly("after");
    assertThat(d.logger.errors()).containsExactly(fatal);
  }

  /**
   * A reactor built and run by a thread of the test, so that what {@code run()} throws is seen.
   */
  private static final class OwnThread implements AutoCloseable {
    final RecordingLogger logger = new RecordingLogger();
    final AtomicReference<@Nullable Throwable> thrown = new AtomicReference<>();
    final Thread thread;
    final NioReactor reactor;
    final ListeningPort port;

    interface Setup {
      ListeningPort configure(NioReactor reactor);
    }

    OwnThread(Setup setup) throws Exception {
      CompletableFuture<NioReactor> built = new CompletableFuture<>();
      CompletableFuture<ListeningPort> listening = new CompletableFuture<>();
      thread =
          new Thread(
              () -> {
                NioReactor r =
                    NioReactor.builder()
                        .logger(logger)
                        .shutdownTimeout(Duration.ofSeconds(5))
                        .threadName("weft-own-thread")
                        .build();
                built.complete(r);
                listening.complete(setup.configure(r));
                try {
                  r.run();
                } catch (Throwable t) {
                  thrown.set(t);
                }
              },
              "weft-own-thread");
      thread.start();
      reactor = built.get(NioReactorDriver.BOUND.toMillis(), TimeUnit.MILLISECONDS);
      port = listening.get(NioReactorDriver.BOUND.toMillis(), TimeUnit.MILLISECONDS);
    }

    <T> T onReactor(Callable<T> action) throws Exception {
      CompletableFuture<T> result = new CompletableFuture<>();
      reactor.callFromThread(
          () -> {
            try {
              result.complete(action.call());
            } catch (Throwable t) {
              result.completeExceptionally(t);
            }
          });
      return result.get(NioReactorDriver.BOUND.toMillis(), TimeUnit.MILLISECONDS);
    }

    void runUntil(Callable<Boolean> condition) throws Exception {
      long deadline = System.nanoTime() + NioReactorDriver.BOUND.toNanos();
      while (!onReactor(condition)) {
        if (System.nanoTime() - deadline > 0) {
          throw new AssertionError("condition still false after " + NioReactorDriver.BOUND);
        }
        // Polling interval, not synchronisation: the condition decides, the bound limits.
        Thread.sleep(1);
      }
    }

    @Override
    public void close() throws Exception {
      if (thread.isAlive()) {
        reactor.callFromThread(() -> {
          if (reactor.isRunning()) {
            reactor.stop();
          }
        });
        thread.join(NioReactorDriver.BOUND.toMillis());
      }
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
