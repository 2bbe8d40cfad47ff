package dev.weft.samples.titles;

import dev.weft.reactor.Deferred;
import dev.weft.reactor.ReactorTCP;
import dev.weft.reactor.ReactorTime;
import dev.weft.reactor.tls.ReactorTLS;
import dev.weft.reactor.tls.TlsConfig;
import dev.weft.samples.http.HttpClient;
import dev.weft.samples.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Fetches many pages at once with {@link HttpClient#getPage} and reports each page's
 * {@code <title>} as soon as it arrives: all requests are in flight together on one reactor
 * thread. Call it on the reactor thread.
 *
 * <p>Twisted: the concurrent page fetcher of Twisted's classic "Twisted Introduction".
 */
public final class TitleFetcher {
  private TitleFetcher() {}

  /**
   * The outcome for one URL: its title, or why there is none.
   *
   * @param url the URL fetched
   * @param title the page's title, or {@code null} if the fetch failed or the page has none
   * @param error why the fetch failed, or {@code null}
   */
  public record PageTitle(String url, @Nullable String title, @Nullable String error) {
    /**
     * Checks the components.
     *
     * @param url the URL fetched
     * @param title the title, or {@code null}
     * @param error why the fetch failed, or {@code null}
     * @throws IllegalArgumentException if both a title and an error are given
     */
    public PageTitle {
      Objects.requireNonNull(url, "url");
      if (title != null && error != null) {
        throw new IllegalArgumentException("a page has a title or an error, not both: " + url);
      }
    }

    /**
     * Tells whether the page was fetched (with status 200).
     *
     * @return {@code true} when there is no error
     */
    public boolean ok() {
      return error == null;
    }

    @Override
    public String toString() {
      return url + ": " + (error != null ? "FAILED, " + error
          : title != null ? title : "(no title)");
    }
  }

  /**
   * Fetches every URL concurrently.
   *
   * @param tcp the reactor to connect with
   * @param urls the {@code http://} URLs to fetch
   * @param onEach told about each page as soon as its outcome is known, in completion order
   * @return completes, once every fetch has ended, with the outcomes in the order of
   *     {@code urls}; it never fails, since a failed fetch is an outcome
   * @throws IllegalArgumentException if a URL is malformed; fetches already started are cancelled
   */
  public static Deferred<List<PageTitle>> fetchAll(
      ReactorTCP tcp, List<String> urls, Consumer<PageTitle> onEach) {
    Objects.requireNonNull(tcp, "tcp");
    return fetchAll(urls, url -> HttpClient.getPage(tcp, url), onEach);
  }

  /**
   * Fetches every URL concurrently, giving each page at most {@code timeout} of reactor time, so
   * one stalled server cannot hold up the batch: its outcome is a
   * {@link java.util.concurrent.TimeoutException} and its connection is aborted.
   *
   * @param reactor the reactor to connect and measure time with
   * @param urls the {@code http://} URLs to fetch
   * @param timeout the deadline of each page, not negative
   * @param onEach told about each page as soon as its outcome is known, in completion order
   * @param <R> the reactor's type
   * @return as {@link #fetchAll(ReactorTCP, List, Consumer)}
   * @throws IllegalArgumentException if a URL is malformed or {@code timeout} is negative
   */
  public static <R extends ReactorTCP & ReactorTime> Deferred<List<PageTitle>> fetchAll(
      R reactor, List<String> urls, Duration timeout, Consumer<PageTitle> onEach) {
    Objects.requireNonNull(reactor, "reactor");
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative()) {
      throw new IllegalArgumentException("timeout must not be negative: " + timeout);
    }
    return fetchAll(urls, url -> HttpClient.getPage(reactor, url, timeout), onEach);
  }

  /**
   * Fetches every {@code http://} or {@code https://} URL concurrently, as
   * {@link #fetchAll(ReactorTCP, List, Duration, Consumer)} does, with {@code tls} for the
   * {@code https://} ones (see {@link HttpClient#getPage(ReactorTCP, String, TlsConfig, Duration)}).
   *
   * @param reactor the reactor to connect and measure time with
   * @param urls the URLs to fetch
   * @param tls the client config for {@code https://} URLs
   * @param timeout the deadline of each page, not negative
   * @param onEach told about each page as soon as its outcome is known, in completion order
   * @param <R> the reactor's type
   * @return as {@link #fetchAll(ReactorTCP, List, Consumer)}
   * @throws IllegalArgumentException if a URL is malformed or {@code timeout} is negative
   */
  public static <R extends ReactorTCP & ReactorTLS & ReactorTime> Deferred<List<PageTitle>> fetchAll(
      R reactor, List<String> urls, TlsConfig tls, Duration timeout, Consumer<PageTitle> onEach) {
    Objects.requireNonNull(reactor, "reactor");
    Objects.requireNonNull(tls, "tls");
    if (timeout.isNegative()) {
      throw new IllegalArgumentException("timeout must not be negative: " + timeout);
    }
    return fetchAll(urls, url -> HttpClient.getPage(reactor, url, tls, timeout), onEach);
  }

  private static Deferred<List<PageTitle>> fetchAll(
      List<String> urls,
      Function<String, Deferred<HttpResponse>> getPage,
      Consumer<PageTitle> onEach) {
    Objects.requireNonNull(onEach, "onEach");
    List<String> targets = List.copyOf(urls);
    List<Deferred<HttpResponse>> fetches = new ArrayList<>();
    PageTitle[] outcomes = new PageTitle[targets.size()];
    Deferred<List<PageTitle>> all =
        new Deferred<>(self -> fetches.forEach(f -> f.cancel(false)));
    if (targets.isEmpty()) {
      all.complete(List.of());
      return all;
    }
    int[] left = {targets.size()};
    for (String url : targets) {
      try {
        fetches.add(getPage.apply(url));
      } catch (IllegalArgumentException malformed) {
        fetches.forEach(f -> f.cancel(false)); // nothing may outlive the failed call
        throw malformed;
      }
    }
    for (int i = 0; i < targets.size(); i++) {
      int index = i;
      String url = targets.get(i);
      fetches.get(i).whenComplete(
          (response, error) -> {
            PageTitle outcome = outcome(url, response, error);
            outcomes[index] = outcome;
            onEach.accept(outcome);
            if (--left[0] == 0 && !all.isDone()) {
              all.complete(Collections.unmodifiableList(List.of(outcomes)));
            }
          });
    }
    return all;
  }

  private static PageTitle outcome(
      String url, @Nullable HttpResponse response, @Nullable Throwable error) {
    if (error != null) {
      Throwable cause = error instanceof CompletionException && error.getCause() != null
          ? error.getCause() : error;
      return new PageTitle(url, null, cause.getClass().getSimpleName() + ": "
          + cause.getMessage());
    }
    Objects.requireNonNull(response, "response");
    if (response.status() != 200) {
      return new PageTitle(url, null, "HTTP " + response.status() + " " + response.reason());
    }
    return new PageTitle(url, extractTitle(response.bodyText()).orElse(null), null);
  }

  /**
   * Finds the first {@code <title>} of an HTML page (the tag name in any case), with white space
   * collapsed and the basic entities ({@code &amp; &lt; &gt; &quot; &#39;}) decoded.
   *
   * <p>Safe on hostile pages: one pass over at most the first 1 MiB characters of the page, so the
   * work is linear and bounded (a page of unclosed {@code <title>} tags costs one pass), and a
   * title longer than 1024 characters is cut to that length. It runs on the reactor thread, so
   * it must not take long whatever the page.
   *
   * @param html the page
   * @return the title, or empty if the page has none that closes within the scanned part
   */
  public static Optional<String> extractTitle(String html) {
    return new TitleScanner().find(Objects.requireNonNull(html, "html"));
  }
}
