package dev.weft.samples.http;

import static dev.weft.reactor.testing.assertj.ReactorAssertions.assertThat;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.reactor.Deferred;
import dev.weft.reactor.testing.MemoryConnection;
import dev.weft.reactor.testing.MemoryReactor;
import dev.weft.reactor.testing.junit.ReactorTest;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

/** The README's headline example; README.md carries a copy of the code between the markers. */
class HeadlineExampleTest {

  // README: begin headline example
  @ReactorTest
  void getPageOverAFakeConnection(MemoryReactor reactor) {
    Deferred<HttpResponse> page =
        HttpClient.getPage(reactor, "http://example.com/hello", Duration.ofSeconds(10));

    // The fake reactor recorded the connection attempt; the test completes it and plays the server.
    assertThat(reactor).hasClientAttemptTo("example.com", 80);
    MemoryConnection connection = reactor.lastClientAttempt().connect();
    assertThat(connection.takeWrittenText()).startsWith("GET /hello HTTP/1.1\r\n");

    // The response arrives one byte at a time, so a framing bug cannot hide.
    for (byte b : "HTTP/1.1 200 OK\r\nContent-Length: 12\r\n\r\nHello, Weft!".getBytes(US_ASCII)) {
      assertThat(page).isPending();
      connection.receive(new byte[] {b});
    }
    assertThat(page).succeeded().extracting(HttpResponse::bodyText).isEqualTo("Hello, Weft!");
    reactor.iterate(); // the client's loseConnection takes effect on the reactor's next turn
    assertThat(connection.isOpen()).isFalse();
  }

  @ReactorTest
  void aSilentServerTimesOutWhenTheTestMovesTheClock(MemoryReactor reactor) {
    Deferred<HttpResponse> page =
        HttpClient.getPage(reactor, "http://example.com/hello", Duration.ofSeconds(10));
    MemoryConnection connection = reactor.lastClientAttempt().connect();

    reactor.advance(Duration.ofSeconds(9));
    assertThat(page).isPending();
    reactor.advance(Duration.ofSeconds(1));

    assertThat(page).failedWith(TimeoutException.class);
    reactor.iterate();
    assertThat(connection.transport()).wasAborted();
  }
  // README: end headline example
}
