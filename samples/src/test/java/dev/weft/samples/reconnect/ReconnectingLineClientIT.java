package dev.weft.samples.reconnect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.reactor.ListeningPort;
import dev.weft.reactor.ProtocolFactory;
import dev.weft.reactor.endpoints.ClientService.State;
import dev.weft.reactor.endpoints.RetryPolicy;
import dev.weft.reactor.protocols.LineReceiver;
import dev.weft.samples.NioHarness;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class ReconnectingLineClientIT {

  /** Answers each line with the line in upper case; remembers its connections. */
  static final class Shouter extends LineReceiver {
    static final List<Shouter> CONNECTED = new CopyOnWriteArrayList<>();

    @Override
    public void connectionMade() {
      CONNECTED.add(this);
    }

    @Override
    protected void lineReceived(byte[] line) {
      sendLine(new String(line, StandardCharsets.UTF_8).toUpperCase(Locale.ROOT)
          .getBytes(StandardCharsets.UTF_8));
    }

    void hangUp() {
      transport().loseConnection();
    }
  }

  @Test
  void requestsAreAnsweredAcrossAReconnectionAndCloseIsOrderly() throws Exception {
    Shouter.CONNECTED.clear();
    try (NioHarness nio = new NioHarness("reconnect-it")) {
      ListeningPort port = nio.run(() ->
          nio.reactor().listenTCP(0, ProtocolFactory.of(Shouter::new), 50, "127.0.0.1"));
      CompletableFuture<Void> reconnected = new CompletableFuture<>();
      ReconnectingLineClient client = nio.run(() -> {
        ReconnectingLineClient c = ReconnectingLineClient.start(nio.reactor(), "127.0.0.1",
            port.host().getPort(), NioHarness.WAIT, RetryPolicy.constant(Duration.ofMillis(10)));
        c.service().addListener(change -> {
          if (change.from() == State.WAITING) {
            reconnected.complete(null);
          }
        });
        return c;
      });

      assertThat(nio.call(() -> client.request("one"))).isEqualTo("ONE");
      nio.run(() -> {
        Shouter.CONNECTED.get(0).hangUp();
        return null;
      });
      NioHarness.await(reconnected);
      assertThat(nio.call(() -> client.request("two"))).isEqualTo("TWO");
      nio.call(client::close);

      assertThat(nio.run(() -> client.service().state())).isEqualTo(State.STOPPED);
      assertThat(Shouter.CONNECTED).hasSize(2);
      nio.call(port::stopListening);
    }
  }
}
