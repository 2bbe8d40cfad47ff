package dev.weft.reactor.testing.net;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.reactor.ProtocolFactory;
import dev.weft.reactor.testing.net.NetworkTest.Failures;
import dev.weft.reactor.testing.net.NetworkTest.Peer;
import dev.weft.reactor.testing.net.Trace.Event;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class SequenceDiagramTest {

  static Document parse(String svg) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setNamespaceAware(true);
    return factory.newDocumentBuilder()
        .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
  }

  static List<Element> groups(Document svg, String cls) {
    NodeList all = svg.getElementsByTagNameNS("http://www.w3.org/2000/svg", "g");
    List<Element> found = new ArrayList<>();
    for (int i = 0; i < all.getLength(); i++) {
      Element g = (Element) all.item(i);
      if (g.getAttribute("class").equals(cls)) {
        found.add(g);
      }
    }
    return found;
  }

  @Test
  void lifelinesAreTheHostsAndEachEventIsOneArrowWithItsTime() throws Exception {
    Network network = Network.builder().latency(Duration.ofMillis(5)).build();
    Host web = network.host("web <&> \"1\"");
    Host app = network.host("app");
    Peer server = new Peer();
    server.echo = true;
    web.reactor().listenTCP(80, ProtocolFactory.of(() -> server));
    Failures client = new Failures();
    app.reactor().connectTCP(web.name(), 80, client);
    network.runUntilIdle();
    client.peer.send("<b>\u0001&\"bin\"");
    network.runUntilIdle();
    web.crash();
    network.runUntilIdle();

    Document svg = parse(network.trace().toSvg());

    assertThat(groups(svg, "lifeline")).extracting(g -> g.getAttribute("data-host"))
        .containsExactly("app", "web <&> \"1\"");
    List<Event> events = network.trace().events();
    List<Element> drawn = groups(svg, "event");
    assertThat(drawn).hasSize(events.size());
    for (int i = 0; i < events.size(); i++) {
      Event e = events.get(i);
      Element g = drawn.get(i);
      assertThat(g.getAttribute("data-kind")).isEqualTo(e.kind().name());
      assertThat(g.getAttribute("data-from")).isEqualTo(e.from());
      assertThat(g.getAttribute("data-to")).isEqualTo(e.to() == null ? "" : e.to());
      assertThat(Long.parseLong(g.getAttribute("data-at-nanos"))).isEqualTo(e.at().toNanos());
      assertThat(g.getElementsByTagNameNS("*", "title").item(0).getTextContent())
          .isEqualTo(e.toString().strip());
      assertThat(g.getTextContent()).contains(Trace.millis(e.at()));
    }
    assertThat(drawn.get(2).getTextContent()).contains("#1 DATA 10B \"<b>\\x01&\\\"bin\\\"\"");
  }

  @Test
  void thirtyHostsAndAThousandEventsStayReadable() throws Exception {
    Network network = Network.builder().build();
    Host hub = network.host("hub");
    List<Host> hosts = new ArrayList<>();
    for (int i = 1; i <= 50; i++) {
      hosts.add(network.host("h" + i));
    }
    for (int round = 0; round < 20; round++) {
      for (Host h : hosts) {
        network.partition(hub, h);
      }
    }

    String text = network.trace().toSvg();
    Document svg = parse(text);

    assertThat(network.trace().recorded()).isEqualTo(1000);
    List<Element> lifelines = groups(svg, "lifeline");
    // 51 hosts: 39 lifelines of their own, the 40th shared by the other 12.
    assertThat(lifelines).hasSize(SequenceDiagram.MAX_LIFELINES);
    assertThat(lifelines.get(0).getAttribute("data-host")).isEqualTo("hub");
    assertThat(lifelines.get(lifelines.size() - 1).getAttribute("data-host"))
        .isEqualTo("other hosts (12)");
    List<Element> drawn = groups(svg, "event");
    assertThat(drawn).hasSize(SequenceDiagram.MAX_ROWS);
    assertThat(drawn.get(0).getAttribute("data-number")).isEqualTo("601");
    assertThat(text).contains("... 600 earlier events elided; the last 400 are shown")
        .contains("12 hosts share the last lifeline");
    assertThat(text.length()).isLessThan(400 * 1000);
  }

  @Test
  void mermaidHasOneParticipantPerHostAndOneLinePerEvent() {
    Network network = Network.builder().build();
    Host a = network.host("a");
    Host b = network.host("b");
    network.partition(a, b);
    a.crash();
    network.healAll();

    String mermaid = network.trace().toMermaid();

    assertThat(mermaid.lines()).containsSubsequence(
        "sequenceDiagram",
        "  participant p0 as a",
        "  participant p1 as b",
        "  p0--)p1: 0.000ms PARTITION both ways",
        "  Note over p0: 0.000ms CRASH",
        "  Note over p0,p1: 0.000ms HEAL every partition");
  }
}
