package dev.weft.samples.titles;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.reactor.Deferred;
import dev.weft.reactor.ListeningPort;
import dev.weft.reactor.recording.Recording;
import dev.weft.reactor.recording.Recording.Entry;
import dev.weft.reactor.recording.SessionRecorder;
import dev.weft.reactor.testing.MemoryReactor;
import dev.weft.reactor.testing.net.ScriptedPeer;
import dev.weft.samples.NioHarness;
import dev.weft.samples.http.PageServer;
import dev.weft.samples.titles.TitleFetcher.PageTitle;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Records one page of the demo on a NioReactor over loopback, as the checked-in recording
 * {@value #RESOURCE} was made, and checks that the format round-trips and that the demo still
 * says what the recording says (the port aside, and the timing, which is real time here). Run
 * with {@code -Dweft.recordings.update=true} to write a fresh recording over the checked-in one.
 */
class DemoRecordingIT {
  static final String RESOURCE = "/titles/demo-page-2.weft";
  /** The port the checked-in recording names; the real one is ephemeral. */
  static final int RECORDED_PORT = 8080;

  /** Reads the checked-in recording of the demo's page 2. */
  static Recording checkedIn() throws IOException {
    try (InputStream in = DemoRecordingIT.class.getResourceAsStream(RESOURCE)) {
      assertThat(in).as(RESOURCE + " on the test class path").isNotNull();
      return Recording.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  @Test
  void aFreshRecordingOfTheDemoMatchesTheCheckedInOne() throws Exception {
    CompletableFuture<Recording> recorded = new CompletableFuture<>();
    List<PageTitle> titles;
    int port;
    try (NioHarness nio = new NioHarness("demo-recording-it")) {
      ListeningPort server = nio.run(() -> nio.reactor().listenTCP(0,
          SessionRecorder.server(PageServer.numberedPages(nio.reactor(), 30, false),
              nio.reactor(), recorded::complete),
          50, "127.0.0.1"));
      port = server.host().getPort();
      titles = nio.call(() -> TitleFetcher.fetchAll(nio.reactor(),
          List.of("http://127.0.0.1:" + port + "/pages/2"), Duration.ofSeconds(10), t -> { }));
      NioHarness.await(recorded);
      nio.call(server::stopListening);
    }
    Recording fresh = normalised(recorded.join(), port);

    assertThat(titles).extracting(PageTitle::title).containsExactly("Page 2");
    assertThat(Recording.parse(fresh.format())).isEqualTo(fresh);
    assertThat(Recording.parse(fresh.format()).format()).isEqualTo(fresh.format());
    if (Boolean.getBoolean("weft.recordings.update")) {
      fresh.write(Path.of("src/test/resources" + RESOURCE));
    }
    Recording kept = checkedIn();
    assertThat(withoutTiming(fresh)).isEqualTo(withoutTiming(kept));

    // And what nio just recorded replays on the fakes.
    MemoryReactor reactor = new MemoryReactor();
    ScriptedPeer server = ScriptedPeer.on(reactor).replay(fresh, Recording.Side.SERVER).build();
    Deferred<List<PageTitle>> replayed = TitleFetcher.fetchAll(reactor,
        List.of("http://127.0.0.1:" + RECORDED_PORT + "/pages/2"), Duration.ofSeconds(10),
        t -> { });
    server.answer(reactor.lastClientAttempt()).flush();
    assertThat(replayed.join()).extracting(PageTitle::title).containsExactly("Page 2");
    server.verify();
  }

  /** The recording with the ephemeral port replaced by {@link #RECORDED_PORT} and one comment. */
  static Recording normalised(Recording raw, int port) {
    String text = raw.format().replace("127.0.0.1:" + port, "127.0.0.1:" + RECORDED_PORT);
    Recording parsed = Recording.parse(text);
    return new Recording(List.of(
        "One page of the demo: PageServer.numberedPages(reactor, 30, false) answering the title",
        "fetcher's GET of page 2 on a NioReactor over loopback, recorded on the server by",
        "DemoRecordingIT (the ephemeral port written as " + RECORDED_PORT + ")."),
        parsed.entries());
  }

  private static List<String> withoutTiming(Recording r) {
    return r.entries().stream()
        .map(e -> new Entry(Duration.ZERO, e.from(), e.action(), e.data()).toString())
        .toList();
  }
}
