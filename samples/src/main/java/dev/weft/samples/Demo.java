package dev.weft.samples;

import dev.weft.reactor.ListeningPort;
import dev.weft.reactor.nio.NioReactor;
import dev.weft.reactor.tls.TlsConfig;
import dev.weft.samples.http.PageServer;
import dev.weft.samples.titles.TitleFetcher;
import dev.weft.samples.titles.TitleFetcher.PageTitle;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The demo of the README's first command: starts the small page server on a {@link NioReactor}
 * on ephemeral loopback ports, over plain HTTP and over HTTPS, fetches 30 pages from it
 * concurrently with {@link dev.weft.samples.http.HttpClient#getPage} (even pages over
 * {@code http://}, odd ones over {@code https://} with certificate and host name checks against
 * a certificate {@link DemoCertificates} makes with the JDK's keytool), prints each page's URL and
 * title as it arrives and the total time, then stops the reactor. Everything runs on the
 * reactor's one thread; nothing needs the internet.
 */
public final class Demo {
  /** How many pages the demo fetches unless told otherwise. */
  public static final int DEFAULT_PAGES = 30;

  /** How long each page may take before it counts as failed. */
  public static final Duration PAGE_TIMEOUT = Duration.ofSeconds(10);

  private Demo() {}

  /**
   * Runs the demo.
   *
   * @param args optionally, the number of pages to fetch (default 30)
   * @throws IllegalStateException if a page could not be fetched, so the process exits non-zero
   */
  public static void main(String[] args) {
    int pages = args.length > 0 ? Integer.parseInt(args[0]) : DEFAULT_PAGES;
    List<PageTitle> results = run(pages, System.out);
    long failed = results.stream().filter(r -> !r.ok()).count();
    if (failed > 0 || results.size() != pages) {
      throw new IllegalStateException(failed + " of " + pages + " pages failed");
    }
  }

  /**
   * Serves and fetches {@code pages} pages on a new reactor, printing to {@code out}; returns
   * when the reactor has stopped.
   *
   * @param pages how many pages to fetch, at least 1
   * @param out where to print each title and the total time
   * @return the outcome of every fetch, in page order
   * @throws IllegalArgumentException if {@code pages} is less than 1
   */
  public static List<PageTitle> run(int pages, PrintStream out) {
    if (pages < 1) {
      throw new IllegalArgumentException("pages must be at least 1: " + pages);
    }
    DemoCertificates certificates = DemoCertificates.make();
    TlsConfig serverTls = TlsConfig.server(certificates.server).build();
    TlsConfig clientTls = TlsConfig.client(certificates.client).build();
    NioReactor reactor = NioReactor.builder().threadName("weft-demo").build();
    AtomicReference<List<PageTitle>> outcome = new AtomicReference<>(List.of());
    AtomicReference<Throwable> failure = new AtomicReference<>();
    reactor.callWhenRunning(
        () -> {
          // Even pages over plain HTTP with Content-Length, odd ones over HTTPS and chunked: two
          // servers, one reactor.
          ListeningPort plain =
              reactor.listenTCP(
                  0, PageServer.numberedPages(reactor, pages, false), 50, "127.0.0.1");
          ListeningPort chunked = reactor.listenTLS(
              0, PageServer.numberedPages(reactor, pages, true), serverTls, 50, "127.0.0.1");
          List<String> urls = new ArrayList<>();
          for (int n = 1; n <= pages; n++) {
            urls.add(n % 2 == 0
                ? "http://127.0.0.1:" + plain.host().getPort() + "/pages/" + n
                : "https://127.0.0.1:" + chunked.host().getPort() + "/pages/" + n);
          }
          Instant start = reactor.now();
          out.println("Fetching " + pages + " pages concurrently from 127.0.0.1, even ones over"
              + " http://, odd ones over https:// (TLS, certificate and host checked) ...");
          TitleFetcher.fetchAll(
                  reactor, urls, clientTls, PAGE_TIMEOUT, title -> out.println("  " + title))
              .whenComplete(
                  (titles, error) -> {
                    if (error != null) {
                      failure.set(error);
                    } else {
                      outcome.set(titles);
                      Duration took = Duration.between(start, reactor.now());
                      long ok = titles.stream().filter(PageTitle::ok).count();
                      out.printf("%d of %d titles in %d ms%n", ok, pages, took.toMillis());
                    }
                    plain.stopListening()
                        .thenCompose(ignored -> chunked.stopListening())
                        .whenComplete((ignored, e) -> reactor.stop());
                  });
        });
    reactor.run();
    if (failure.get() != null) {
      throw new IllegalStateException("the demo failed", failure.get());
    }
    return outcome.get();
  }
}
