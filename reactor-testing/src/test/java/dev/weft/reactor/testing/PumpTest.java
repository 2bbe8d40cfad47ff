package dev.weft.reactor.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.reactor.testing.net.Chunking;
import dev.weft.reactor.ConnectionAbortedException;
import dev.weft.reactor.ConnectionClosedException;
import dev.weft.reactor.ConnectionLostException;
import dev.weft.reactor.ProtocolFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PumpTest {
  private final RecordingProtocol server = new RecordingProtocol();
  private final RecordingProtocol client = new RecordingProtocol();

  @Test
  void connectRunsServerConnectionMadeThenClients() {
    List<String> order = new ArrayList<>();
    server.onMade = p -> order.add("server");
    client.onMade = p -> order.add("client");
    Pump.connect(server, client);
    assertThat(order).containsExactly("server", "client");
  }

  @Test
  void bytesAreNeverDeliveredInsideWrite() {
    Pump pump = Pump.connect(server, client);
    client.write("ping");
    assertThat(server.events).containsExactly("made");
    assertThat(pump.pump()).isTrue();
    assertThat(server.events).containsExactly("made", "data:ping");
  }

  @Test
  void flushMovesBytesBothWaysUntilQuiet() {
    server.onData = (p, text) -> {
      if (text.equals("ping")) {
        p.write("pong");
      }
    };
    Pump pump = Pump.connect(server, client);
    client.write("ping");
    int steps = pump.flush();
    assertThat(client.receivedText()).isEqualTo("pong");
    assertThat(steps).isEqualTo(2);
    assertThat(pump.pump()).isFalse();
  }

  @Test
  void writesSinceTheReaderLastRanArriveAsOneReadByDefault() {
    Pump pump = Pump.connect(server, client);
    client.write("abc");
    client.write("de");
    pump.flush();
    assertThat(server.chunkSizes).containsExactly(5);
    assertThat(server.receivedText()).isEqualTo("abcde");
    assertThat(pump.chunking()).isEqualTo(Chunking.coalesced());
  }

  @Test
  void fixedChunksCutAcrossWriteBoundaries() {
    Pump pump = Pump.builder().chunking(Chunking.fixed(4)).connect(server, client);
    client.write("abc");
    client.write("defgh");
    pump.flush();
    assertThat(server.chunkSizes).containsExactly(4, 4);
    assertThat(server.receivedText()).isEqualTo("abcdefgh");
  }

  @Test
  void randomCutsSpanWritesAndKeepEveryByteInOrder() {
    Pump pump = Pump.builder().chunking(Chunking.random(5)).connect(server, client);
    StringBuilder sent = new StringBuilder();
    for (int i = 0; i < 50; i++) {
      String word = "w" + i + ";";
      sent.append(word);
      client.write(word);
    }
    pump.flush();
    assertThat(server.receivedText()).isEqualTo(sent.toString());
    assertThat(server.chunkSizes).hasSizeGreaterThan(1).hasSizeLessThan(sent.length());
  }

  @Test
  void theWriterMayReuseItsArrayAndTheRecordKeepsWhatWasWritten() {
    Pump pump = Pump.connect(server, client);
    byte[] reused = {'a', 'b'};
    client.t().write(reused);
    reused[0] = 'x';
    client.t().write(reused);
    pump.flush();
    assertThat(server.receivedText()).isEqualTo("abxb");
    assertThat(pump.client().written()).containsExactly('a', 'b', 'x', 'b');
  }

  @Test
  void oneByteAtATimeDeliversEveryByteAlone() {
    Pump pump = Pump.builder().chunking(Chunking.oneByte()).connect(server, client);
    client.write("abc");
    pump.flush();
    assertThat(server.chunkSizes).containsExactly(1, 1, 1);
    assertThat(server.receivedText()).isEqualTo("abc");
  }

  @Test
  void randomSplitsWithTheSameSeedReplayExactly() {
    List<Integer> first = chunksWith(Chunking.random(42));
    List<Integer> second = chunksWith(Chunking.random(42));
    assertThat(first).isEqualTo(second);
    assertThat(first.stream().mapToInt(Integer::intValue).sum()).isEqualTo(200);
    assertThat(first).hasSizeGreaterThan(1);
  }

  private List<Integer> chunksWith(Chunking policy) {
    RecordingProtocol s = new RecordingProtocol();
    RecordingProtocol c = new RecordingProtocol();
    Pump pump = Pump.builder().chunking(policy).connect(s, c);
    c.write("x".repeat(200));
    pump.flush();
    return s.chunkSizes;
  }

  @Test
  void loseConnectionDeliversPendingBytesThenClosesBothSidesCleanly() {
    Pump pump = Pump.connect(server, client);
    client.write("last words");
    client.t().loseConnection();
    pump.flush();
    assertThat(server.events).containsExactly("made", "data:last words", "lost:ConnectionClosedException");
    assertThat(client.lostReason).isInstanceOf(ConnectionClosedException.class);
    assertThat(pump.client().isOpen()).isFalse();
  }

  @Test
  void abortDiscardsPendingBytesAndTheOtherSideSeesAReset() {
    Pump pump = Pump.connect(server, client);
    client.write("never sent");
    client.t().abortConnection();
    pump.flush();
    assertThat(server.events).containsExactly("made", "lost:ConnectionLostException");
    assertThat(client.lostReason).isInstanceOf(ConnectionAbortedException.class);
  }

  @Test
  void halfCloseReachesAHalfCloseablePeerWhichCanStillAnswer() {
    RecordingProtocol.HalfCloseable halfServer = new RecordingProtocol.HalfCloseable();
    RecordingProtocol.HalfCloseable halfClient = new RecordingProtocol.HalfCloseable();
    halfServer.onData = (p, text) -> p.write("answer");
    Pump pump = Pump.connect(halfServer, halfClient);
    halfClient.write("request");
    halfClient.t().loseWriteConnection();
    pump.pump();
    assertThat(halfServer.events).containsExactly("made", "data:request", "readLost");
    assertThat(halfClient.events).containsExactly("made", "data:answer", "writeLost");
    halfServer.t().loseWriteConnection();
    pump.flush();
    assertThat(halfClient.events).containsExactly(
        "made", "data:answer", "writeLost", "readLost", "lost:ConnectionClosedException");
    assertThat(halfServer.events).containsExactly(
        "made", "data:request", "readLost", "writeLost", "lost:ConnectionClosedException");
  }

  @Test
  void halfCloseToAnOrdinaryPeerClosesTheConnection() {
    Pump pump = Pump.connect(server, client);
    client.t().loseWriteConnection();
    pump.flush();
    assertThat(server.lostReason).isInstanceOf(ConnectionClosedException.class);
    assertThat(client.lostReason).isInstanceOf(ConnectionClosedException.class);
  }

  @Test
  void closeWaitsForARegisteredPullProducer() {
    Pump pump = Pump.connect(server, client);
    client.t().registerProducer(new dev.weft.reactor.PullProducer() {
      @Override
      public void resumeProducing() {}

      @Override
      public void stopProducing() {}
    }, false);
    client.t().loseConnection();
    pump.flush();
    assertThat(pump.client().isOpen()).isTrue();
    client.t().unregisterProducer();
    pump.flush();
    assertThat(pump.client().isOpen()).isFalse();
  }

  @Test
  void aPushProducerDoesNotHoldTheCloseAndIsStoppedByIt() {
    Pump pump = Pump.connect(server, client);
    boolean[] stopped = {false};
    client.t().registerProducer(new dev.weft.reactor.PushProducer() {
      @Override
      public void pauseProducing() {}

      @Override
      public void resumeProducing() {}

      @Override
      public void stopProducing() {
        stopped[0] = true;
      }
    }, true);
    client.write("last words");
    client.t().loseConnection();
    pump.flush();
    assertThat(server.receivedText()).isEqualTo("last words");
    assertThat(pump.client().isOpen()).isFalse();
    assertThat(stopped[0]).isTrue();
  }

  @Test
  void callbackFailureAbortsAndThrowsWithTheSeedAfterTheStep() {
    IllegalStateException boom = new IllegalStateException("cannot parse");
    server.onData = (p, text) -> {
      throw boom;
    };
    Pump pump = Pump.builder().chunking(Chunking.random(7)).connect(server, client);
    client.write("hello");
    assertThatThrownBy(pump::flush)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("Chunking.random(7L)")
        .hasMessageContaining("step 1")
        .hasCause(boom);
    assertThat(server.lostReason).isInstanceOf(ConnectionAbortedException.class).hasCause(boom);
    assertThat(client.lostReason).isInstanceOf(ConnectionLostException.class);
  }

  @Test
  void advancesTheClockEachStep() {
    Clock clock = new Clock();
    List<Long> fired = new ArrayList<>();
    clock.callLater(Duration.ofMillis(20), () -> fired.add(clock.elapsed().toMillis()));
    Pump pump = Pump.builder().advancing(clock, Duration.ofMillis(10)).connect(server, client);
    pump.pump();
    assertThat(fired).isEmpty();
    pump.pump();
    assertThat(fired).containsExactly(20L);
    assertThat(pump.steps()).isEqualTo(2);
  }

  @Test
  void flushGivesUpOnProtocolsThatTalkForever() {
    server.onData = (p, text) -> p.write("again");
    client.onData = (p, text) -> p.write("again");
    Pump pump = Pump.builder().maxFlushSteps(20).connect(server, client);
    client.write("start");
    assertThatThrownBy(pump::flush)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("after 20 steps")
        .hasMessageContaining("maxFlushSteps");
  }

  @Test
  void factoriesBuildTheProtocolsWithEachOthersAddresses() {
    Pump pump = Pump.connect(ProtocolFactory.of(() -> server), ProtocolFactory.of(() -> client));
    assertThat(pump.server().protocol()).isSameAs(server);
    assertThat(server.t().peer()).isEqualTo(client.t().host());
    assertThat(client.t().peer()).isEqualTo(server.t().host());
  }

  @Test
  void factoryReturningNullFails() {
    assertThatThrownBy(() -> Pump.connect(peer -> null, ProtocolFactory.of(() -> client)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("server factory returned null");
  }

  @Test
  void pumpedConnectionsRejectPeerActions() {
    Pump pump = Pump.connect(server, client);
    assertThatThrownBy(() -> pump.server().receive("x"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("a Pump drives this connection");
  }

  @Test
  void builderRejectsBadValues() {
    assertThatThrownBy(() -> Pump.builder().maxFlushSteps(0))
        .hasMessage("maxFlushSteps must be at least 1: 0");
    assertThatThrownBy(() -> Pump.builder().advancing(new Clock(), Duration.ofMillis(-1)))
        .hasMessage("step must not be negative: PT-0.001S");
    assertThatThrownBy(() -> Pump.builder().chunking(null)).hasMessage("chunking");
  }
}
