package dev.weft.samples.titles;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.reactor.Deferred;
import dev.weft.reactor.recording.Recording;
import dev.weft.reactor.recording.SessionRecorder;
import dev.weft.reactor.testing.Leftovers;
import dev.weft.reactor.testing.MemoryReactor;
import dev.weft.reactor.testing.net.Host;
import dev.weft.reactor.testing.net.Network;
import dev.weft.reactor.testing.net.ScriptedPeer;
import dev.weft.reactor.testing.net.Trace;
import dev.weft.samples.http.PageServer;
import dev.weft.samples.titles.TitleFetcher.PageTitle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The title fetcher against the server side of a real session of the demo, recorded on
 * NioReactor ({@code titles/demo-page-2.weft}, see {@link DemoRecordingIT}) and replayed by a
 * scripted peer on the fakes: the fetcher must send the recorded request byte for byte and read
 * the recorded answer, every run the same.
 */
class TitleFetcherReplayTest {
  private static final String URL = "http://127.0.0.1:8080/pages/2";

  @Test
  void theFetcherReadsTheTitleTheRecordedServerSent() throws Exception {
    Recording demo = DemoRecordingIT.checkedIn();
    MemoryReactor reactor = new MemoryReactor();
    ScriptedPeer server = ScriptedPeer.on(reactor).named("recorded page server")
        .replay(demo, Recording.Side.SERVER)
        .build();

    Deferred<List<PageTitle>> titles =
        TitleFetcher.fetchAll(reactor, List.of(URL), Duration.ofSeconds(10), t -> { });
    server.answer(reactor.lastClientAttempt()).flush();

    assertThat(titles.join()).extracting(PageTitle::title).containsExactly("Page 2");
    server.verify();
    assertThat(Leftovers.of(reactor)).isEmpty();
  }

  @Test
  void recordingTheDemoOnTheFakesGivesTheBytesRecordedOnNio() throws Exception {
    Network network = Network.create(1);
    Host crawler = network.host("crawler");
    Host pages = network.host("pages", "127.0.0.1");
    List<Recording> sessions = new ArrayList<>();
    pages.reactor().listenTCP(8080, SessionRecorder.server(
        PageServer.numberedPages(pages.reactor(), 30, false), pages.reactor(), sessions::add));

    TitleFetcher.fetchAll(crawler.reactor(), List.of(URL), Duration.ofSeconds(10), t -> { });
    network.runUntilIdle();

    Recording onTheFakes = sessions.get(0);
    Recording onNio = DemoRecordingIT.checkedIn();
    assertThat(onTheFakes.bytesFrom(Recording.Side.CLIENT))
        .isEqualTo(onNio.bytesFrom(Recording.Side.CLIENT));
    assertThat(onTheFakes.bytesFrom(Recording.Side.SERVER))
        .isEqualTo(onNio.bytesFrom(Recording.Side.SERVER));
    assertThat(onTheFakes.format()).contains("+1ms > \"GET /pages/2 HTTP/1.1\\r\\n\"");
  }

  @Test
  void onANetworkTheRecordedServerIsAsSlowAsItWas() throws Exception {
    Recording demo = DemoRecordingIT.checkedIn();
    Network network = Network.builder().latency(Duration.ofMillis(1)).build();
    Host crawler = network.host("crawler");
    Host pages = network.host("pages", "127.0.0.1");
    ScriptedPeer server = ScriptedPeer.on(pages.reactor()).named("recorded page server")
        .replayTimed(demo, Recording.Side.SERVER)
        .build();
    pages.reactor().listenTCP(8080, server);
    List<Duration> arrived = new ArrayList<>();

    Deferred<List<PageTitle>> titles = TitleFetcher.fetchAll(crawler.reactor(), List.of(URL),
        Duration.ofSeconds(10), t -> arrived.add(network.clock().elapsed()));
    network.runUntilIdle();

    assertThat(titles.join()).extracting(PageTitle::title).containsExactly("Page 2");
    // Connected after one round trip (2 ms), the request lands at 3 ms, the recorded server
    // thought for 112.555 ms, and its answer took 1 ms to come back.
    assertThat(arrived).containsExactly(Duration.ofNanos(116_555_000));
    server.verify();
    assertThat(network.trace().events()).extracting(Trace.Event::kind).containsExactly(
        Trace.Kind.CONNECT, Trace.Kind.CONNECTED, Trace.Kind.DATA, Trace.Kind.DATA,
        Trace.Kind.CLOSE, Trace.Kind.CLOSE);
  }
}
