package dev.weft.samples.titles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.weft.reactor.Deferred;
import dev.weft.reactor.testing.Clock;
import dev.weft.reactor.testing.junit.ReactorTest;
import dev.weft.reactor.testing.net.Host;
import dev.weft.reactor.testing.net.Network;
import dev.weft.reactor.testing.net.Trace;
import dev.weft.samples.http.PageServer;
import dev.weft.samples.titles.TitleFetcher.PageTitle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The picture a failing network test leaves behind, on a real sample: the title fetcher against
 * three page servers, one of which crashes while the request to it is on the way. The failing test runs through the JUnit
 * engine; this test reads the path the failure prints, parses the SVG written there and checks
 * that its lifelines and arrows are the network's trace.
 */
class TitleFetcherTraceTest {
  @TempDir Path traces;
  private String before;

  @BeforeEach
  void writeTheDiagramsToATempDir() {
    before = System.getProperty("weft.traces.dir");
    System.setProperty("weft.traces.dir", traces.toString());
  }

  @AfterEach
  void restore() {
    if (before == null) {
      System.clearProperty("weft.traces.dir");
    } else {
      System.setProperty("weft.traces.dir", before);
    }
  }

  /** The failing test; run only through the engine, by the test below. */
  static class CrashingSite {
    static Network network;

    @ReactorTest
    void everyTitleArrives(Clock clock) {
      network = Network.builder().clock(clock).seed(11).latency(Duration.ofMillis(5),
          Duration.ofMillis(20)).build();
      Host crawler = network.host("crawler");
      List<String> urls = new ArrayList<>();
      List<Host> sites = new ArrayList<>();
      for (int i = 1; i <= 3; i++) {
        Host site = network.host("site" + i + ".example");
        site.reactor().listenTCP(80, PageServer.numberedPages(site.reactor(), 3, false));
        urls.add("http://" + site.name() + "/pages/" + i);
        sites.add(site);
      }
      Deferred<List<PageTitle>> all =
          TitleFetcher.fetchAll(crawler.reactor(), urls, Duration.ofSeconds(1), t -> { });
      // Crash site 2 while its request is on the way: connected after one round trip, the
      // request lands half a hop later.
      network.advance(network.latency(crawler, sites.get(1)).multipliedBy(5).dividedBy(2));
      sites.get(1).crash();
      network.advance(Duration.ofSeconds(2));

      assertThat(all.join()).allMatch(PageTitle::ok, "every page fetched");
    }
  }

  @Test
  void theFailurePointsAtASequenceDiagramOfTheTrace() throws Exception {
    Throwable failure = EngineTestKit.engine("junit-jupiter")
        .selectors(selectClass(CrashingSite.class)).execute()
        .testEvents().failed().stream().findFirst().orElseThrow()
        .getPayload(TestExecutionResult.class).orElseThrow().getThrowable().orElseThrow();

    assertThat(failure).hasMessageContaining("every page fetched")
        // The line the testing guide (chapter 18) shows.
        .hasMessageContaining(
            "http://site2.example/pages/2: FAILED, ConnectionLostException: Connection reset by peer");
    String text = java.util.Arrays.stream(failure.getSuppressed()).map(Throwable::getMessage)
        .filter(m -> m.startsWith("What the network did")).findFirst().orElseThrow();
    Matcher path = Pattern.compile("sequence diagram: (\\S+\\.svg)\\)").matcher(text);
    assertThat(path.find()).as("the failure names the diagram: %s", text).isTrue();
    Path svg = Path.of(path.group(1));
    assertThat(svg).isEqualTo(traces.resolve(CrashingSite.class.getName())
        .resolve("everyTitleArrives.svg").toAbsolutePath());
    Trace trace = CrashingSite.network.trace();
    assertThat(text).contains("site2.example  CRASH").contains(trace.events().get(0).toString());

    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setNamespaceAware(true);
    Document doc = factory.newDocumentBuilder().parse(Files.newInputStream(svg));
    assertThat(doc.getDocumentElement().getLocalName()).isEqualTo("svg");
    List<Element> lifelines = groups(doc, "lifeline");
    List<Element> arrows = groups(doc, "event");

    List<String> hosts = new ArrayList<>();
    for (Trace.Event e : trace.events()) {
      for (String h : new String[] {e.from(), e.to()}) {
        if (h != null && !hosts.contains(h)) {
          hosts.add(h);
        }
      }
    }
    assertThat(lifelines).extracting(g -> g.getAttribute("data-host"))
        .containsExactlyElementsOf(hosts)
        .containsExactlyInAnyOrder("crawler", "site1.example", "site2.example", "site3.example");
    assertThat(arrows).hasSize(trace.events().size());
    for (int i = 0; i < arrows.size(); i++) {
      Trace.Event e = trace.events().get(i);
      Element g = arrows.get(i);
      assertThat(g.getAttribute("data-kind")).isEqualTo(e.kind().name());
      assertThat(g.getAttribute("data-from")).isEqualTo(e.from());
      assertThat(g.getAttribute("data-to")).isEqualTo(e.to() == null ? "" : e.to());
      assertThat(g.getAttribute("data-at-nanos")).isEqualTo(String.valueOf(e.at().toNanos()));
    }
    assertThat(arrows).extracting(g -> g.getAttribute("data-kind"))
        .contains("CONNECT", "CONNECTED", "DATA", "CRASH", "LOST", "RESET");
    assertThat(svg.resolveSibling("everyTitleArrives.mmd")).exists();
  }

  private static List<Element> groups(Document doc, String cls) {
    NodeList all = doc.getElementsByTagNameNS("http://www.w3.org/2000/svg", "g");
    List<Element> found = new ArrayList<>();
    for (int i = 0; i < all.getLength(); i++) {
      Element g = (Element) all.item(i);
      if (g.getAttribute("class").equals(cls)) {
        found.add(g);
      }
    }
    return found;
  }
}
