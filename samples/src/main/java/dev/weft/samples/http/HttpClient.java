package dev.weft.samples.http;

import dev.weft.reactor.BaseProtocol;
import dev.weft.reactor.ConnectionClosedException;
import dev.weft.reactor.ConnectionEndedException;
import dev.weft.reactor.Deferred;
import dev.weft.reactor.Protocol;
import dev.weft.reactor.ReactorTCP;
import dev.weft.reactor.ReactorTime;
import dev.weft.reactor.endpoints.ClientEndpoint;
import dev.weft.reactor.endpoints.TcpClientEndpoint;
import dev.weft.reactor.endpoints.TlsClientEndpoint;
import dev.weft.reactor.tls.ReactorTLS;
import dev.weft.reactor.tls.TlsConfig;
import dev.weft.reactor.tls.TlsHandshakeException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletionException;
import org.jspecify.annotations.Nullable;

/**
 * A minimal HTTP/1.1 client: one GET per connection, the whole response in memory. Call it on the
 * reactor thread; the Deferreds complete there.
 *
 * <p>It is written to survive hostile servers: {@link HttpResponseParser} bounds every part of
 * the response (head, chunk lines, trailers, body) and rejects ambiguous framing, and whatever
 * goes wrong fails the Deferred rather than the reactor. A server that stalls is cut off by the
 * timeout of {@link #getPage(ReactorTCP, String, Duration)}.
 *
 * <p>Twisted: {@code twisted.web.client.getPage}, the function of Twisted's classic walk-through.
 */
public final class HttpClient {
  /** The largest body {@link #getPage} accepts: 16 MiB. */
  public static final long MAX_BODY_LENGTH = 16L * 1024 * 1024;

  private HttpClient() {}

  /**
   * Fetches {@code url} with a GET request over a new TCP connection.
   *
   * @param tcp the reactor to connect with
   * @param url an {@code http://} URL with a host; port 80 unless given
   * @return completes with the final response, whatever its status (interim {@code 1xx}
   *     responses are skipped); fails with a {@link dev.weft.reactor.ConnectFailedException} if
   *     the connection cannot be made, a {@link MalformedResponseException} if the response is
   *     invalid, over one of the parser's limits or cut short after its first byte, the
   *     connection's own {@link dev.weft.reactor.ConnectionLostException} if it is reset or lost
   *     before any byte of the response, a {@link NoResponseException} if the server closes it
   *     cleanly before any byte, or an
   *     {@link UnsupportedResponseException} if it uses a transfer coding other than
   *     {@code chunked}. It never waits on a failed parse: any error the parser raises fails it
   *     and aborts the connection. Cancelling it stops the attempt or aborts the connection.
   * @throws IllegalArgumentException if {@code url} is not a valid {@code http://} URL
   */
  public static Deferred<HttpResponse> getPage(ReactorTCP tcp, String url) {
    Objects.requireNonNull(tcp, "tcp");
    URI uri = parse(url);
    if (isHttps(uri)) {
      throw new IllegalArgumentException(
          "an https:// URL needs a TLS config: use getPage(reactor, url, tlsConfig, timeout): \""
              + url + "\"");
    }
    return getPage(new TcpClientEndpoint(tcp, uri.getHost(), port(uri)), uri);
  }

  /**
   * Fetches an {@code http://} or {@code https://} URL, failing with a
   * {@link java.util.concurrent.TimeoutException} after {@code timeout} of reactor time. An
   * {@code https://} URL is fetched over TLS with {@code tls}: the server's certificate must be
   * trusted by its context and, unless the config says otherwise, valid for the URL's host,
   * which is also sent as SNI.
   *
   * @param reactor the reactor to connect and measure time with
   * @param url an {@code http://} or {@code https://} URL with a host; port 80 or 443 unless
   *     given
   * @param tls the client config for {@code https://} URLs, such as
   *     {@code TlsConfig.client().build()} for the JDK's trusted authorities
   * @param timeout the deadline for connecting, the handshake and the whole response
   * @param <R> the reactor's type
   * @return as {@link #getPage(ReactorTCP, String)}; over TLS it also fails with the
   *     {@link dev.weft.reactor.tls.TlsHandshakeException} (for example a
   *     {@link dev.weft.reactor.tls.TlsCertificateRejectedException}) that ended the connection
   * @throws IllegalArgumentException if {@code url} is not a valid {@code http://} or
   *     {@code https://} URL, or {@code tls} is a server config
   */
  public static <R extends ReactorTCP & ReactorTLS & ReactorTime> Deferred<HttpResponse> getPage(
      R reactor, String url, TlsConfig tls, Duration timeout) {
    Objects.requireNonNull(reactor, "reactor");
    Objects.requireNonNull(tls, "tls");
    URI uri = parse(url);
    ClientEndpoint endpoint = isHttps(uri)
        ? new TlsClientEndpoint(reactor, uri.getHost(), port(uri), tls)
        : new TcpClientEndpoint(reactor, uri.getHost(), port(uri));
    return getPage(endpoint, uri).withTimeout(timeout, reactor);
  }

  /**
   * Fetches {@code url} as {@link #getPage(ReactorTCP, String)} does, failing with a
   * {@link java.util.concurrent.TimeoutException} if the whole exchange takes longer than
   * {@code timeout} of reactor time; the connection is then aborted.
   *
   * @param reactor the reactor to connect and measure time with
   * @param url an {@code http://} URL
   * @param timeout the deadline for connecting and receiving the whole response
   * @param <R> the reactor's type
   * @return as {@link #getPage(ReactorTCP, String)}, or a timeout failure
   */
  public static <R extends ReactorTCP & ReactorTime> Deferred<HttpResponse> getPage(
      R reactor, String url, Duration timeout) {
    return getPage(reactor, url).withTimeout(timeout, reactor);
  }

  /**
   * Fetches {@code url} over a connection made with {@code endpoint}: the URL gives the request
   * target and {@code Host} header, the endpoint decides where to connect.
   *
   * @param endpoint where to connect
   * @param url an {@code http://} URL
   * @return as {@link #getPage(ReactorTCP, String)}
   * @throws IllegalArgumentException if {@code url} is not an {@code http://} URL with a host
   */
  public static Deferred<HttpResponse> getPage(ClientEndpoint endpoint, URI url) {
    Objects.requireNonNull(endpoint, "endpoint");
    URI uri = check(Objects.requireNonNull(url, "url"), url.toString());
    PageGetter getter = new PageGetter(request(uri));
    Deferred<Protocol> connecting = endpoint.connect(peer -> getter);
    Deferred<HttpResponse> result =
        new Deferred<>(
            self -> {
              if (!connecting.isDone()) {
                connecting.cancel(false);
              } else if (getter.hasTransport()) {
                getter.abort();
              }
            });
    getter.result = result;
    connecting.whenComplete(
        (protocol, error) -> {
          if (error != null && !result.isDone()) {
            result.completeExceptionally(unwrap(error));
          }
        });
    return result;
  }

  private static Throwable unwrap(Throwable error) {
    return error instanceof CompletionException && error.getCause() != null
        ? error.getCause() : error;
  }

  static URI parse(String url) {
    Objects.requireNonNull(url, "url");
    try {
      return check(new URI(url), url);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("url is not a valid URI: \"" + url + "\" ("
          + e.getReason() + ")", e);
    }
  }

  private static URI check(URI uri, String url) {
    if (!"http".equalsIgnoreCase(uri.getScheme()) && !isHttps(uri)) {
      throw new IllegalArgumentException(
          "url must start with http:// or https:// : \"" + url + "\"");
    }
    if (uri.getHost() == null) {
      throw new IllegalArgumentException("url must name a host: \"" + url + "\"");
    }
    return uri;
  }

  private static int port(URI uri) {
    return uri.getPort() != -1 ? uri.getPort() : isHttps(uri) ? 443 : 80;
  }

  private static boolean isHttps(URI uri) {
    return "https".equalsIgnoreCase(uri.getScheme());
  }

  static byte[] request(URI uri) {
    String target = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    if (uri.getRawQuery() != null) {
      target += "?" + uri.getRawQuery();
    }
    String host = uri.getHost() + (uri.getPort() == -1 ? "" : ":" + uri.getPort());
    return ("GET " + target + " HTTP/1.1\r\n"
            + "Host: " + host + "\r\n"
            + "User-Agent: weft-samples\r\n"
            + "Connection: close\r\n"
            + "\r\n")
        .getBytes(StandardCharsets.US_ASCII);
  }

  /** The protocol of one GET: writes the request, parses the response, closes. */
  private static final class PageGetter extends BaseProtocol {
    private final byte[] request;
    private final HttpResponseParser parser = new HttpResponseParser(MAX_BODY_LENGTH);
    @Nullable Deferred<HttpResponse> result;
    // Whether any byte of the response arrived: an end before it is no response, not a
    // truncated one.
    private boolean received;

    PageGetter(byte[] request) {
      this.request = request;
    }

    @Override
    public void connectionMade() {
      transport().write(request);
    }

    @Override
    public void dataReceived(ByteBuffer data) {
      if (parser.isDone() || transport().isDisconnecting()) {
        return; // bytes after the response, or after a failure: not ours to read
      }
      received |= data.hasRemaining();
      HttpResponse response;
      try {
        response = parser.feed(data);
      } catch (RuntimeException e) {
        // Whatever the parser throws fails the page; nothing a server sends escapes to the
        // reactor, which would leave the Deferred waiting.
        fail(e);
        transport().abortConnection();
        return;
      }
      if (response != null) {
        transport().loseConnection();
        succeed(response);
      }
    }

    @Override
    public void connectionLost(ConnectionEndedException reason) {
      if (Objects.requireNonNull(result, "result").isDone()) {
        return; // succeeded, failed by the parser, or cancelled
      }
      if (reason instanceof TlsHandshakeException) {
        // No response could have arrived: the page fails with why TLS failed.
        fail(reason);
        return;
      }
      if (!received) {
        // Nothing arrived, so nothing is malformed: the page fails with how the connection
        // ended, a reset or loss as itself, a clean close as "no response".
        fail(reason instanceof ConnectionClosedException closed
            ? new NoResponseException(closed) : reason);
        return;
      }
      try {
        HttpResponse response = parser.endOfInput();
        if (reason instanceof ConnectionClosedException) {
          succeed(response);
        } else {
          fail(new MalformedResponseException(
              "connection ended before the response was complete: " + reason.getMessage(),
              reason));
        }
      } catch (MalformedResponseException e) {
        if (!(reason instanceof ConnectionClosedException)) {
          e.initCause(reason);
        }
        fail(e);
      } catch (RuntimeException e) {
        fail(e);
      }
    }

    void abort() {
      transport().abortConnection();
    }

    private void succeed(HttpResponse response) {
      Deferred<HttpResponse> r = Objects.requireNonNull(result, "result");
      if (!r.isDone()) {
        r.complete(response);
      }
    }

    private void fail(RuntimeException e) {
      Deferred<HttpResponse> r = Objects.requireNonNull(result, "result");
      if (!r.isDone()) {
        r.completeExceptionally(e);
      }
    }
  }
}
