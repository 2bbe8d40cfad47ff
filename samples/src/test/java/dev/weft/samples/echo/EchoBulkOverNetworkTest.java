package dev.weft.samples.echo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.reactor.BaseProtocol;
import dev.weft.reactor.ClientFactory;
import dev.weft.reactor.PullProducer;
import dev.weft.reactor.testing.net.Host;
import dev.weft.reactor.testing.net.Network;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/**
 * A long transfer on the simulated network: 64 MiB through the echo server and back, on a
 * network whose connections keep no record of their writes, so memory stays bounded and the
 * arrays writes were copied into are reused: the testing guide's example of
 * {@code keepWritten(false)}.
 */
class EchoBulkOverNetworkTest {

  /** Byte {@code i} of the stream the flood sends. */
  static byte streamByte(long i) {
    return (byte) (i ^ (i >>> 11));
  }

  /**
   * Sends {@code total} bytes, 64 KiB per pull through one reused buffer, and checks every byte
   * that comes back.
   */
  static final class Flood extends BaseProtocol implements PullProducer {
    private final long total;
    private final ByteBuffer chunk = ByteBuffer.allocate(64 * 1024);
    long sent;
    long echoed;

    Flood(long total) {
      this.total = total;
    }

    @Override
    public void connectionMade() {
      transport().registerProducer(this, false);
    }

    @Override
    public void resumeProducing() {
      int n = (int) Math.min(chunk.capacity(), total - sent);
      chunk.clear().limit(n);
      for (int i = 0; i < n; i++) {
        chunk.put(i, streamByte(sent + i));
      }
      transport().write(chunk);
      sent += n;
      if (sent == total) {
        transport().unregisterProducer();
      }
    }

    @Override
    public void stopProducing() {}

    @Override
    public void dataReceived(ByteBuffer data) {
      while (data.hasRemaining()) {
        if (data.get() != streamByte(echoed)) {
          throw new AssertionError("echoed byte " + echoed + " differs from the one sent");
        }
        echoed++;
      }
    }
  }

  @Test
  void sixtyFourMebibytesComeBackIntactWithoutARecordOfTheWrites() {
    Network network = Network.builder().seed(1L).keepWritten(false).build();
    Host server = network.host("server");
    Host client = network.host("client");
    server.reactor().listenTCP(7, Echo.factory());
    Flood flood = new Flood(64L * 1024 * 1024);
    client.reactor().connectTCP("server", 7, ClientFactory.of(() -> flood));
    network.runUntilIdle();

    assertThat(flood.echoed).isEqualTo(64L * 1024 * 1024);
    assertThatThrownBy(() -> network.links().get(0).client().written())
        .hasMessageContaining("keepWritten(false)");
  }
}
