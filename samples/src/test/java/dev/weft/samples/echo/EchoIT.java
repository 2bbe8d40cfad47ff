package dev.weft.samples.echo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.reactor.BaseProtocol;
import dev.weft.reactor.ConnectionEndedException;
import dev.weft.reactor.ListeningPort;
import dev.weft.reactor.Protocol;
import dev.weft.reactor.endpoints.Endpoints;
import dev.weft.samples.NioHarness;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class EchoIT {

  /** Sends a payload and completes once the same number of bytes came back. */
  static final class Sender extends BaseProtocol {
    final byte[] payload;
    final ByteArrayOutputStream received = new ByteArrayOutputStream();
    final CompletableFuture<byte[]> echoed = new CompletableFuture<>();

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
      if (received.size() >= payload.length) {
        transport().loseConnection();
        echoed.complete(received.toByteArray());
      }
    }

    @Override
    public void connectionLost(ConnectionEndedException reason) {
      echoed.completeExceptionally(reason);
    }
  }

  @Test
  void echoesAMegabyteOverLoopback() throws Exception {
    byte[] payload = new byte[1 << 20];
    new Random(1).nextBytes(payload);
    Sender sender = new Sender(payload);
    try (NioHarness nio = new NioHarness("echo-it")) {
      ListeningPort port = nio.call(() ->
          Endpoints.server(nio.reactor(), "tcp:0:interface=127.0.0.1").listen(Echo.factory()));
      Protocol connected = nio.call(() ->
          Endpoints.client(nio.reactor(), "tcp:127.0.0.1:" + port.host().getPort())
              .connect(peer -> sender));

      assertThat(connected).isSameAs(sender);
      assertThat(NioHarness.await(sender.echoed)).isEqualTo(payload);
    }
  }
}
