package dev.weft.samples.reconnect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.reactor.BaseProtocol;
import dev.weft.reactor.ListeningPort;
import dev.weft.reactor.ProtocolFactory;
import dev.weft.reactor.protocols.ReconnectingClientFactory;
import dev.weft.samples.NioHarness;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class ReconnectingLineClientIT {

  /** A server that says goodbye and hangs up on every client. */
  static final class HangUp extends BaseProtocol {
    @Override
    public void connectionMade() {
      transport().write("bye\r\n".getBytes(StandardCharsets.UTF_8));
      transport().loseConnection();
    }

    @Override
    public void dataReceived(ByteBuffer data) {}
  }

  @Test
  void reconnectsEachTimeTheServerHangsUp() throws Exception {
    try (NioHarness nio = new NioHarness("reconnect-it")) {
      ListeningPort port = nio.run(() ->
          nio.reactor().listenTCP(0, ProtocolFactory.of(HangUp::new), 50, "127.0.0.1"));
      List<String> lines = new ArrayList<>();
      CompletableFuture<Void> thirdBye = new CompletableFuture<>();

      ReconnectingLineClient client = nio.run(() -> ReconnectingLineClient.start(
          nio.reactor(), "127.0.0.1", port.host().getPort(), "hi",
          line -> {
            lines.add(line);
            if (lines.size() == 3) {
              thirdBye.complete(null);
            }
          },
          protocols -> ReconnectingClientFactory.builder(nio.reactor(), protocols)
              .initialDelay(Duration.ofMillis(10)).factor(1.5).jitter(0).build()));
      NioHarness.await(thirdBye);
      nio.run(() -> {
        client.stop();
        return null;
      });

      assertThat(lines).startsWith("bye", "bye", "bye");
      assertThat(nio.run(client::connections)).isGreaterThanOrEqualTo(3);
    }
  }
}
