package dev.weft.samples.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.reactor.ConnectionRefusedException;
import dev.weft.reactor.ListeningPort;
import dev.weft.samples.NioHarness;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

class GetPageIT {

  @Test
  void fetchesContentLengthAndChunkedPagesAndA404OverLoopback() throws Exception {
    try (NioHarness nio = new NioHarness("getpage-it")) {
      ListeningPort plain = nio.run(() -> nio.reactor().listenTCP(
          0, PageServer.numberedPages(nio.reactor(), 3, false), 50, "127.0.0.1"));
      ListeningPort chunked = nio.run(() -> nio.reactor().listenTCP(
          0, PageServer.numberedPages(nio.reactor(), 3, true), 50, "127.0.0.1"));

      HttpResponse first = nio.call(() -> HttpClient.getPage(nio.reactor(),
          "http://127.0.0.1:" + plain.host().getPort() + "/pages/1"));
      HttpResponse second = nio.call(() -> HttpClient.getPage(nio.reactor(),
          "http://127.0.0.1:" + chunked.host().getPort() + "/pages/2"));
      HttpResponse missing = nio.call(() -> HttpClient.getPage(nio.reactor(),
          "http://127.0.0.1:" + plain.host().getPort() + "/pages/4"));

      assertThat(first.status()).isEqualTo(200);
      assertThat(first.header("content-length")).isPresent();
      assertThat(first.bodyText()).contains("<title>Page 1</title>");
      assertThat(second.header("transfer-encoding")).hasValue("chunked");
      assertThat(second.bodyText()).contains("<title>Page 2</title>");
      assertThat(missing.status()).isEqualTo(404);
    }
  }

  @Test
  void aClosedPortIsRefused() throws Exception {
    try (NioHarness nio = new NioHarness("getpage-refused-it")) {
      // Open and close a port so that nothing listens on it now.
      ListeningPort port = nio.run(() -> nio.reactor().listenTCP(
          0, PageServer.numberedPages(nio.reactor(), 1, false), 50, "127.0.0.1"));
      nio.call(port::stopListening);

      assertThatThrownBy(() -> nio.call(() -> HttpClient.getPage(nio.reactor(),
              "http://127.0.0.1:" + port.host().getPort() + "/")))
          .isInstanceOf(ExecutionException.class)
          .hasCauseInstanceOf(ConnectionRefusedException.class);
    }
  }
}
