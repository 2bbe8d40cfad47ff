package dev.weft.samples.titles;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.reactor.Deferred;
import dev.weft.reactor.testing.net.Host;
import dev.weft.reactor.testing.net.Network;
import dev.weft.samples.http.PageServer;
import dev.weft.samples.titles.TitleFetcher.PageTitle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The title fetcher against 30 simulated web servers, each 50-150 ms away, all at once. */
class TitleFetcherNetworkTest {

  @Test
  void thirtyHostsTakeAsLongAsTheSlowestNotTheSum() {
    Network network = Network.builder()
        .seed(20261202L)
        .latency(Duration.ofMillis(50), Duration.ofMillis(150))
        .build();
    Host crawler = network.host("crawler");
    List<String> urls = new ArrayList<>();
    Duration slowest = Duration.ZERO;
    Duration sum = Duration.ZERO;
    for (int i = 1; i <= 30; i++) {
      Host site = network.host("site" + i + ".example");
      site.reactor().listenTCP(80, PageServer.numberedPages(site.reactor(), 30, false));
      urls.add("http://" + site.name() + "/pages/" + i);
      // One exchange: the connect's round trip, then the request out and the page back.
      Duration exchange = network.latency(crawler, site).multipliedBy(4);
      slowest = exchange.compareTo(slowest) > 0 ? exchange : slowest;
      sum = sum.plus(exchange);
    }

    Deferred<List<PageTitle>> all = TitleFetcher.fetchAll(crawler.reactor(), urls, t -> {});
    network.advance(slowest.minusNanos(1));
    assertThat(all).as("not before the slowest host has answered").matches(d -> !d.isDone());
    network.advance(Duration.ofNanos(1));

    assertThat(all.join()).extracting(PageTitle::title)
        .containsExactlyElementsOf(
            java.util.stream.IntStream.rangeClosed(1, 30).mapToObj(i -> "Page " + i).toList());
    assertThat(network.clock().elapsed()).isEqualTo(slowest).isLessThan(sum.dividedBy(10));
    network.runUntilIdle();
  }
}
