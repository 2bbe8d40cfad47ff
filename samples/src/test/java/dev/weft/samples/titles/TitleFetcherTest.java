package dev.weft.samples.titles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.reactor.ConnectionAbortedException;
import dev.weft.reactor.Deferred;
import dev.weft.reactor.testing.ClientAttempt;
import dev.weft.reactor.testing.MemoryConnection;
import dev.weft.reactor.testing.net.Chunking;
import dev.weft.reactor.testing.MemoryListeningPort;
import dev.weft.reactor.testing.MemoryReactor;
import dev.weft.reactor.testing.Pump;
import dev.weft.reactor.testing.junit.InjectReactor;
import dev.weft.reactor.testing.junit.WithFakeReactor;
import dev.weft.samples.http.PageServer;
import dev.weft.samples.titles.TitleFetcher.PageTitle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

@WithFakeReactor
class TitleFetcherTest {
  @InjectReactor private MemoryReactor reactor;


  @Test
  void allFetchesAreInFlightAtOnceAndTitlesAreReportedInCompletionOrder() {
    MemoryListeningPort server =
        (MemoryListeningPort) reactor.listenTCP(0, PageServer.numberedPages(reactor, 3, true));
    String base = "http://127.0.0.1:" + server.port() + "/pages/";
    List<String> urls = List.of(base + 1, base + 2, base + 3, "http://nowhere.example/");
    List<String> reported = new ArrayList<>();

    Deferred<List<PageTitle>> all =
        TitleFetcher.fetchAll(reactor, urls, title -> reported.add(title.toString()));

    // Four connection attempts before any has completed: they run concurrently.
    assertThat(reactor.pendingClientAttempts()).hasSize(4);
    assertThat(reactor.connectTcpCalls())
        .extracting(c -> c.host())
        .containsExactly("127.0.0.1", "127.0.0.1", "127.0.0.1", "nowhere.example");
    // Complete them out of order, each with a different chunking.
    reactor.tcpClients().get(3).refuse();
    reactor.tcpClients().get(2)
        .connectTo(server, Pump.builder().chunking(Chunking.oneByte())).flush();
    reactor.tcpClients().get(0)
        .connectTo(server, Pump.builder().chunking(Chunking.random(9))).flush();
    assertThat(all).isNotDone();
    reactor.tcpClients().get(1).connectTo(server).flush();

    assertThat(reported).containsExactly(
        "http://nowhere.example/: FAILED, ConnectionRefusedException: "
            + reactor.tcpClients().get(3).failure().getMessage(),
        base + "3: Page 3",
        base + "1: Page 1",
        base + "2: Page 2");
    assertThat(all.join())
        .extracting(PageTitle::title)
        .containsExactly("Page 1", "Page 2", "Page 3", null);
    assertThat(reactor.openConnections()).isEmpty();
    server.stopListening();
  }

  @Test
  void aPageWithoutTitleOrWithAnErrorStatusSaysSo() {
    List<String> urls = List.of("http://a.example/", "http://b.example/");

    Deferred<List<PageTitle>> all = TitleFetcher.fetchAll(reactor, urls, t -> {});
    reactor.tcpClients().get(0).connect()
        .receive("HTTP/1.1 200 OK\r\nContent-Length: 11\r\n\r\n<p>none</p>");
    reactor.tcpClients().get(1).connect()
        .receive("HTTP/1.1 503 Busy\r\nContent-Length: 0\r\n\r\n");

    assertThat(all.join()).extracting(PageTitle::toString).containsExactly(
        "http://a.example/: (no title)", "http://b.example/: FAILED, HTTP 503 Busy");
    reactor.iterate(); // the clients' loseConnection takes effect
  }

  @Test
  void aStalledServerTimesOutOnTheClockWithoutHoldingUpTheOthers() {
    List<String> urls = List.of("http://fast.example/", "http://stalled.example/");

    Deferred<List<PageTitle>> all =
        TitleFetcher.fetchAll(reactor, urls, Duration.ofSeconds(5), t -> {});
    reactor.tcpClients().get(0).connect()
        .receive("HTTP/1.1 200 OK\r\nContent-Length: 20\r\n\r\n<title>Fast</title>\n");
    MemoryConnection stalled = reactor.tcpClients().get(1).connect();
    stalled.receive("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n<title>Sl");
    reactor.advance(Duration.ofMillis(4_999));
    assertThat(all).isNotDone();

    reactor.advance(Duration.ofMillis(1));

    assertThat(all.join()).extracting(PageTitle::toString).containsExactly(
        "http://fast.example/: Fast",
        "http://stalled.example/: FAILED, TimeoutException: timed out after PT5S of reactor time");
    reactor.iterate(); // the abort requested by the timeout takes effect on the next turn
    assertThat(stalled.endReason()).isInstanceOf(ConnectionAbortedException.class);
  }

  @Test
  void aMalformedUrlCancelsTheFetchesAlreadyStarted() {
    List<String> urls = List.of("http://ok.example/", "ftp://wrong.example/");

    assertThatThrownBy(() -> TitleFetcher.fetchAll(reactor, urls, t -> {}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ftp://wrong.example/");
    reactor.iterate();
    assertThat(reactor.tcpClients()).singleElement()
        .satisfies(a -> assertThat(a.outcome()).isEqualTo(ClientAttempt.Outcome.CANCELLED));
  }

  @Test
  void noUrlsCompleteAtOnce() {
    assertThat(TitleFetcher.fetchAll(reactor, List.of(), t -> {}))
        .isCompletedWithValue(List.of());
  }

  @Test
  void extractTitleFindsTheFirstTitleAndTidiesIt() {
    assertThat(TitleFetcher.extractTitle("<HTML><Title lang=en>\n  Fish &amp;\n chips </TITLE>"))
        .hasValue("Fish & chips");
    assertThat(TitleFetcher.extractTitle("<title>a</title><title>b</title>")).hasValue("a");
    assertThat(TitleFetcher.extractTitle("<h1>no title</h1>")).isEmpty();
    assertThat(TitleFetcher.extractTitle("<tItLe>x</TiTlE\n >")).hasValue("x");
    assertThat(TitleFetcher.extractTitle("<title>&amp;lt; &quot;q&#39; &gt;</title>"))
        .hasValue("&lt; \"q' >");
    assertThat(TitleFetcher.extractTitle("<title>unclosed")).isEmpty();
    assertThat(TitleFetcher.extractTitle("<title")).isEmpty();
    assertThat(TitleFetcher.extractTitle("<title>   </title>")).hasValue("");
  }

  @Test
  void extractTitleMatchesTheTagNameNotAPrefixOfIt() {
    assertThat(TitleFetcher.extractTitle("<titles>no</titles><title>yes</title>"))
        .hasValue("yes");
    assertThat(TitleFetcher.extractTitle("<title>a</titlex> b</title>")).hasValue("a</titlex> b");
  }

  @Test
  void aPageOfUnclosedTitleTagsCostsOnePass() {
    // The page that froze the reactor for 6 s with the regular expression: 100 KB of unclosed
    // tags, each of which made the expression scan to the end of the page.
    String hostile = "<title>".repeat(100_000 / 7);
    TitleScanner scanner = new TitleScanner();

    assertThat(scanner.find(hostile)).isEmpty();

    assertThat(scanner.steps()).isLessThanOrEqualTo(3L * hostile.length());
    assertThat(TitleFetcher.extractTitle(hostile + "</title>")).hasValue(
        "<title>".repeat(100_000 / 7).substring(0, TitleScanner.MAX_TITLE_LENGTH));
  }

  @Test
  void aHugePageIsScannedOnlyUpToTheLimit() {
    String filler = "<p>".repeat(TitleScanner.MAX_SCANNED_CHARS);
    TitleScanner late = new TitleScanner();

    assertThat(late.find(filler + "<title>too late</title>")).isEmpty();
    assertThat(late.steps()).isLessThanOrEqualTo(5L * TitleScanner.MAX_SCANNED_CHARS);
    assertThat(TitleFetcher.extractTitle("<title>early</title>" + filler)).hasValue("early");
  }

  @Test
  void aLongTitleIsCutToTheMaximumLength() {
    String title = "word ".repeat(10_000);

    assertThat(TitleFetcher.extractTitle("<title>" + title + "</title>")).hasValueSatisfying(
        t -> assertThat(t).isEqualTo(title.substring(0, TitleScanner.MAX_TITLE_LENGTH)));
  }

  @Test
  void aHostilePageDoesNotKeepAGoodPageFromItsTitle() {
    String hostile = "<title>".repeat(100_000 / 7);
    List<String> urls = List.of("http://hostile.example/", "http://good.example/");

    Deferred<List<PageTitle>> all =
        TitleFetcher.fetchAll(reactor, urls, Duration.ofSeconds(5), t -> {});
    reactor.tcpClients().get(0).connect().receive("HTTP/1.1 200 OK\r\nContent-Length: "
        + hostile.length() + "\r\n\r\n" + hostile);
    reactor.tcpClients().get(1).connect()
        .receive("HTTP/1.1 200 OK\r\nContent-Length: 20\r\n\r\n<title>Good</title>\n");

    assertThat(all.join()).extracting(PageTitle::toString).containsExactly(
        "http://hostile.example/: (no title)", "http://good.example/: Good");
    reactor.iterate();
  }
}
