package dev.weft.samples.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.reactor.ConnectionClosedException;
import dev.weft.reactor.testing.MemoryConnection;
import dev.weft.reactor.testing.MemoryReactor;
import dev.weft.reactor.testing.junit.InjectReactor;
import dev.weft.reactor.testing.junit.WithFakeReactor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The page server against request lines and pacing a hostile client chooses: malformed request
 * lines are answered 400, never an exception, and a head sent one line at a time cannot hold
 * a connection past the head deadline.
 */
@WithFakeReactor
class PageServerHostileTest {
  @InjectReactor private MemoryReactor reactor;

  private MemoryConnection connect(PageServer server) {
    return PageServerTest.connect(reactor, server);
  }

  private static String statusLine(String written) {
    return PageServerTest.statusLine(written);
  }

  @Test
  void aNulInAFileNameIsABadRequestNotAnException(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("a"), "content");
    PageServer server = PageServer.builder(reactor).titles(p -> Optional.empty())
        .files(dir).build();
    MemoryConnection c = connect(server);

    c.receive("GET /files/a\0b HTTP/1.1\r\n\r\n");
    reactor.iterate();

    assertThat(statusLine(c.takeWrittenText())).isEqualTo("HTTP/1.1 400 Bad Request");
    assertThat(c.endReason()).isInstanceOf(ConnectionClosedException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "GET /pages/1 HTTP/1.1\nX:y", // a bare LF hides a header in the version
      "GET /pages/1 HTTP/1.10",
      "GET /pages/1 HTTP/1.1x",
      "GET /pages/\u00011 HTTP/1.1",
      "GET /pages/1\t HTTP/1.1",
      "GE(T /pages/1 HTTP/1.1",
      "GET /pages/1 HTTP/1.1 ",
  })
  void aMalformedRequestLineIsABadRequest(String requestLine) {
    PageServer server = PageServer.numberedPages(reactor, 1, false);
    MemoryConnection c = connect(server);

    c.receive(requestLine + "\r\n\r\n");
    reactor.iterate();

    assertThat(statusLine(c.takeWrittenText())).isEqualTo("HTTP/1.1 400 Bad Request");
    assertThat(c.endReason()).isInstanceOf(ConnectionClosedException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"HTTP/1.0", "HTTP/1.1"})
  void bothVersionsAndAQueryAreServed(String version) {
    MemoryConnection c = connect(PageServer.numberedPages(reactor, 1, false));

    c.receive("GET /pages/1?x=%20&y HTTP/" + version.substring(5) + "\r\n\r\n");
    reactor.iterate();

    assertThat(statusLine(c.takeWrittenText())).isEqualTo("HTTP/1.1 200 OK");
  }

  @Test
  void aHeadSentOneLineAtATimeIsCutOffAtTheHeadDeadline() {
    MemoryConnection c = connect(PageServer.numberedPages(reactor, 1, false));
    c.receive("GET /pages/1 HTTP/1.1\r\n");

    // The original slowloris: a complete header line just inside every idle timeout.
    Duration step = Duration.ofSeconds(9);
    for (int i = 1; i <= 3; i++) {
      reactor.advance(step);
      reactor.iterate();
      assertThat(c.isOpen()).isTrue();
      c.receive("X-" + i + ": z\r\n");
    }
    reactor.advance(PageServer.DEFAULT_HEAD_TIMEOUT.minus(step.multipliedBy(3)).minusMillis(1));
    reactor.iterate();
    assertThat(c.isOpen()).isTrue();
    reactor.advance(Duration.ofMillis(1));
    reactor.iterate();

    assertThat(statusLine(c.takeWrittenText())).isEqualTo("HTTP/1.1 408 Request Timeout");
    assertThat(c.endReason()).isInstanceOf(ConnectionClosedException.class);
    assertThat(reactor.pendingCalls()).isEmpty();
  }

  @Test
  void aServedRequestLeavesNoHeadDeadlineBehind() {
    PageServer server = PageServer.builder(reactor).titles(p -> Optional.of("t"))
        .headTimeout(Duration.ofSeconds(3)).build();
    MemoryConnection c = connect(server);

    c.receive("GET / HTTP/1.1\r\n\r\n");
    reactor.iterate();

    assertThat(statusLine(c.takeWrittenText())).isEqualTo("HTTP/1.1 200 OK");
    assertThat(reactor.pendingCalls()).isEmpty();
  }
}
