package dev.weft.reactor.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.reactor.BaseProtocol;
import dev.weft.reactor.ClientFactory;
import dev.weft.reactor.ProtocolFactory;
import dev.weft.reactor.testing.net.Chunking;
import dev.weft.reactor.testing.net.Host;
import dev.weft.reactor.testing.net.Link;
import dev.weft.reactor.testing.net.Network;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A transport built with {@code keepWritten(false)} keeps no record of its writes, so memory
 * stays bounded, and the arrays its writes were copied into come back once the peer has read
 * them. Reusing them must never change a byte the reader has not read yet.
 */
class KeepWrittenTest {
  /** Byte {@code i} of the test stream. */
  private static byte streamByte(long i) {
    return (byte) (i * 31 + (i >>> 9));
  }

  /**
   * Writes the test stream in writes of sizes drawn from a seed, small (into slabs) and large
   * (arrays of their own), through one buffer it overwrites after every write, as a real writer
   * reuses its buffer.
   */
  private static final class StreamWriter extends BaseProtocol {
    private static final int[] SIZES = {1, 64, 700, 1024, 1025, 4096, 20_000, 65_536};
    private final ByteBuffer buffer = ByteBuffer.allocate(65_536);
    private final Random sizes;
    long written;

    StreamWriter(long seed) {
      this.sizes = new Random(seed);
    }

    @Override
    public void dataReceived(ByteBuffer data) {
      throw new AssertionError("the checker never writes");
    }

    void write(long bytes) {
      long end = written + bytes;
      while (written < end) {
        int n = (int) Math.min(SIZES[sizes.nextInt(SIZES.length)], end - written);
        buffer.clear();
        for (int i = 0; i < n; i++) {
          buffer.put(streamByte(written + i));
        }
        buffer.flip();
        transport().write(buffer);
        written += n;
        // What the writer does with its buffer after the call is its own business.
        buffer.clear();
        for (int i = 0; i < n; i++) {
          buffer.put((byte) 0x5A);
        }
      }
    }
  }

  /** Checks every byte it reads against the test stream. */
  private static final class StreamChecker extends BaseProtocol {
    long received;
    int reads;

    @Override
    public void dataReceived(ByteBuffer data) {
      reads++;
      while (data.hasRemaining()) {
        byte got = data.get();
        if (got != streamByte(received)) {
          throw new AssertionError("byte " + received + " is " + got + ", expected "
              + streamByte(received));
        }
        received++;
      }
    }
  }

  static Stream<Chunking> chunkings() {
    return Stream.of(Chunking.coalesced(), Chunking.fixed(1000), Chunking.random(1),
        Chunking.random(2));
  }

  private static Link connect(Network network, StreamChecker checker, StreamWriter writer) {
    Host server = network.host("server");
    Host client = network.host("client");
    server.reactor().listenTCP(80, ProtocolFactory.of(() -> checker));
    client.reactor().connectTCP("server", 80, ClientFactory.of(() -> writer));
    network.runUntilIdle();
    return network.links().get(0);
  }

  @ParameterizedTest
  @MethodSource("chunkings")
  void aLinkThatKeepsNoRecordDeliversEveryByteWhileReusingItsArrays(Chunking chunking) {
    Network network = Network.builder().seed(7).chunking(chunking).keepWritten(false).build();
    StreamChecker checker = new StreamChecker();
    StreamWriter writer = new StreamWriter(11);
    Link link = connect(network, checker, writer);
    RecordingTransport transport = link.client().transport();

    for (int round = 0; round < 8; round++) {
      writer.write(300_000);
      network.runUntilIdle();
      assertThat(checker.received).isEqualTo(writer.written);
    }

    assertThat(transport.keepsWritten()).isFalse();
    assertThat(transport.pendingBytes()).isZero();
    assertThat(transport.spareBytes()).as("arrays back from the reader").isPositive();
    assertThat(link.serverHost().reactor().callbackErrors()).isEmpty();
  }

  @Test
  void bytesHeldAcrossAPartitionAreNotReusedBeforeTheyAreRead() {
    Network network = Network.builder().seed(3).keepWritten(false).build();
    StreamChecker checker = new StreamChecker();
    StreamWriter writer = new StreamWriter(5);
    Link link = connect(network, checker, writer);
    writer.write(200_000);
    network.runUntilIdle();

    network.partition(link.clientHost(), link.serverHost());
    writer.write(500_000);
    network.advance(java.time.Duration.ofSeconds(1));
    link.server().transport().pauseProducing();
    network.healAll();
    network.advance(java.time.Duration.ofSeconds(1));
    writer.write(100_000);
    network.advance(java.time.Duration.ofSeconds(1));
    link.server().transport().resumeProducing();
    network.runUntilIdle();

    assertThat(checker.received).isEqualTo(writer.written).isEqualTo(800_000);
  }

  @Test
  void aPumpThatKeepsNoRecordDeliversEveryByte() {
    StreamChecker checker = new StreamChecker();
    StreamWriter writer = new StreamWriter(13);
    Pump pump = Pump.builder().chunking(Chunking.random(9)).keepWritten(false)
        .connect(checker, writer);
    for (int round = 0; round < 5; round++) {
      writer.write(250_000);
      pump.flush();
    }
    assertThat(checker.received).isEqualTo(1_250_000);
    assertThat(pump.client().transport().spareBytes()).isPositive();
  }

  @Test
  void aReadKeptPastItsCallLaterShowsOtherBytesAsOnNio() {
    ByteBuffer[] kept = new ByteBuffer[1];
    BaseProtocol keeper = new BaseProtocol() {
      @Override
      public void dataReceived(ByteBuffer data) {
        if (kept[0] == null) {
          kept[0] = data.duplicate(); // a bug: nio reuses its read buffer after the call
        }
        data.position(data.limit());
      }
    };
    RecordingProtocol writer = new RecordingProtocol();
    Pump pump = Pump.builder().keepWritten(false).connect(keeper, writer);
    byte[] first = new byte[4096];
    java.util.Arrays.fill(first, (byte) 'a');
    byte[] second = new byte[4096];
    java.util.Arrays.fill(second, (byte) 'b');
    pump.client().transport().write(first);
    pump.flush();
    pump.client().transport().write(second);
    pump.flush();

    assertThat(kept[0].get(kept[0].position())).isEqualTo((byte) 'b');
  }

  @Test
  void writtenFailsAndNamesTheSettingWithoutARecord() {
    RecordingTransport transport = RecordingTransport.builder().keepWritten(false).build();
    transport.write(new byte[] {1, 2, 3});

    assertThatThrownBy(transport::written)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("written()")
        .hasMessageContaining("keepWritten(false)")
        .hasMessageContaining("keepWritten(true)");
    assertThatThrownBy(transport::takeWritten)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("takeWritten()");
    assertThat(transport.pendingBytes()).isEqualTo(3);
    transport.clear();
    assertThat(transport.pendingBytes()).isZero();
  }

  @Test
  void aPumpThatKeepsNoRecordSaysSoWhenAskedForWhatWasWritten() {
    Pump pump = Pump.builder().keepWritten(false)
        .connect(new RecordingProtocol(), new RecordingProtocol());
    pump.client().transport().write(new byte[] {1});
    pump.flush();

    assertThatThrownBy(() -> pump.client().written())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("keepWritten(false)");
  }

  @Test
  void aConnectionTheTestPlaysByHandKeepsItsRecord() {
    MemoryReactor reactor = new MemoryReactor().keepWritten(false);
    RecordingProtocol client = new RecordingProtocol();
    reactor.connectTCP("127.0.0.1", 80, ClientFactory.of(() -> client));
    MemoryConnection connection = reactor.pendingClientAttempts().get(0)
        .connect(new InetSocketAddress("127.0.0.1", 80));
    connection.transport().write(new byte[] {1, 2});

    assertThat(connection.written()).containsExactly(1, 2);
  }

  @Test
  void aRestartedHostStillKeepsNoRecord() {
    Network network = Network.builder().keepWritten(false).build();
    Host server = network.host("server");
    server.crash().restart();
    Host client = network.host("client");
    server.reactor().listenTCP(80, ProtocolFactory.of(RecordingProtocol::new));
    client.reactor().connectTCP("server", 80, ClientFactory.of(RecordingProtocol::new));
    network.runUntilIdle();

    assertThat(network.links().get(0).server().transport().keepsWritten()).isFalse();
    assertThat(network.links().get(0).client().transport().keepsWritten()).isFalse();
  }
}
