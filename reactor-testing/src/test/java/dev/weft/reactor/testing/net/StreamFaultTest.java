package dev.weft.reactor.testing.net;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.reactor.BaseProtocol;
import dev.weft.reactor.ClientFactory;
import dev.weft.reactor.ConnectionClosedException;
import dev.weft.reactor.ConnectionEndedException;
import dev.weft.reactor.ConnectionLostException;
import dev.weft.reactor.HalfCloseableProtocol;
import dev.weft.reactor.ProtocolFactory;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Stream faults fire at the exact byte or instant they name, under every chunking. */
class StreamFaultTest {
  /** 40 bytes the server sends in three writes as soon as the connection is made. */
  static final String RESPONSE = "HTTP/1.1 200 OK\r\nA: b\r\n\r\n0123456789abcde";

  static Stream<Chunking> chunkings() {
    return Stream.of(Chunking.coalesced(), Chunking.oneByte(), Chunking.fixed(3),
        Chunking.random(42L), Chunking.random(7L));
  }

  /** Records what it reads, the reads, and how it ended; half-closeable. */
  static class Peer extends BaseProtocol implements HalfCloseableProtocol {
    final StringBuilder text = new StringBuilder();
    final List<Integer> reads = new ArrayList<>();
    final List<String> onMade = new ArrayList<>();
    boolean readLost;
    ConnectionEndedException lost;

    @Override
    public void connectionMade() {
      for (String s : onMade) {
        send(s);
      }
    }

    @Override
    public void dataReceived(ByteBuffer data) {
      reads.add(data.remaining());
      byte[] bytes = new byte[data.remaining()];
      data.get(bytes);
      text.append(new String(bytes, StandardCharsets.ISO_8859_1));
    }

    @Override
    public void readConnectionLost() {
      readLost = true;
    }

    @Override
    public void writeConnectionLost() {}

    @Override
    public void connectionLost(ConnectionEndedException reason) {
      lost = reason;
    }

    dev.weft.reactor.Transport t() {
      return transport();
    }

    void send(String s) {
      transport().write(s.getBytes(StandardCharsets.ISO_8859_1));
    }
  }

  final Peer server = new Peer();
  final Peer client = new Peer();

  /** A network where web answers with RESPONSE in three writes; the client connected. */
  Network connect(Chunking chunking, Fault... faults) {
    Network network = Network.builder().seed(3).chunking(chunking)
        .latency(Duration.ofMillis(5)).build();
    for (Fault f : faults) {
      network.inject(f);
    }
    Host web = network.host("web");
    Host app = network.host("app");
    server.onMade.addAll(List.of(RESPONSE.substring(0, 10), RESPONSE.substring(10, 24),
        RESPONSE.substring(24)));
    web.reactor().listenTCP(80, ProtocolFactory.of(() -> server));
    app.reactor().connectTCP("web", 80, ClientFactory.of(() -> client));
    return network;
  }

  @ParameterizedTest
  @MethodSource("chunkings")
  void resetAfterTheSeventeenthByteDeliversExactlySeventeenBytesThenAReset(Chunking chunking) {
    connect(chunking, Fault.resetAfter(17).onResponse()).runUntilIdle();

    assertThat(client.text.toString()).isEqualTo(RESPONSE.substring(0, 17));
    assertThat(client.lost).isInstanceOf(ConnectionLostException.class)
        .hasMessageContaining("reset");
    assertThat(server.lost).isInstanceOf(ConnectionLostException.class)
        .hasMessageContaining("Fault.resetAfter(17).onResponse()");
  }

  @ParameterizedTest
  @MethodSource("chunkings")
  void closeAfterNDeliversNBytesThenTheEndOfTheStream(Chunking chunking) {
    Network network = connect(chunking, Fault.closeAfter(30).onResponse());
    network.runUntilIdle();

    assertThat(client.text.toString()).isEqualTo(RESPONSE.substring(0, 30));
    assertThat(client.readLost).isTrue();
    assertThat(server.lost).isInstanceOf(ConnectionClosedException.class);
  }

  @ParameterizedTest
  @MethodSource("chunkings")
  void halfCloseAfterNEndsOnlyThatDirection(Chunking chunking) {
    Network network = connect(chunking, Fault.halfCloseAfter(12).onResponse());
    network.runUntilIdle();

    assertThat(client.text.toString()).isEqualTo(RESPONSE.substring(0, 12));
    assertThat(client.readLost).isTrue();
    assertThat(client.lost).isNull();
    assertThat(server.lost).isNull();
    client.send("still talking");
    network.runUntilIdle();
    assertThat(server.text.toString()).isEqualTo("still talking");
  }

  @ParameterizedTest
  @MethodSource("chunkings")
  void stallAfterNHoldsTheRestUntilReleased(Chunking chunking) {
    Network network = connect(chunking, Fault.stallAfter(5).onResponse());
    network.advance(Duration.ofMinutes(10));

    assertThat(client.text.toString()).isEqualTo(RESPONSE.substring(0, 5));
    assertThat(client.lost).isNull();
    network.releaseStalls().runUntilIdle();
    assertThat(client.text.toString()).isEqualTo(RESPONSE);
  }

  @ParameterizedTest
  @MethodSource("chunkings")
  void bytesWrittenDuringAStallWaitBehindTheStalledOnes(Chunking chunking) {
    Network network = connect(chunking, Fault.stallAfter(5).onResponse());
    network.runUntilIdle();
    server.send("more");
    network.advance(Duration.ofMinutes(1));
    assertThat(client.text.toString()).isEqualTo(RESPONSE.substring(0, 5));

    network.releaseStalls().runUntilIdle();
    assertThat(client.text.toString()).isEqualTo(RESPONSE + "more");
  }

  @ParameterizedTest
  @MethodSource("chunkings")
  void aCloseWaitsBehindStalledBytes(Chunking chunking) {
    Network network = connect(chunking, Fault.stallAfter(5).onResponse());
    network.runUntilIdle();
    server.t().loseConnection();
    network.advance(Duration.ofMinutes(1));
    assertThat(client.text.toString()).isEqualTo(RESPONSE.substring(0, 5));
    assertThat(client.readLost).isFalse();

    network.releaseStalls().runUntilIdle();
    assertThat(client.text.toString()).isEqualTo(RESPONSE);
    assertThat(client.readLost).isTrue();
    assertThat(server.lost).isInstanceOf(ConnectionClosedException.class);
  }

  @ParameterizedTest
  @MethodSource("chunkings")
  void resetAfterAByteStringCutsRightAfterItEvenAcrossWrites(Chunking chunking) {
    // "\r\n\r\n" straddles the second and third writes.
    connect(chunking, Fault.resetAfter("\r\n\r\n").onResponse()).runUntilIdle();

    assertThat(client.text.toString()).isEqualTo("HTTP/1.1 200 OK\r\nA: b\r\n\r\n");
    assertThat(client.lost).isInstanceOf(ConnectionLostException.class);
  }

  @Test
  void aPredicateTriggerFiresAtTheFirstByteItHolds() {
    Trigger secondLine = Trigger.when("two newlines", seen -> count(seen, '\n') == 2);
    connect(Chunking.coalesced(), Fault.close(secondLine).onResponse()).runUntilIdle();

    assertThat(client.text.toString()).isEqualTo("HTTP/1.1 200 OK\r\nA: b\r\n");
  }

  private static int count(byte[] bytes, char c) {
    int n = 0;
    for (byte b : bytes) {
      n += b == c ? 1 : 0;
    }
    return n;
  }

  @Test
  void anInstantTriggerFiresAfterWhatWasSentByThen() {
    Network network = connect(Chunking.coalesced(), Fault.reset(Trigger.at(Duration.ofMillis(30)))
        .onResponse());
    network.advance(Duration.ofMillis(20)); // connected at 10 ms, RESPONSE arrived at 15 ms
    assertThat(client.text.toString()).isEqualTo(RESPONSE);
    server.send("late");
    network.advance(Duration.ofMillis(9)); // 29 ms: the late bytes are in flight
    network.advance(Duration.ofMillis(1)); // 30 ms: the fault fires behind them
    network.runUntilIdle();

    assertThat(client.text.toString()).isEqualTo(RESPONSE + "late");
    assertThat(client.lost).isInstanceOf(ConnectionLostException.class);
    assertThat(network.clock().elapsed()).isEqualTo(Duration.ofMillis(35));
  }

  @Test
  void anInstantThatNeverCameIsDroppedWithTheLink() {
    Network network = connect(Chunking.coalesced(),
        Fault.reset(Trigger.at(Duration.ofHours(1))).onResponse());
    network.advance(Duration.ofMillis(100)); // (running until idle would reach the hour)
    // Both sides half-close-aware: each closes its own end.
    client.t().loseConnection();
    server.t().loseConnection();
    network.runUntilIdle();

    assertThat(client.lost).isInstanceOf(ConnectionClosedException.class);
    assertThat(server.lost).isInstanceOf(ConnectionClosedException.class);
    assertThat(network.links().get(0).isOpen()).isFalse();
    assertThat(network.clock().elapsed()).isLessThan(Duration.ofSeconds(1));
  }

  @Test
  void aRequestFaultCountsTheClientsBytes() {
    client.onMade.add("GET / HTTP/1.1\r\n\r\n");
    connect(Chunking.oneByte(), Fault.resetAfter(3).onRequest()).runUntilIdle();

    assertThat(server.text.toString()).isEqualTo("GET");
    assertThat(server.lost).isInstanceOf(ConnectionLostException.class);
    assertThat(client.lost).isInstanceOf(ConnectionLostException.class);
  }

  @Test
  void resetAfterZeroResetsBeforeTheFirstByte() {
    connect(Chunking.coalesced(), Fault.resetAfter(0).onResponse()).runUntilIdle();

    assertThat(client.text.toString()).isEmpty();
    assertThat(client.lost).isInstanceOf(ConnectionLostException.class);
  }

  @Test
  void delayChunksAddsItsDelayToEveryPacketOfTheDirection() {
    Network plain = connect(Chunking.coalesced());
    plain.advance(Duration.ofMillis(15));
    assertThat(client.text.toString()).isEqualTo(RESPONSE);

    Peer slowClient = new Peer();
    Network slow = Network.builder().seed(3).latency(Duration.ofMillis(5)).build();
    slow.inject(Fault.delayChunks(Duration.ofMillis(100)).onResponse());
    Peer slowServer = new Peer();
    slowServer.onMade.add("hello");
    slow.host("web").reactor().listenTCP(80, ProtocolFactory.of(() -> slowServer));
    slow.host("app").reactor().connectTCP("web", 80, ClientFactory.of(() -> slowClient));
    slow.advance(Duration.ofMillis(114));
    assertThat(slowClient.text.toString()).isEmpty();
    slow.advance(Duration.ofMillis(1));
    assertThat(slowClient.text.toString()).isEqualTo("hello");
  }

  @Test
  void aFaultInjectedIntoAnOpenLinkCountsFromItsFirstByte() {
    Network network = connect(Chunking.coalesced());
    network.runUntilIdle();
    Link link = network.links().get(0);
    link.inject(Fault.resetAfter(RESPONSE.length() + 2).onResponse());
    server.send("abcdef");
    network.runUntilIdle();

    assertThat(client.text.toString()).isEqualTo(RESPONSE + "ab");
    assertThat(client.lost).isInstanceOf(ConnectionLostException.class);
  }

  @Test
  void faultsScopedToALinkLeaveTheOthersAlone() {
    Network network = Network.builder().seed(1).build();
    network.inject(Fault.closeAfter(2).onResponse().onLink(1));
    Host web = network.host("web");
    Host app = network.host("app");
    List<Peer> clients = new ArrayList<>();
    web.reactor().listenTCP(80, ProtocolFactory.of(() -> {
      Peer p = new Peer();
      p.onMade.add("hello");
      return p;
    }));
    for (int i = 0; i < 3; i++) {
      Peer c = new Peer();
      clients.add(c);
      app.reactor().connectTCP("web", 80, ClientFactory.of(() -> c));
      network.runUntilIdle();
    }

    assertThat(clients).extracting(c -> c.text.toString()).containsExactly("hello", "he", "hello");
    assertThat(network.links()).extracting(Link::index).containsExactly(0, 1, 2);
  }
}
