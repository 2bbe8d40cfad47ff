package dev.weft.reactor.nio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.weft.reactor.BaseProtocol;
import dev.weft.reactor.BaseProtocolFactory;
import dev.weft.reactor.ConnectionEndedException;
import dev.weft.reactor.ConnectionLostException;
import dev.weft.reactor.Protocol;
import dev.weft.reactor.ProtocolFactory;
import dev.weft.reactor.SystemEvent;
import dev.weft.reactor.TriggerPhase;
import dev.weft.reactor.nio.NioReactorGroup.AcceptMode;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A group of reactors serving one port over loopback, in both accept modes. */
class NioReactorGroupIT {
  private static final int WAIT_MILLIS = (int) NioReactorDriver.BOUND.toMillis();

  /** Writes back whatever it receives. */
  static final class Echo extends BaseProtocol {
    @Override
    public void dataReceived(ByteBuffer data) {
      transport().write(data);
    }
  }

  private static Socket connect(InetSocketAddress address) throws IOException {
    Socket socket = new Socket();
    socket.setSoTimeout(WAIT_MILLIS);
    socket.connect(new InetSocketAddress("127.0.0.1", address.getPort()), WAIT_MILLIS);
    return socket;
  }

  @Test
  void theClassExampleServesOnEveryReactor() throws Exception {
    // --- as in the javadoc of NioReactorGroup
    NioReactorGroup group = NioReactorGroup.builder().size(2).threadNamePrefix("echo").build();
    NioReactorGroup.GroupPort port = group.listenTCP(0, reactor -> ProtocolFactory.of(Echo::new), 50, "");
    group.start();
    // ---
    try (Socket client = connect(port.host())) {
      client.getOutputStream().write("ping".getBytes(StandardCharsets.US_ASCII));
      assertThat(client.getInputStream().readNBytes(4)).asString().isEqualTo("ping");
    } finally {
      // --- as in the javadoc of NioReactorGroup
      group.stop();
      group.awaitTermination(Duration.ofSeconds(10));
      // ---
    }
    assertThat(group.isTerminated()).isTrue();
  }

  /** Answers each byte with the name of the thread it runs on, and records its threads. */
  static final class WhereAmI extends BaseProtocol {
    static final Set<String> lifeThreads = ConcurrentHashMap.newKeySet();
    final List<String> threads = new CopyOnWriteArrayList<>();
    private final NioReactor reactor;

    WhereAmI(NioReactor reactor) {
      this.reactor = reactor;
    }

    @Override
    public void connectionMade() {
      threads.add(Thread.currentThread().getName());
      reactor.callLater(Duration.ofMillis(1), () -> threads.add(Thread.currentThread().getName()));
    }

    @Override
    public void dataReceived(ByteBuffer data) {
      threads.add(Thread.currentThread().getName());
      data.position(data.limit());
      transport().write((Thread.currentThread().getName() + "\n").getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public void connectionLost(ConnectionEndedException reason) {
      threads.add(Thread.currentThread().getName());
      lifeThreads.add(String.join(",", new java.util.TreeSet<>(threads)));
    }
  }

  private static String readLine(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    for (int c = in.read(); c != '\n'; c = in.read()) {
      if (c < 0) {
        throw new IOException("closed before a line: " + line);
      }
      line.append((char) c);
    }
    return line.toString();
  }

  @ParameterizedTest
  @EnumSource(value = AcceptMode.class, names = {"REUSE_PORT", "ACCEPTOR"})
  void connectionsSpreadOverTheReactorsAndEachLivesOnOne(AcceptMode mode) throws Exception {
    assumeTrue(mode != AcceptMode.REUSE_PORT || NioReactorGroup.reusePortSupported());
    WhereAmI.lifeThreads.clear();
    NioReactorGroup group = NioReactorGroup.builder().size(2).threadNamePrefix("where")
        .acceptMode(mode).build();
    NioReactorGroup.GroupPort port =
        group.listenTCP(0, reactor -> ProtocolFactory.of(() -> new WhereAmI(reactor)), 128, "127.0.0.1");
    group.start();
    Map<String, Integer> perThread = new HashMap<>();
    int connections = 64;
    try {
      List<Socket> clients = new ArrayList<>();
      for (int i = 0; i < connections; i++) {
        clients.add(connect(port.host()));
      }
      for (Socket client : clients) {
        client.getOutputStream().write('a');
        String first = readLine(client.getInputStream());
        client.getOutputStream().write('b');
        assertThat(readLine(client.getInputStream())).isEqualTo(first);
        perThread.merge(first, 1, Integer::sum);
      }
      for (Socket client : clients) {
        client.close();
      }
    } finally {
      group.stop();
      assertThat(group.awaitTermination(Duration.ofSeconds(10))).isTrue();
    }
    assertThat(perThread.keySet()).containsExactlyInAnyOrder("where-0", "where-1");
    assertThat(perThread.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(connections);
    if (mode == AcceptMode.ACCEPTOR) {
      assertThat(perThread).containsEntry("where-0", 32).containsEntry("where-1", 32);
    }
    // Every connection, its timer and its end ran on one thread.
    assertThat(WhereAmI.lifeThreads).containsOnly("where-0", "where-1");
  }

  @ParameterizedTest
  @EnumSource(value = AcceptMode.class, names = {"REUSE_PORT", "ACCEPTOR"})
  void stopClosesThePortsFirstThenEachReactorEndsItsOwnConnections(AcceptMode mode)
      throws Exception {
    assumeTrue(mode != AcceptMode.REUSE_PORT || NioReactorGroup.reusePortSupported());
    List<String> events = new CopyOnWriteArrayList<>();
    List<ConnectionEndedException> ends = new CopyOnWriteArrayList<>();
    CountDownLatch made = new CountDownLatch(8);
    NioReactorGroup group = NioReactorGroup.builder().size(2).threadNamePrefix("order")
        .acceptMode(mode).build();
    NioReactorGroup.GroupPort port = group.listenTCP(0, reactor -> new BaseProtocolFactory() {
      @Override
      public Protocol buildProtocol(SocketAddress peer) {
        return new BaseProtocol() {
          @Override
          public void connectionMade() {
            made.countDown();
          }

          @Override
          public void dataReceived(ByteBuffer data) {}

          @Override
          public void connectionLost(ConnectionEndedException reason) {
            ends.add(reason);
          }
        };
      }

      @Override
      protected void stopFactory() {
        events.add("factory stopped on " + Thread.currentThread().getName());
      }
    }, 50, "127.0.0.1");
    for (NioReactor reactor : group.reactors()) {
      reactor.addSystemEventTrigger(TriggerPhase.BEFORE, SystemEvent.SHUTDOWN,
          () -> events.add("shutdown began on " + Thread.currentThread().getName()));
    }
    group.start();
    List<Socket> clients = new ArrayList<>();
    try {
      for (int i = 0; i < 8; i++) {
        clients.add(connect(port.host()));
      }
      assertThat(made.await(WAIT_MILLIS, TimeUnit.MILLISECONDS)).isTrue();

      group.stop();
      assertThat(group.awaitTermination(Duration.ofSeconds(10))).isTrue();
    } finally {
      for (Socket client : clients) {
        client.close();
      }
    }

    assertThat(events).hasSize(4);
    assertThat(events.subList(0, 2)).allMatch(e -> e.startsWith("factory stopped"));
    assertThat(events.subList(2, 4)).allMatch(e -> e.startsWith("shutdown began"));
    assertThat(events).anyMatch(e -> e.endsWith("order-0")).anyMatch(e -> e.endsWith("order-1"));
    assertThat(ends).hasSize(8).allMatch(e -> e instanceof ConnectionLostException);
    assertThatThrownBy(() -> connect(port.host())).isInstanceOf(ConnectException.class);
  }

  @ParameterizedTest
  @EnumSource(value = AcceptMode.class, names = {"REUSE_PORT", "ACCEPTOR"})
  void stopDoesNotWaitOnAMemberThatAFatalErrorAlreadyEnded(AcceptMode mode) throws Exception {
    assumeTrue(mode != AcceptMode.REUSE_PORT || NioReactorGroup.reusePortSupported());
    NioReactorGroup group = NioReactorGroup.builder().size(2).threadNamePrefix("dead")
        .acceptMode(mode).build();
    NioReactorGroup.GroupPort port =
        group.listenTCP(0, r -> ProtocolFactory.of(Echo::new), 50, "127.0.0.1");
    group.start();
    NioReactor doomed = group.reactors().get(1);
    doomed.callFromThread(() -> {
      throw new InternalError("simulated broken VM on one member");
    });
    assertThat(doomed.awaitTermination(Duration.ofSeconds(10))).isTrue();
    assertThat(doomed.failure()).get().isInstanceOf(InternalError.class);

    group.stop();

    assertThat(group.awaitTermination(Duration.ofSeconds(10))).isTrue();
    assertThatThrownBy(() -> connect(port.host())).isInstanceOf(ConnectException.class);
  }

  @Test
  void misuseFailsFastAndSaysWhatToDo() throws Exception {
    assertThatThrownBy(() -> NioReactorGroup.builder().size(0))
        .hasMessage("size must be at least 1: 0");
    assertThatThrownBy(() -> NioReactorGroup.builder().threadNamePrefix(" "))
        .hasMessage("threadNamePrefix must not be blank: ' '");
    NioReactorGroup group = NioReactorGroup.builder().size(1).build();
    Thread other = new Thread(() -> assertThatThrownBy(
        () -> group.listenTCP(0, r -> ProtocolFactory.of(Echo::new), 50, ""))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("which built the group"));
    other.start();
    other.join(WAIT_MILLIS);
    group.start();
    assertThatThrownBy(() -> group.listenTCP(0, r -> ProtocolFactory.of(Echo::new), 50, ""))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("before start()");
    group.stop();
    assertThat(group.awaitTermination(Duration.ofSeconds(10))).isTrue();
    assertThatThrownBy(group::start).hasMessageContaining("a group runs once");
  }
}
