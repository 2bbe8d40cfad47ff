package dev.weft.samples.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.reactor.Deferred;
import dev.weft.reactor.testing.MemoryConnection;
import dev.weft.reactor.testing.MemoryListeningPort;
import dev.weft.reactor.testing.MemoryReactor;
import dev.weft.reactor.testing.junit.InjectReactor;
import dev.weft.reactor.testing.junit.WithFakeReactor;
import dev.weft.reactor.testing.tls.FakeTls;
import dev.weft.reactor.testing.tls.TestCertificates;
import dev.weft.reactor.tls.TlsCertificateRejectedException;
import dev.weft.reactor.tls.TlsSession;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** getPage over https://, on the fakes: a real handshake in memory, and a fake one. */
@WithFakeReactor
class GetPageTlsTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final TestCertificates CERTIFICATES = TestCertificates.create("pages.example");

  @InjectReactor private MemoryReactor reactor;

  @Test
  void getPageFetchesAnHttpsPageFromThePageServerOverARealHandshake() {
    MemoryListeningPort port = (MemoryListeningPort)
        reactor.listenTLS(
            443, PageServer.numberedPages(reactor, 5, false), CERTIFICATES.serverConfig());

    Deferred<HttpResponse> page = HttpClient.getPage(
        reactor, "https://pages.example/pages/3", CERTIFICATES.clientConfig(), TIMEOUT);
    reactor.lastClientAttempt().connectTo(port).flush();

    assertThat(page).isCompletedWithValueMatching(r -> r.bodyText().contains("<title>Page 3</title>"));
    assertThat(reactor.connectTlsCalls()).singleElement()
        .satisfies(call -> assertThat(call.port()).isEqualTo(443));
    port.stopListening();
  }

  @Test
  void aServerCertificateForAnotherHostFailsThePage() {
    TestCertificates impostor = TestCertificates.create("impostor.example");
    MemoryListeningPort port = (MemoryListeningPort)
        reactor.listenTLS(
            443, PageServer.numberedPages(reactor, 5, false), impostor.serverConfig());

    Deferred<HttpResponse> page = HttpClient.getPage(
        reactor, "https://pages.example/pages/1", impostor.clientConfig(), TIMEOUT);
    reactor.lastClientAttempt().connectTo(port).flush();

    assertThat(page).isCompletedExceptionally();
    assertThat(page.handle((r, e) -> e).join()).isInstanceOf(TlsCertificateRejectedException.class)
        .hasMessageContaining("pages.example");
    port.stopListening();
  }

  @Test
  void getPageVerifiesTheHostAndSendsItAsSniWhichAFakeHandshakeShows() {
    FakeTls tls = FakeTls.create();
    Deferred<HttpResponse> page =
        HttpClient.getPage(reactor, "https://pages.example/hello", tls.clientConfig(), TIMEOUT);
    MemoryConnection connection = reactor.lastClientAttempt().connect();

    tls.lastHandshake().complete(connection, TlsSession.builder().build());
    assertThat(tls.lastHandshake().verifiesHostName()).isTrue();
    assertThat(tls.lastHandshake().serverName()).isEqualTo("pages.example");
    assertThat(connection.takeWrittenText()).startsWith("GET /hello HTTP/1.1\r\nHost: pages.example\r\n");
    connection.receive("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhi");

    assertThat(page).isCompletedWithValueMatching(r -> r.bodyText().equals("hi"));
    reactor.iterate();
    assertThat(connection.isOpen()).isFalse();
  }
}
