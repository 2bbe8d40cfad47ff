package dev.weft.samples.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.reactor.ConnectionClosedException;
import dev.weft.reactor.Protocol;
import dev.weft.reactor.testing.Clock;
import dev.weft.reactor.testing.MemoryConnection;
import dev.weft.reactor.testing.MemoryListeningPort;
import dev.weft.reactor.testing.MemoryReactor;
import dev.weft.reactor.testing.RecordingTransport;
import dev.weft.reactor.testing.junit.InjectReactor;
import dev.weft.reactor.testing.junit.WithFakeReactor;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Test;

/**
 * The page server against hostile clients, on the fakes: oversized heads are answered and
 * closed, and idle connections are closed on the Clock, never by waiting.
 */
@WithFakeReactor
class PageServerTest {
  @InjectReactor private MemoryReactor reactor;

  private MemoryConnection connect(PageServer server) {
    return connect(reactor, server);
  }

  /** A connection accepted by {@code server} on {@code reactor}, which then stops listening. */
  static MemoryConnection connect(MemoryReactor reactor, PageServer server) {
    MemoryListeningPort port = (MemoryListeningPort) reactor.listenTCP(0, server);
    MemoryConnection c = port.accept();
    port.stopListening();
    return c;
  }

  /** The first line of what the server wrote. */
  static String statusLine(String written) {
    return written.lines().findFirst().orElse("");
  }

  @Test
  void aGoodRequestIsServedAndClosed() {
    PageServer server = PageServer.numberedPages(reactor, 3, false);
    MemoryConnection c = connect(server);

    c.receive("GET /pages/2 HTTP/1.1\r\nHost: x\r\n\r\n");
    reactor.iterate();

    assertThat(c.takeWrittenText()).startsWith("HTTP/1.1 200 OK\r\n").contains("<title>Page 2");
    assertThat(c.endReason()).isInstanceOf(ConnectionClosedException.class);
    assertThat(reactor.pendingCalls()).isEmpty();
    assertThat(server.served()).isEqualTo(1);
  }

  @Test
  void headersOverTheLimitAreAnswered431AndTheConnectionClosed() {
    PageServer server = PageServer.builder(reactor).titles(p -> java.util.Optional.of("t"))
        .maxHeadBytes(256).build();
    MemoryConnection many = connect(server);
    MemoryConnection oneLong = connect(server);

    many.receive("GET / HTTP/1.1\r\n" + "X-Small: 1234567890\r\n".repeat(20));
    oneLong.receive("GET / HTTP/1.1\r\nX-Big: " + "b".repeat(1_000));
    reactor.iterate();

    assertThat(statusLine(many.takeWrittenText()))
        .isEqualTo("HTTP/1.1 431 Request Header Fields Too Large");
    assertThat(statusLine(oneLong.takeWrittenText()))
        .isEqualTo("HTTP/1.1 431 Request Header Fields Too Large");
    assertThat(many.endReason()).isInstanceOf(ConnectionClosedException.class);
    assertThat(oneLong.endReason()).isInstanceOf(ConnectionClosedException.class);
  }

  @Test
  void anOverlongRequestLineIsAnswered414() {
    PageServer server = PageServer.numberedPages(reactor, 1, false);
    MemoryConnection c = connect(server);

    c.receive("GET /" + "a".repeat(PageServer.DEFAULT_MAX_HEAD_BYTES) + " HTTP/1.1\r\n");
    reactor.iterate();

    assertThat(statusLine(c.takeWrittenText())).isEqualTo("HTTP/1.1 414 URI Too Long");
    assertThat(c.endReason()).isInstanceOf(ConnectionClosedException.class);
  }

  @Test
  void aHeadExactlyAtTheLimitIsServed() {
    String request = "GET /pages/1 HTTP/1.1\r\n\r\n";
    PageServer server = PageServer.builder(reactor).titles(p -> java.util.Optional.of("t"))
        .maxHeadBytes(request.length()).build();
    MemoryConnection c = connect(server);

    c.receive(request);
    reactor.iterate();

    assertThat(statusLine(c.takeWrittenText())).isEqualTo("HTTP/1.1 200 OK");
  }

  @Test
  void aConnectionThatSendsNothingIsClosedQuietlyWhenIdleTimesOut() {
    MemoryConnection c = connect(PageServer.numberedPages(reactor, 1, false));

    reactor.advance(PageServer.DEFAULT_IDLE_TIMEOUT.minusMillis(1));
    reactor.iterate();
    assertThat(c.isOpen()).isTrue();
    reactor.advance(Duration.ofMillis(1));
    reactor.iterate();

    assertThat(c.takeWrittenText()).isEmpty();
    assertThat(c.endReason()).isInstanceOf(ConnectionClosedException.class);
  }

  @Test
  void eachCompleteLineRestartsTheIdleTimeoutAndAStalledRequestGets408() {
    PageServer server = PageServer.builder(reactor).titles(p -> java.util.Optional.of("t"))
        .idleTimeout(Duration.ofSeconds(5)).build();
    MemoryConnection c = connect(server);

    c.receive("GET / HTTP/1.1\r\n");
    reactor.advance(Duration.ofSeconds(4));
    c.receive("Host: x\r\n");
    reactor.advance(Duration.ofSeconds(4));
    reactor.iterate();
    assertThat(c.isOpen()).isTrue();
    reactor.advance(Duration.ofSeconds(1));
    reactor.iterate();

    assertThat(statusLine(c.takeWrittenText())).isEqualTo("HTTP/1.1 408 Request Timeout");
    assertThat(c.endReason()).isInstanceOf(ConnectionClosedException.class);
    assertThat(reactor.pendingCalls()).isEmpty();
  }

  @Test
  void bytesDribbledWithoutALineEndDoNotKeepTheConnectionOpen() {
    MemoryConnection c = connect(PageServer.numberedPages(reactor, 1, false));
    c.receive("GET /pages/1 HTTP/1.1\r\nX-Slow: ");

    for (int second = 0; second < 10 && c.isOpen(); second++) {
      c.receive("z");
      reactor.advance(Duration.ofSeconds(1));
      reactor.iterate();
    }

    assertThat(reactor.now()).isEqualTo(java.time.Instant.EPOCH.plus(PageServer.DEFAULT_IDLE_TIMEOUT));
    assertThat(statusLine(c.takeWrittenText())).isEqualTo("HTTP/1.1 408 Request Timeout");
    assertThat(c.isOpen()).isFalse();
  }

  @Test
  void aClientThatDoesNotTakeItsResponseIsAbortedAfterTheIdleTimeout() {
    // A bare transport on a Clock: the close the server asks for never completes, as when the
    // client does not read.
    Clock clock = new Clock();
    PageServer server = PageServer.numberedPages(clock, 1, false);
    Protocol exchange = server.buildProtocol(new InetSocketAddress("127.0.0.1", 50000));
    RecordingTransport transport = RecordingTransport.create();
    exchange.makeConnection(transport);

    exchange.dataReceived(ByteBuffer.wrap(
        "GET /pages/1 HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII)).asReadOnlyBuffer());
    assertThat(transport.isCloseRequested()).isTrue();
    clock.advance(PageServer.DEFAULT_IDLE_TIMEOUT.minusMillis(1));
    assertThat(transport.isAborted()).isFalse();
    clock.advance(Duration.ofMillis(1));

    assertThat(transport.isAborted()).isTrue();
  }

  @Test
  void builderArgumentsAreChecked() {
    assertThatThrownBy(() -> PageServer.builder(reactor).idleTimeout(Duration.ZERO))
        .hasMessage("idleTimeout must be positive: PT0S");
    assertThatThrownBy(() -> PageServer.builder(reactor).headTimeout(Duration.ofSeconds(-1)))
        .hasMessage("headTimeout must be positive: PT-1S");
    assertThatThrownBy(() -> PageServer.builder(reactor).maxHeadBytes(15))
        .hasMessage("maxHeadBytes must be at least 16: 15");
    assertThatThrownBy(() -> PageServer.builder(reactor).build())
        .isInstanceOf(NullPointerException.class)
        .hasMessage("titles: call titles(...) before build()");
  }

  @Test
  void aFileIsServedWithSendFileWholeAndInOrder(@TempDir Path dir) throws Exception {
    byte[] content = new byte[200_000]; // several of the fakes' 64 KiB reads
    for (int i = 0; i < content.length; i++) {
      content[i] = (byte) (i * 31 + (i >> 9));
    }
    Files.write(dir.resolve("data.bin"), content);
    PageServer server = PageServer.builder(reactor).titles(p -> java.util.Optional.empty())
        .files(dir).build();
    MemoryConnection c = connect(server);

    c.receive("GET /files/data.bin HTTP/1.1\r\nHost: x\r\n\r\n");
    reactor.iterate();

    byte[] written = c.transport().takeWritten();
    String head = "HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\n"
        + "Connection: close\r\nContent-Length: 200000\r\n\r\n";
    assertThat(new String(written, 0, head.length(), StandardCharsets.US_ASCII)).isEqualTo(head);
    assertThat(java.util.Arrays.copyOfRange(written, head.length(), written.length))
        .isEqualTo(content);
    assertThat(c.endReason()).isInstanceOf(ConnectionClosedException.class);
    assertThat(reactor.pendingCalls()).isEmpty();
  }

  @Test
  void fileNamesThatLeaveTheDirectoryOrDoNotExistAre404(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve(".hidden"), "secret");
    Files.createDirectory(dir.resolve("sub"));
    PageServer server = PageServer.builder(reactor).titles(p -> java.util.Optional.empty())
        .files(dir.resolve("sub")).build();

    for (String name : new String[] {"../.hidden", "..%2f.hidden", "missing", "", ".hidden"}) {
      MemoryConnection c = connect(server);
      c.receive("GET /files/" + name + " HTTP/1.1\r\n\r\n");
      reactor.iterate();
      assertThat(statusLine(c.takeWrittenText())).as(name).isEqualTo("HTTP/1.1 404 Not Found");
    }
  }
}
