package dev.weft.samples.http;

import static dev.weft.reactor.testing.assertj.ReactorAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.reactor.ConnectTimeoutException;
import dev.weft.reactor.ConnectionAbortedException;
import dev.weft.reactor.ConnectionLostException;
import dev.weft.reactor.ConnectionRefusedException;
import dev.weft.reactor.Deferred;
import dev.weft.reactor.testing.ClientAttempt;
import dev.weft.reactor.testing.net.Chunking;
import dev.weft.reactor.testing.MemoryClientEndpoint;
import dev.weft.reactor.testing.MemoryConnection;
import dev.weft.reactor.testing.MemoryListeningPort;
import dev.weft.reactor.testing.MemoryReactor;
import dev.weft.reactor.testing.Pump;
import dev.weft.reactor.testing.junit.InjectReactor;
import dev.weft.reactor.testing.junit.ReactorTest;
import dev.weft.reactor.testing.junit.WithFakeReactor;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * getPage on the fakes. Every test gets a fresh {@link MemoryReactor} from the extension,
 * which afterwards fails the test if it left a connection open, a port listening, a delayed call
 * pending or a callback error unseen.
 */
@WithFakeReactor
class GetPageTest {
  @InjectReactor private MemoryReactor reactor;

  static Stream<Chunking> deliveries() {
    return Stream.of(
        Chunking.coalesced(),
        Chunking.oneByte(),
        Chunking.random(1),
        Chunking.random(20261122));
  }

  @ParameterizedTest
  @MethodSource("deliveries")
  void getPageReadsContentLengthAndChunkedPagesFromThePageServerWhateverTheChunking(
      Chunking delivery) {
    for (boolean chunked : new boolean[] {false, true}) {
      MemoryListeningPort port =
          (MemoryListeningPort) reactor.listenTCP(0, PageServer.numberedPages(reactor, 5, chunked));

      Deferred<HttpResponse> page =
          HttpClient.getPage(reactor, "http://127.0.0.1:" + port.port() + "/pages/3");
      Pump pump = reactor.lastClientAttempt().connectTo(port, Pump.builder().chunking(delivery));
      pump.flush();

      assertThat(page).as("chunked=%s, %s", chunked, delivery).succeeded();
      HttpResponse response = page.join();
      assertThat(response.status()).isEqualTo(200);
      assertThat(response.header("transfer-encoding").isPresent()).isEqualTo(chunked);
      assertThat(response.bodyText()).contains("<title>Page 3</title>");
      port.stopListening();
    }
    assertThat(reactor.openConnections()).isEmpty();
    assertThat(reactor.callbackErrors()).isEmpty();
  }

  @ReactorTest
  void getPageConnectsThroughTheEndpointItIsGivenAndAsksTheUrlsHost() {
    MemoryClientEndpoint endpoint = new MemoryClientEndpoint(reactor, "10.1.1.1", 8081);

    Deferred<HttpResponse> page =
        HttpClient.getPage(endpoint, URI.create("http://service.internal/status?verbose"));

    assertThat(reactor).hasClientAttemptTo("10.1.1.1", 8081);
    MemoryConnection server = reactor.lastClientAttempt().connect();
    assertThat(server.takeWrittenText())
        .startsWith("GET /status?verbose HTTP/1.1\r\nHost: service.internal\r\n");
    server.receive("HTTP/1.1 204 No Content\r\n\r\n");
    assertThat(page).succeeded().satisfies(r -> assertThat(r.status()).isEqualTo(204));
    reactor.iterate();
  }

  @ReactorTest
  void aMissingPageIsAResponseNotAFailure() {
    MemoryListeningPort port =
        (MemoryListeningPort) reactor.listenTCP(0, PageServer.numberedPages(reactor, 5, false));

    Deferred<HttpResponse> page =
        HttpClient.getPage(reactor, "http://127.0.0.1:" + port.port() + "/pages/6");
    reactor.lastClientAttempt().connectTo(port).flush();
    port.stopListening();

    assertThat(page.join().status()).isEqualTo(404);
  }

  @ReactorTest
  void aRefusedConnectionFailsThePage() {
    Deferred<HttpResponse> page = HttpClient.getPage(reactor, "http://example.com/");

    reactor.lastClientAttempt().refuse();

    assertThatThrownBy(page::join).hasCauseInstanceOf(ConnectionRefusedException.class);
  }

  @ReactorTest
  void aConnectTimeoutFailsThePage() {
    Deferred<HttpResponse> page = HttpClient.getPage(reactor, "http://example.com/");

    reactor.lastClientAttempt().timeOut();

    assertThatThrownBy(page::join).hasCauseInstanceOf(ConnectTimeoutException.class);
  }

  @ReactorTest
  void aServerThatStallsIsTimedOutByTheClockAndTheConnectionAborted() {
    Deferred<HttpResponse> page =
        HttpClient.getPage(reactor, "http://example.com/", Duration.ofSeconds(10));
    MemoryConnection server = reactor.lastClientAttempt().connect();
    server.receive("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly part");

    reactor.advance(Duration.ofMillis(9_999));
    assertThat(page).isPending();
    reactor.advance(Duration.ofMillis(1));

    assertThatThrownBy(page::join).hasCauseInstanceOf(TimeoutException.class);
    reactor.iterate();
    assertThat(server.endReason()).isInstanceOf(ConnectionAbortedException.class);
    assertThat(reactor.pendingCalls()).isEmpty();
  }

  @ReactorTest
  void cancellingWhileConnectingCancelsTheRecordedAttempt() {
    Deferred<HttpResponse> page = HttpClient.getPage(reactor, "http://example.com/");

    page.cancel(false);
    reactor.iterate();

    assertThat(reactor.lastClientAttempt().outcome()).isEqualTo(ClientAttempt.Outcome.CANCELLED);
  }

  @ReactorTest
  void aMalformedResponseFailsThePageAndAbortsTheConnection() {
    Deferred<HttpResponse> page = HttpClient.getPage(reactor, "http://example.com/");
    MemoryConnection server = reactor.lastClientAttempt().connect();

    server.receive("SSH-2.0-OpenSSH_9.6\r\n");
    reactor.iterate();

    assertThatThrownBy(page::join)
        .hasCauseInstanceOf(MalformedResponseException.class)
        .hasMessageContaining("malformed status line \"SSH-2.0-OpenSSH_9.6\"");
    assertThat(server.endReason()).isInstanceOf(ConnectionAbortedException.class);
    assertThat(reactor.callbackErrors()).isEmpty();
  }

  @ReactorTest
  void aStatusCodeBelow100FailsThePageInsteadOfLeavingItWaiting() {
    Deferred<HttpResponse> page = HttpClient.getPage(reactor, "http://example.com/");
    MemoryConnection server = reactor.lastClientAttempt().connect();

    server.receive("HTTP/1.1 099 Too Low\r\nContent-Length: 0\r\n\r\n");
    reactor.iterate();

    assertThatThrownBy(page::join)
        .hasCauseInstanceOf(MalformedResponseException.class)
        .hasMessageContaining("status code 099 is not in 100..999");
    assertThat(server.endReason()).isInstanceOf(ConnectionAbortedException.class);
    assertThat(reactor.callbackErrors()).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("deliveries")
  void interimResponsesAreSkippedAndTheFinalOneReturned(Chunking delivery) {
    MemoryListeningPort port = (MemoryListeningPort) reactor.listenTCP(0,
        new dev.weft.reactor.BaseProtocolFactory() {
          @Override
          public dev.weft.reactor.Protocol buildProtocol(java.net.SocketAddress peer) {
            return new dev.weft.reactor.BaseProtocol() {
              @Override
              public void connectionMade() {
                transport().write(("HTTP/1.1 100 Continue\r\n\r\n"
                    + "HTTP/1.1 103 Early Hints\r\nLink: </a.css>; rel=preload\r\n\r\n"
                    + "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nfinal")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                transport().loseConnection();
              }

              @Override
              public void dataReceived(java.nio.ByteBuffer data) {}
            };
          }
        });

    Deferred<HttpResponse> page =
        HttpClient.getPage(reactor, "http://127.0.0.1:" + port.port() + "/");
    reactor.lastClientAttempt().connectTo(port, Pump.builder().chunking(delivery)).flush();
    port.stopListening();

    assertThat(page).succeeded().satisfies(r -> {
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.header("link")).isEmpty();
      assertThat(r.bodyText()).isEqualTo("final");
    });
  }

  @ReactorTest
  void anUnsupportedTransferCodingFailsThePageWithATypedError() {
    Deferred<HttpResponse> page = HttpClient.getPage(reactor, "http://example.com/");
    MemoryConnection server = reactor.lastClientAttempt().connect();

    server.receive("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n2\r\nok\r\n");
    reactor.iterate();

    assertThatThrownBy(page::join)
        .hasCauseInstanceOf(UnsupportedResponseException.class)
        .hasMessageContaining("unsupported Transfer-Encoding \"gzip, chunked\"");
    assertThat(server.endReason()).isInstanceOf(ConnectionAbortedException.class);
  }

  @ReactorTest
  void hostileResponsesAlwaysEndThePageAndNeverTheReactorsCallbacks() {
    java.util.List<String> hostile = java.util.List.of(
        "HTTP/1.1 000 Zero\r\n\r\n",
        "HTTP/1.1 101 Switching Protocols\r\nUpgrade: h2c\r\n\r\n",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: xchunked\r\n\r\n",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nx\r\n0\r\n"
            + "T: 1\r\n".repeat(40),
        "HTTP/1.1 200 OK\r\n" + "H: v\r\n".repeat(200),
        "\0\0\0\0",
        "HTTP/1.1 102 Processing\r\n\r\n".repeat(20));
    for (String response : hostile) {
      Deferred<HttpResponse> page = HttpClient.getPage(reactor, "http://example.com/");
      MemoryConnection server = reactor.lastClientAttempt().connect();

      server.receive(response);
      reactor.iterate();
      if (server.isOpen()) {
        server.close();
      }

      assertThat(page).as(response).failedWith(RuntimeException.class)
          .isInstanceOfAny(MalformedResponseException.class, UnsupportedResponseException.class);
      assertThat(reactor.callbackErrors()).as(response).isEmpty();
    }
  }

  @ReactorTest
  void aConnectionLostInTheBodyFailsThePageWithTheLossAsCause() {
    Deferred<HttpResponse> page = HttpClient.getPage(reactor, "http://example.com/");
    MemoryConnection server = reactor.lastClientAttempt().connect();
    server.receive("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n1234");

    server.lose();

    assertThatThrownBy(page::join)
        .hasCauseInstanceOf(MalformedResponseException.class)
        .hasMessageContaining("connection closed after 4 of 10 body bytes")
        .hasRootCauseInstanceOf(ConnectionLostException.class);
  }

  @ReactorTest
  void aConnectionLostBeforeAnyByteFailsWithTheConnectionsOwnReason() {
    // Nothing arrived, so nothing is malformed: the page fails with how the connection ended.
    Deferred<HttpResponse> page = HttpClient.getPage(reactor, "http://example.com/");
    MemoryConnection server = reactor.lastClientAttempt().connect();

    server.lose(new ConnectionLostException("Connection reset by peer"));

    assertThatThrownBy(page::join)
        .hasCauseExactlyInstanceOf(ConnectionLostException.class)
        .hasMessageContaining("Connection reset by peer");
  }

  @ReactorTest
  void aCleanCloseBeforeAnyByteIsNoResponse() {
    Deferred<HttpResponse> page = HttpClient.getPage(reactor, "http://example.com/");
    MemoryConnection server = reactor.lastClientAttempt().connect();

    server.close();

    assertThatThrownBy(page::join)
        .hasCauseInstanceOf(NoResponseException.class)
        .hasMessageContaining("connection closed before the response")
        .hasRootCauseInstanceOf(dev.weft.reactor.ConnectionClosedException.class);
  }

  @ReactorTest
  void aConnectionLostInTheStatusLineIsATruncatedResponse() {
    // One byte arrived: the response was cut short, which is malformed, with the loss as cause.
    Deferred<HttpResponse> page = HttpClient.getPage(reactor, "http://example.com/");
    MemoryConnection server = reactor.lastClientAttempt().connect();
    server.receive("HTTP/1.1 2");

    server.lose();

    assertThatThrownBy(page::join)
        .hasCauseInstanceOf(MalformedResponseException.class)
        .hasMessageContaining("connection closed in the status line")
        .hasRootCauseInstanceOf(ConnectionLostException.class);
  }

  @ReactorTest
  void aBodyDelimitedByCloseEndsWithACleanClose() {
    Deferred<HttpResponse> page = HttpClient.getPage(reactor, "http://example.com/");
    MemoryConnection server = reactor.lastClientAttempt().connect();

    server.receive("HTTP/1.0 200 OK\r\n\r\nuntil the end");
    assertThat(page).isPending();
    server.close();

    assertThat(page.join().bodyText()).isEqualTo("until the end");
  }

  @ReactorTest
  void badUrlsAreRejectedBeforeAnyConnection() {

    assertThatThrownBy(() -> HttpClient.getPage(reactor, "ftp://example.com/"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("url must start with http:// or https:// : \"ftp://example.com/\"");
    assertThatThrownBy(() -> HttpClient.getPage(reactor, "https://example.com/"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("needs a TLS config");
    assertThatThrownBy(() -> HttpClient.getPage(reactor, "http:///nohost"))
        .hasMessage("url must name a host: \"http:///nohost\"");
    assertThat(reactor.tcpClients()).isEmpty();
  }
}
