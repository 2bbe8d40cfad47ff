package dev.weft.reactor.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.reactor.ClientFactory;
import dev.weft.reactor.ConnectionClosedException;
import dev.weft.reactor.ConnectionLostException;
import dev.weft.reactor.testing.net.Chunking;
import dev.weft.reactor.testing.net.Fault;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Stream faults on one pumped connection ({@link Pump#inject}), with the triggers and actions of
 * a network link: the reader sees exactly the bytes before the fault, under every chunking.
 */
class PumpFaultTest {
  private final RecordingProtocol server = new RecordingProtocol();
  private final RecordingProtocol client = new RecordingProtocol();

  static Stream<Chunking> chunkings() {
    return Stream.of(Chunking.coalesced(), Chunking.oneByte(), Chunking.fixed(3),
        Chunking.random(5));
  }

  private Pump pump(Chunking chunking) {
    return Pump.builder().chunking(chunking).connect(server, client);
  }

  @ParameterizedTest
  @MethodSource("chunkings")
  void aResetAfterBytesDeliversThemThenResetsBothEnds(Chunking chunking) {
    Pump pump = pump(chunking).inject(Fault.resetAfter(5).onResponse());
    server.write("hello world");
    pump.flush();

    assertThat(client.receivedText()).isEqualTo("hello");
    assertThat(client.lostReason).isInstanceOf(ConnectionLostException.class)
        .hasMessageContaining("reset");
    assertThat(server.lostReason).isInstanceOf(ConnectionLostException.class)
        .hasMessageContaining("Fault.resetAfter(5)");
    assertThat(pump.isOpen()).isFalse();
  }

  @ParameterizedTest
  @MethodSource("chunkings")
  void aCloseWhenBytesMatchEndsTheWriterCleanlyAndTheReaderReadsTheEnd(Chunking chunking) {
    Pump pump = pump(chunking).inject(Fault.closeAfter("\r\n\r\n").onRequest());
    client.write("GET / HTTP/1.1\r\n\r\nnever sent");
    pump.flush();

    assertThat(server.receivedText()).isEqualTo("GET / HTTP/1.1\r\n\r\n");
    assertThat(server.lostReason).isInstanceOf(ConnectionClosedException.class);
    assertThat(client.lostReason).isInstanceOf(ConnectionClosedException.class);
  }

  @Test
  void aHalfCloseEndsOneDirectionAndTheOtherKeepsWorking() {
    RecordingProtocol.HalfCloseable halfServer = new RecordingProtocol.HalfCloseable();
    Pump pump = Pump.connect(halfServer, client).inject(Fault.halfCloseAfter(3).onRequest());
    client.write("abcdef");
    pump.flush();
    assertThat(halfServer.receivedText()).isEqualTo("abc");
    assertThat(halfServer.events).contains("readLost");

    halfServer.write("still here");
    client.write("dropped");
    pump.flush();
    assertThat(client.receivedText()).isEqualTo("still here");
    assertThat(halfServer.receivedText()).isEqualTo("abc");
  }

  @Test
  void aStallHoldsBytesAndTheCloseBehindThemUntilReleased() {
    Pump pump = Pump.connect(server, client).inject(Fault.stallAfter(3).onResponse());
    server.write("abcdef");
    pump.flush();
    server.t().loseConnection();
    pump.flush();
    assertThat(client.receivedText()).isEqualTo("abc");
    assertThat(client.lostReason).as("the close waits behind the stalled bytes").isNull();

    pump.releaseStall().flush();

    assertThat(client.receivedText()).isEqualTo("abcdef");
    assertThat(client.lostReason).isInstanceOf(ConnectionClosedException.class);
  }

  @Test
  void aFaultAtAnInstantFiresInThePumpStepThatReachesIt() {
    Clock clock = new Clock();
    Pump pump = Pump.builder().advancing(clock, Duration.ofMillis(10)).connect(server, client)
        .inject(Fault.reset(dev.weft.reactor.testing.net.Trigger.at(Duration.ofMillis(25)))
            .onRequest());
    client.write("early");
    pump.pump();
    assertThat(server.receivedText()).isEqualTo("early");
    pump.pump(); // 20 ms: not yet
    assertThat(server.lostReason).isNull();

    pump.pump(); // 30 ms: the instant has come, so the step fires it
    assertThat(server.lostReason).isInstanceOf(ConnectionLostException.class);
    assertThat(client.lostReason).isInstanceOf(ConnectionLostException.class);
  }

  @Test
  void aFaultOnAnAttemptCompletedByHandReachesTheReactorsConnection() {
    // Issue #11: a fault on one connection, without a network.
    MemoryReactor reactor = new MemoryReactor();
    MemoryListeningPort port = (MemoryListeningPort) reactor.listenTCP(0, peer -> server);
    reactor.connectTCP("127.0.0.1", port.port(), ClientFactory.of(() -> client));
    Pump pump = reactor.lastClientAttempt().connectTo(port)
        .inject(Fault.resetAfter("ok").onResponse());

    server.write("ok then");
    pump.flush();

    assertThat(client.receivedText()).isEqualTo("ok");
    assertThat(client.lostReason).isInstanceOf(ConnectionLostException.class);
    assertThat(reactor.openConnections()).isEmpty();
  }

  @Test
  void whatAPumpCannotDoFailsNamingTheFix() {
    Pump pump = Pump.connect(server, client);
    assertThatThrownBy(() -> pump.inject(Fault.delayChunks(Duration.ofMillis(5)).onRequest()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no latency").hasMessageContaining("Link.inject");
    assertThatThrownBy(() -> pump.inject(
        Fault.reset(dev.weft.reactor.testing.net.Trigger.at(Duration.ofMillis(5))).onRequest()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Pump.builder().advancing(clock, step)");
    assertThatThrownBy(() -> pump.inject(null)).isInstanceOf(NullPointerException.class)
        .hasMessage("fault");
  }
}
