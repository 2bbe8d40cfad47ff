package dev.weft.samples.titles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.weft.samples.Demo;
import dev.weft.samples.titles.TitleFetcher.PageTitle;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The README's demo, end to end: page server and title fetcher on one NioReactor. */
class DemoIT {

  @Test
  void fetchesThirtyTitlesConcurrentlyAndStopsTheReactor() {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();

    List<PageTitle> titles = assertTimeoutPreemptively(Duration.ofSeconds(60),
        () -> Demo.run(Demo.DEFAULT_PAGES, new PrintStream(printed, true, StandardCharsets.UTF_8)));

    assertThat(titles).extracting(PageTitle::title)
        .containsExactlyElementsOf(IntStream.rangeClosed(1, 30).mapToObj(n -> "Page " + n).toList());
    String output = printed.toString(StandardCharsets.UTF_8);
    assertThat(output).contains("Fetching 30 pages concurrently").containsPattern(
        "30 of 30 titles in \\d+ ms");
    assertThat(output.lines().filter(l -> l.matches("  http://127\\.0\\.0\\.1:\\d+/pages/\\d+: Page \\d+")))
        .hasSize(15);
    assertThat(output.lines().filter(l -> l.matches("  https://127\\.0\\.0\\.1:\\d+/pages/\\d+: Page \\d+")))
        .hasSize(15);
    assertThat(output.lines()).hasSizeLessThanOrEqualTo(40);
  }
}
