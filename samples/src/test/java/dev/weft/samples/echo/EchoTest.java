package dev.weft.samples.echo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.reactor.BaseProtocol;
import dev.weft.reactor.ConnectionClosedException;
import dev.weft.reactor.ConnectionEndedException;
import dev.weft.reactor.Transport;
import dev.weft.reactor.testing.net.Chunking;
import dev.weft.reactor.testing.MemoryConnection;
import dev.weft.reactor.testing.MemoryListeningPort;
import dev.weft.reactor.testing.MemoryReactor;
import dev.weft.reactor.testing.Pump;
import dev.weft.reactor.testing.RecordingTransport;
import dev.weft.reactor.testing.junit.InjectReactor;
import dev.weft.reactor.testing.junit.WithFakeReactor;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Random;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

@WithFakeReactor
class EchoTest {
  @InjectReactor private MemoryReactor reactor;


  /** A client that sends a payload on connect and keeps what comes back. */
  static final class Sender extends BaseProtocol {
    final byte[] payload;
    final ByteArrayOutputStream received = new ByteArrayOutputStream();
    @Nullable ConnectionEndedException ended;

    Sender(byte[] payload) {
      this.payload = payload;
    }

    @Override
    public void connectionMade() {
      transport().write(payload);
    }

    @Override
    public void dataReceived(ByteBuffer data) {
      byte[] bytes = new byte[data.remaining()];
      data.get(bytes);
      received.writeBytes(bytes);
      if (received.size() == payload.length) {
        transport().loseConnection();
      }
    }

    @Override
    public void connectionLost(ConnectionEndedException reason) {
      ended = reason;
    }
  }

  @Test
  void anAcceptedConnectionEchoesEachChunkAsItArrives() {
    MemoryListeningPort port = (MemoryListeningPort) reactor.listenTCP(7, Echo.factory());

    MemoryConnection client = port.accept();
    client.receive("hello ");
    assertThat(client.takeWrittenText()).isEqualTo("hello ");
    client.receive("world");
    assertThat(client.takeWrittenText()).isEqualTo("world");

    client.close();
    port.stopListening();
    assertThat(client.isOpen()).isFalse();
    assertThat(reactor.callbackErrors()).isEmpty();
  }

  static Stream<Chunking> deliveries() {
    return Stream.of(
        Chunking.coalesced(),
        Chunking.oneByte(),
        Chunking.random(3),
        Chunking.random(77));
  }

  /** A client that records how many bytes came back, and checks them against a pattern. */
  static final class Reader extends BaseProtocol {
    long received;
    boolean corrupted;

    static byte patternAt(long offset) {
      return (byte) (offset % 251);
    }

    @Override
    public void dataReceived(ByteBuffer data) {
      while (data.hasRemaining()) {
        corrupted |= data.get() != patternAt(received++);
      }
    }

    Transport t() {
      return transport();
    }
  }

  @Test
  void whenThePeerStopsReadingTheEchoStopsReadingAndBuffersNoMoreThanItsMarks() {
    Echo echo = new Echo();
    Reader client = new Reader();
    Pump pump = Pump.connect(echo, client);
    RecordingTransport echoSide = pump.server().transport();
    client.t().pauseProducing();
    int total = 4 * 1024 * 1024;
    byte[] chunk = new byte[16 * 1024];
    for (int offset = 0; offset < total; offset += chunk.length) {
      for (int i = 0; i < chunk.length; i++) {
        chunk[i] = Reader.patternAt(offset + i);
      }
      client.t().write(chunk);
    }

    pump.flush();

    assertThat(echoSide.isReadingPaused()).as("the echo stopped reading").isTrue();
    assertThat(echoSide.pendingBytes())
        .as("the echo holds its high-water mark and one read (a receive buffer) at most")
        .isGreaterThan(echoSide.highWaterMark())
        .isLessThanOrEqualTo(echoSide.highWaterMark() + Pump.DEFAULT_RECEIVE_BUFFER_SIZE);
    assertThat(pump.client().transport().pendingBytes())
        .as("the rest waits with the writer")
        .isGreaterThan(total / 2);

    client.t().resumeProducing();
    pump.flush();

    assertThat(client.received).isEqualTo(total);
    assertThat(client.corrupted).isFalse();
    assertThat(echoSide.isReadingPaused()).isFalse();
    assertThat(echoSide.pendingBytes()).isZero();
  }

  @ParameterizedTest
  @MethodSource("deliveries")
  void everyByteComesBackInOrderWhateverTheChunking(Chunking delivery) {
    byte[] payload = new byte[3000];
    new Random(5).nextBytes(payload);
    Sender sender = new Sender(payload);

    Pump pump = Pump.builder().chunking(delivery).connect(new Echo(), sender);
    pump.flush();

    assertThat(sender.received.toByteArray()).isEqualTo(payload);
    assertThat(sender.ended).isInstanceOf(ConnectionClosedException.class);
  }
}
