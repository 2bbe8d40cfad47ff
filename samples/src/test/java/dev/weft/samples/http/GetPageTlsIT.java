package dev.weft.samples.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.reactor.ListeningPort;
import dev.weft.reactor.testing.tls.TestCertificates;
import dev.weft.reactor.tls.TlsCertificateRejectedException;
import dev.weft.samples.NioHarness;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/** getPage over https:// on the nio reactor, against the page server under listenTLS. */
class GetPageTlsIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  @Test
  void fetchesAnHttpsPageWithCertificateAndHostNameVerification() throws Exception {
    TestCertificates certificates = TestCertificates.create("127.0.0.1");
    try (NioHarness nio = new NioHarness("getpage-tls-it")) {
      ListeningPort port = nio.run(() -> nio.reactor().listenTLS(
          0, PageServer.numberedPages(nio.reactor(), 3, true), certificates.serverConfig(), 50,
          "127.0.0.1"));

      HttpResponse page = nio.call(() -> HttpClient.getPage(nio.reactor(),
          "https://127.0.0.1:" + port.host().getPort() + "/pages/2", certificates.clientConfig(), TIMEOUT));

      assertThat(page.status()).isEqualTo(200);
      assertThat(page.bodyText()).contains("<title>Page 2</title>");
    }
  }

  @Test
  void aServerNobodyTrustsFailsThePage() throws Exception {
    TestCertificates trusted = TestCertificates.create("127.0.0.1");
    TestCertificates stranger = TestCertificates.create("127.0.0.1");
    try (NioHarness nio = new NioHarness("getpage-tls-untrusted-it")) {
      ListeningPort port = nio.run(() -> nio.reactor().listenTLS(
          0, PageServer.numberedPages(nio.reactor(), 1, false), stranger.serverConfig(), 50,
          "127.0.0.1"));

      assertThatThrownBy(() -> nio.call(() -> HttpClient.getPage(nio.reactor(),
              "https://127.0.0.1:" + port.host().getPort() + "/", trusted.clientConfig(), TIMEOUT)))
          .isInstanceOf(ExecutionException.class)
          .hasCauseInstanceOf(TlsCertificateRejectedException.class);
    }
  }
}
