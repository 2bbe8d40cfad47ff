// The README's headline example, copied from the imports down (DocumentationExamplesTest checks
// docs/testing-guide.md against it).
package dev.weft.samples.http;

import static dev.weft.reactor.testing.assertj.ReactorAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.reactor.Deferred;
import dev.weft.reactor.testing.MemoryConnection;
import dev.weft.reactor.testing.MemoryReactorClock;
import dev.weft.reactor.testing.junit.ReactorTest;

class GetPageExampleTest {

  @ReactorTest
  void getPageSendsAGetAndCompletesWithTheParsedResponse(MemoryReactorClock reactor) {
    Deferred<HttpResponse> page = HttpClient.getPage(reactor, "http://example.com:8080/hello");

    // The fake reactor recorded the connection attempt; the test plays the server.
    assertThat(reactor).hasClientAttemptTo("example.com", 8080);
    MemoryConnection server = reactor.lastClientAttempt().connect();
    assertThat(server.takeWrittenText())
        .startsWith("GET /hello HTTP/1.1\r\nHost: example.com:8080\r\n")
        .endsWith("\r\n\r\n");
    assertThat(page).isPending();

    server.receive("HTTP/1.1 200 OK\r\nContent-Length: 12\r\n\r\nHello, Weft!");

    assertThat(page).succeeded().satisfies(response -> {
      assertThat(response.status()).isEqualTo(200);
      assertThat(response.bodyText()).isEqualTo("Hello, Weft!");
    });
    reactor.iterate(); // the client's loseConnection takes effect on the reactor's next turn
    assertThat(server.isOpen()).isFalse();
  } // the extension now fails the test if anything was left open, pending or unreported
}
