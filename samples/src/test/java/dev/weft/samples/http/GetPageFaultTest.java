package dev.weft.samples.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.reactor.ConnectFailedException;
import dev.weft.reactor.ConnectionLostException;
import dev.weft.reactor.Deferred;
import dev.weft.reactor.testing.net.Chunking;
import dev.weft.reactor.testing.net.Fault;
import dev.weft.reactor.testing.net.FaultPlan;
import dev.weft.reactor.testing.net.FaultRates;
import dev.weft.reactor.testing.net.Host;
import dev.weft.reactor.testing.net.Network;
import dev.weft.reactor.testing.net.StreamFault;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * getPage against the page server on a simulated network, with faults as values: each fault
 * fires at its exact byte under every chunking, the page fails with its typed error, and a sweep
 * over 100 seeded fault plans finds no hang and no untyped error.
 */
class GetPageFaultTest {
  private static final String URL = "http://example.com/pages/1";
  private static final Duration PAGE_TIMEOUT = Duration.ofSeconds(5);

  static Stream<Chunking> chunkings() {
    return Stream.of(Chunking.coalesced(), Chunking.oneByte(), Chunking.random(11));
  }

  /** A network with the page server on example.com; the page requested from browser. */
  private static Deferred<HttpResponse> getPage(Network network, FaultPlan plan) {
    plan.applyTo(network);
    Host web = network.host("example.com");
    Host browser = network.host("browser");
    web.reactor().listenTCP(80, PageServer.numberedPages(web.reactor(), 3, false));
    return HttpClient.getPage(browser.reactor(), URL, PAGE_TIMEOUT);
  }

  private static Network network(Chunking chunking) {
    return Network.builder().seed(1).chunking(chunking).latency(Duration.ofMillis(2)).build();
  }

  @ParameterizedTest
  @MethodSource("chunkings")
  void aResetRightAfterTheResponseHeadersFailsThePageWithTheLossAsCause(Chunking chunking) {
    Network network = network(chunking);
    Deferred<HttpResponse> page =
        getPage(network, FaultPlan.of(Fault.resetAfter("\r\n\r\n").onResponse()));
    network.advance(Duration.ofSeconds(1));

    assertThatThrownBy(page::join)
        .hasCauseInstanceOf(MalformedResponseException.class)
        .hasMessageMatching(".*connection closed after 0 of \\d+ body bytes.*")
        .hasRootCauseInstanceOf(ConnectionLostException.class);
  }

  @ParameterizedTest
  @MethodSource("chunkings")
  void aBodyThatStallsIsCutOffByThePageTimeout(Chunking chunking) {
    Network network = network(chunking);
    Deferred<HttpResponse> page = getPage(network, FaultPlan.of(
        Fault.stallAfter("<title>").onResponse()));
    network.advance(PAGE_TIMEOUT.minusNanos(1));
    assertThat(page).isNotDone();
    network.advance(Duration.ofNanos(1));

    assertThatThrownBy(page::join).hasCauseInstanceOf(TimeoutException.class);
    network.runUntilIdle();
    assertThat(network.links().get(0).isOpen()).as("the client aborted the connection").isFalse();
  }

  @ParameterizedTest
  @MethodSource("chunkings")
  void aCloseBeforeContentLengthIsSatisfiedFailsThePage(Chunking chunking) {
    // The body starts "<!doctype html>\n<html>": the server's connection closes 22 bytes in.
    Network network = network(chunking);
    Deferred<HttpResponse> page = getPage(network, FaultPlan.of(
        Fault.closeAfter("<html>").onResponse()));
    network.advance(Duration.ofSeconds(1));

    assertThatThrownBy(page::join)
        .hasCauseInstanceOf(MalformedResponseException.class)
        .hasMessageMatching(".*connection closed after 22 of \\d+ body bytes.*");
  }

  @Test
  void withoutFaultsThePageArrives() {
    Network network = network(Chunking.coalesced());
    Deferred<HttpResponse> page = getPage(network, FaultPlan.none());
    network.advance(Duration.ofSeconds(1));
    assertThat(page.join().bodyText()).contains("<title>Page 1</title>");
  }

  static final FaultRates SWEEP = FaultRates.builder()
      .connections(1)
      .connectFaults(0.2)
      .streamFaults(0.8)
      .actions(StreamFault.Action.RESET, StreamFault.Action.CLOSE, StreamFault.Action.HALF_CLOSE,
          StreamFault.Action.STALL, StreamFault.Action.DELAY)
      .offsets(0, 220)
      .matches(0.2, "\r\n\r\n", "<body>")
      .instants(0.1, Duration.ofMillis(10))
      .maxDelay(Duration.ofSeconds(2))
      .lookupFaults(0.1, "example.com")
      .build();

  @Test
  void aSweepOverOneHundredSeededPlansNeverHangsAndFailsOnlyWithTypedErrors() {
    Map<String, Integer> outcomes = new LinkedHashMap<>();
    for (long seed = 0; seed < 100; seed++) {
      FaultPlan plan = FaultPlan.random(seed, SWEEP);
      Network network = Network.builder().seed(seed).chunking(Chunking.random(seed))
          .latency(Duration.ofMillis(1), Duration.ofMillis(20)).build();
      Deferred<HttpResponse> page = getPage(network, plan);
      network.advance(PAGE_TIMEOUT);
      String replay = "seed " + seed + "L, " + plan.toJava();

      assertThat(page.isDone()).as("the page is settled by its timeout; replay: %s", replay)
          .isTrue();
      String outcome;
      try {
        HttpResponse response = page.join();
        assertThat(response.bodyText()).as(replay).contains("<title>Page 1</title>");
        outcome = "page";
      } catch (CompletionException e) {
        // A reset or close before the first byte of the response is no response at all: the
        // connection's own reason, or NoResponseException; after it, a truncated response.
        assertThat(e.getCause()).as(replay).isInstanceOfAny(MalformedResponseException.class,
            ConnectFailedException.class, TimeoutException.class,
            ConnectionLostException.class, NoResponseException.class);
        outcome = e.getCause().getClass().getSimpleName();
      }
      outcomes.merge(outcome, 1, Integer::sum);
    }
    // The sweep saw every kind of outcome, so the plans did reach each failure path.
    assertThat(outcomes).containsKeys("page", "MalformedResponseException", "TimeoutException",
        "ConnectionRefusedException");
  }
}
