package dev.weft.samples.http;

import static dev.weft.reactor.testing.assertj.ReactorAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.reactor.ConnectionLostException;
import dev.weft.reactor.Deferred;
import dev.weft.reactor.testing.MemoryListeningPort;
import dev.weft.reactor.testing.MemoryReactor;
import dev.weft.reactor.testing.Pump;
import dev.weft.reactor.testing.junit.InjectReactor;
import dev.weft.reactor.testing.junit.ReactorTest;
import dev.weft.reactor.testing.junit.WithFakeReactor;
import dev.weft.reactor.testing.net.Chunking;
import dev.weft.reactor.testing.net.ScriptedPeer;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * getPage against scripted servers that misbehave at an exact point of the exchange: each ends
 * the page with its documented typed error, and nothing hangs. The extension's dirty-reactor
 * check also fails a test whose server script did not run to its end.
 */
@WithFakeReactor
class GetPageScriptedServerTest {
  private static final String REQUEST = "GET /index.html HTTP/1.1\r\n"
      + "Host: example.com\r\n"
      + "User-Agent: weft-samples\r\n"
      + "Connection: close\r\n"
      + "\r\n";

  @InjectReactor private MemoryReactor reactor;

  static Stream<Chunking> deliveries() {
    return Stream.of(Chunking.coalesced(), Chunking.oneByte(), Chunking.random(11));
  }

  @ReactorTest
  void aScriptedServerAnswersTheRequestItExpects() {
    ScriptedPeer server = ScriptedPeer.on(reactor).named("web server")
        .expect("GET /index.html HTTP/1.1\r\n")
        .expectLine("Host: example.com")
        .expectUntil("the rest of the request head", head -> endsWith(head, "\r\n\r\n"))
        .send("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello")
        .expectEnd()
        .build();
    MemoryListeningPort port = (MemoryListeningPort) reactor.listenTCP(80, server);

    Deferred<HttpResponse> page = HttpClient.getPage(reactor, "http://example.com/index.html");
    reactor.lastClientAttempt().connectTo(port).flush();
    port.stopListening();

    assertThat(page).succeeded().satisfies(r -> assertThat(r.bodyText()).isEqualTo("hello"));
    server.verify();
  }

  @ParameterizedTest
  @MethodSource("deliveries")
  void aResetRightAfterTheResponseHeadersFailsThePageWithTheLossAsCause(Chunking delivery) {
    ScriptedPeer server = ScriptedPeer.on(reactor).chunking(delivery)
        .expect(REQUEST)
        .send("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n")
        .waitFor(Duration.ofMillis(1))
        .reset()
        .build();

    Deferred<HttpResponse> page =
        HttpClient.getPage(reactor, "http://example.com/index.html", Duration.ofSeconds(10));
    Pump pump = server.answer(reactor.lastClientAttempt());
    pump.flush();
    assertThat(page).isPending();
    reactor.advance(Duration.ofMillis(1));
    pump.flush();

    assertThatThrownBy(page::join)
        .hasCauseInstanceOf(MalformedResponseException.class)
        .hasMessageContaining("connection closed after 0 of 10 body bytes")
        .hasRootCauseInstanceOf(ConnectionLostException.class);
    assertThat(server.isDone()).isTrue();
  }

  @ParameterizedTest
  @MethodSource("deliveries")
  void aServerThatStallsMidBodyIsCutOffByThePageTimeout(Chunking delivery) {
    ScriptedPeer server = ScriptedPeer.on(reactor).chunking(delivery)
        .expect(REQUEST)
        .send("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n1234")
        .build(); // and then nothing: the script ends, the server stalls

    Deferred<HttpResponse> page =
        HttpClient.getPage(reactor, "http://example.com/index.html", Duration.ofSeconds(10));
    Pump pump = server.answer(reactor.lastClientAttempt());
    pump.flush();
    reactor.advance(Duration.ofMillis(9_999));
    assertThat(page).isPending();
    reactor.advance(Duration.ofMillis(1));
    pump.flush();

    assertThatThrownBy(page::join).hasCauseInstanceOf(TimeoutException.class);
    assertThat(pump.server().isOpen()).as("the client aborted the connection").isFalse();
    assertThat(server.isDone()).isTrue();
  }

  @ParameterizedTest
  @MethodSource("deliveries")
  void aCloseBeforeContentLengthIsSatisfiedFailsThePage(Chunking delivery) {
    ScriptedPeer server = ScriptedPeer.on(reactor).chunking(delivery)
        .expect(REQUEST)
        .send("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n1234")
        .close()
        .build();

    Deferred<HttpResponse> page =
        HttpClient.getPage(reactor, "http://example.com/index.html", Duration.ofSeconds(10));
    server.answer(reactor.lastClientAttempt()).flush();

    assertThatThrownBy(page::join)
        .hasCauseInstanceOf(MalformedResponseException.class)
        .hasMessageContaining("connection closed after 4 of 10 body bytes");
    assertThat(server.isDone()).isTrue();
  }

  @ReactorTest
  void aRequestThatDiffersFromTheScriptFailsWithAByteDiff() {
    ScriptedPeer server = ScriptedPeer.on(reactor).named("web server")
        .expect(REQUEST)
        .send("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")
        .build();

    Deferred<HttpResponse> page = HttpClient.getPage(reactor, "http://example.com/index.htm");
    server.answer(reactor.lastClientAttempt()).flush();

    assertThat(reactor.takeCallbackErrors()).singleElement()
        .satisfies(e -> assertThat(e.error()).isInstanceOf(AssertionError.class)
            .hasMessageContaining("first difference at byte 14 of the step")
            .hasMessageContaining("expected: ...\"ndex.html HTTP/1.1\\r\\nHost: example.com")
            .hasMessageContaining("actual:   ...\"ndex.htm HTTP/1.1\\r\\nHost: example.com")
            .hasMessageContaining("expected hex: 6e 64 65 78 2e 68 74 6d 6c 20")
            .hasMessageContaining("actual hex:   6e 64 65 78 2e 68 74 6d 20"));
    assertThatThrownBy(page::join).hasRootCauseInstanceOf(ConnectionLostException.class);
  }

  private static boolean endsWith(byte[] bytes, String suffix) {
    return new String(bytes, java.nio.charset.StandardCharsets.US_ASCII).endsWith(suffix);
  }
}
