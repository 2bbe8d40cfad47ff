package dev.weft.samples.http;

import dev.weft.reactor.BaseProtocolFactory;
import dev.weft.reactor.ConnectionEndedException;
import dev.weft.reactor.DelayedCall;
import dev.weft.reactor.Protocol;
import dev.weft.reactor.ReactorTime;
import dev.weft.reactor.protocols.LineReceiver;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * A tiny HTTP/1.1 server for the demo and the tests: answers each GET with an HTML page whose
 * {@code <title>} comes from a function of the path, or 404, then closes the connection. Bodies
 * go out with {@code Content-Length}, or with the chunked transfer coding when the server is
 * built with {@code chunked}, so that the client's two body framings are both exercised. Not
 * thread-safe; the reactor calls it on its thread.
 *
 * <p><b>Against hostile clients.</b>
 * <ul>
 *   <li>The request head (request line and header lines, line ends included) may hold at most
 *       {@link Builder#maxHeadBytes(int)} bytes (default {@value #DEFAULT_MAX_HEAD_BYTES}): a
 *       longer request line is answered {@code 414 URI Too Long}, longer headers
 *       {@code 431 Request Header Fields Too Large}, and the connection is closed. Nothing past
 *       the limit is buffered.
 *   <li>A connection on which no complete line has arrived for {@link Builder#idleTimeout(Duration)}
 *       of reactor time (default 10 s) is closed: with {@code 408 Request Timeout} if a request
 *       had begun, quietly if nothing had. Bytes that dribble in without ending a line do not
 *       count as progress, so a client cannot hold a connection open by sending a header one
 *       byte at a time. A client that takes none of its response for the same time (a long file
 *       may take longer, as long as it keeps reading) has its connection aborted.
 *   <li>The whole request head must arrive within {@link Builder#headTimeout(Duration)} of the
 *       connection's start (default 30 s), however steadily its lines come: otherwise it is
 *       answered {@code 408 Request Timeout} (or closed quietly if nothing came), so a client
 *       cannot hold a connection by sending a complete header line just inside every idle
 *       timeout, as the original slowloris does.
 *   <li>The request line must be a method token, one space, a request target of visible
 *       ASCII characters, one space and {@code HTTP/1.}<i>digit</i> (RFC 9112, section 3);
 *       anything else, such as a control character in the target or a bare line feed hiding a
 *       header in the version, is answered {@code 400 Bad Request}.
 * </ul>
 *
 * <p><b>Files.</b> A server built with {@link Builder#files(Path)} also answers
 * {@code GET /files/NAME} with the bytes of the regular file NAME in that directory, sent with
 * {@link dev.weft.reactor.Transport#sendFile} (so on the production reactor they go from the page
 * cache to the socket without passing through the heap), always with {@code Content-Length}.
 * Names with a slash or a backslash, or starting with a dot, are 404.
 *
 * <p>Twisted: a minimal {@code twisted.web.http.HTTPChannel}, whose {@code timeOut} and
 * {@code maxHeaders} play the same roles.
 */
public final class PageServer extends BaseProtocolFactory {
  /** The default limit of the request head: 8 KiB, as many servers use. */
  public static final int DEFAULT_MAX_HEAD_BYTES = 8 * 1024;

  /** The default idle timeout: 10 seconds of reactor time. */
  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(10);

  /** The default time the whole request head may take: 30 seconds of reactor time. */
  public static final Duration DEFAULT_HEAD_TIMEOUT = Duration.ofSeconds(30);

  private final ReactorTime time;
  private final Function<String, Optional<String>> titles;
  private final boolean chunked;
  private final Duration idleTimeout;
  private final Duration headTimeout;
  private final int maxHeadBytes;
  private final @Nullable Path files;
  private int served;

  private PageServer(Builder b) {
    this.time = b.time;
    this.titles = Objects.requireNonNull(b.titles, "titles: call titles(...) before build()");
    this.chunked = b.chunked;
    this.idleTimeout = b.idleTimeout;
    this.headTimeout = b.headTimeout;
    this.maxHeadBytes = b.maxHeadBytes;
    this.files = b.files;
  }

  /**
   * Starts building a server.
   *
   * @param time the reactor time the idle timeout is measured on; usually the reactor itself
   * @return a builder with the defaults: not chunked, {@value #DEFAULT_MAX_HEAD_BYTES} bytes of
   *     head, 10 s idle timeout, 30 s head timeout, and no pages until
   *     {@link Builder#titles(Function)} is called
   */
  public static Builder builder(ReactorTime time) {
    return new Builder(time);
  }

  /**
   * Returns a server whose pages are {@code /pages/N}, titled {@code Page N}, for N in 1..count,
   * with the default limits.
   *
   * @param time the reactor time the idle timeout is measured on
   * @param count how many pages exist
   * @param chunked whether to send bodies with the chunked transfer coding
   * @return the server, never {@code null}
   */
  public static PageServer numberedPages(ReactorTime time, int count, boolean chunked) {
    return builder(time)
        .titles(path -> {
          if (!path.matches("/pages/[1-9][0-9]{0,8}")) {
            return Optional.empty();
          }
          int n = Integer.parseInt(path.substring("/pages/".length()));
          return n <= count ? Optional.of("Page " + n) : Optional.empty();
        })
        .chunked(chunked)
        .build();
  }

  /**
   * Returns how many responses the server has written: pages, 404s and error statuses alike.
   *
   * @return the count of responses written
   */
  public int served() {
    return served;
  }

  @Override
  public Protocol buildProtocol(SocketAddress peer) {
    return new Exchange();
  }

  // RFC 9112, section 3.2: every form of request target is visible ASCII, without spaces or
  // control characters (which a file name must not reach: a NUL makes Path throw).
  private static boolean isRequestTarget(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c <= ' ' || c >= 127) {
        return false;
      }
    }
    return !s.isEmpty();
  }

  static String page(String title) {
    String escaped = title.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    return "<!doctype html>\n<html><head><title>" + escaped + "</title></head>\n"
        + "<body><h1>" + escaped + "</h1><p>Served by Weft.</p></body></html>\n";
  }

  /** Builds a {@link PageServer}; the setters return this builder. */
  public static final class Builder {
    private final ReactorTime time;
    private @Nullable Function<String, Optional<String>> titles;
    private boolean chunked;
    private Duration idleTimeout = DEFAULT_IDLE_TIMEOUT;
    private Duration headTimeout = DEFAULT_HEAD_TIMEOUT;
    private int maxHeadBytes = DEFAULT_MAX_HEAD_BYTES;
    private @Nullable Path files;

    private Builder(ReactorTime time) {
      this.time = Objects.requireNonNull(time, "time");
    }

    /**
     * Sets the pages.
     *
     * @param titles the title of the page at a path (such as {@code /pages/7}), or empty for 404
     * @return this builder
     */
    public Builder titles(Function<String, Optional<String>> titles) {
      this.titles = Objects.requireNonNull(titles, "titles");
      return this;
    }

    /**
     * Sets whether bodies go out with the chunked transfer coding instead of
     * {@code Content-Length}.
     *
     * @param chunked {@code true} for chunked bodies
     * @return this builder
     */
    public Builder chunked(boolean chunked) {
      this.chunked = chunked;
      return this;
    }

    /**
     * Sets how long a connection may go without a complete line before it is closed.
     *
     * @param idleTimeout a positive duration of reactor time
     * @return this builder
     * @throws IllegalArgumentException if {@code idleTimeout} is zero or negative
     */
    public Builder idleTimeout(Duration idleTimeout) {
      Objects.requireNonNull(idleTimeout, "idleTimeout");
      if (idleTimeout.isZero() || idleTimeout.isNegative()) {
        throw new IllegalArgumentException("idleTimeout must be positive: " + idleTimeout);
      }
      this.idleTimeout = idleTimeout;
      return this;
    }

    /**
     * Sets how long the whole request head may take to arrive, from the connection's start,
     * however often its lines come.
     *
     * @param headTimeout a positive duration of reactor time
     * @return this builder
     * @throws IllegalArgumentException if {@code headTimeout} is zero or negative
     */
    public Builder headTimeout(Duration headTimeout) {
      Objects.requireNonNull(headTimeout, "headTimeout");
      if (headTimeout.isZero() || headTimeout.isNegative()) {
        throw new IllegalArgumentException("headTimeout must be positive: " + headTimeout);
      }
      this.headTimeout = headTimeout;
      return this;
    }

    /**
     * Sets the most bytes a request head may hold, line ends included.
     *
     * @param maxHeadBytes at least 16, enough for {@code GET / HTTP/1.1} and the empty line
     * @return this builder
     * @throws IllegalArgumentException if {@code maxHeadBytes} is less than 16
     */
    public Builder maxHeadBytes(int maxHeadBytes) {
      if (maxHeadBytes < 16) {
        throw new IllegalArgumentException("maxHeadBytes must be at least 16: " + maxHeadBytes);
      }
      this.maxHeadBytes = maxHeadBytes;
      return this;
    }

    /**
     * Serves the regular files of {@code directory} at {@code /files/NAME}, with
     * {@link dev.weft.reactor.Transport#sendFile}.
     *
     * @param directory the directory; not read until a request names a file in it
     * @return this builder
     */
    public Builder files(Path directory) {
      this.files = Objects.requireNonNull(directory, "directory");
      return this;
    }

    /**
     * Builds the server.
     *
     * @return a new server, never {@code null}
     * @throws NullPointerException if {@link #titles(Function)} was not called
     */
    public PageServer build() {
      return new PageServer(this);
    }
  }

  /** One request and its response. */
  private final class Exchange extends LineReceiver {
    private String target = "";
    private boolean requestLineSeen;
    private long headBytes;
    private @Nullable DelayedCall idle;
    private @Nullable DelayedCall headDeadline;
    private long pendingAtLastCheck = Long.MAX_VALUE;

    Exchange() {
      // No line may be longer than the whole head, so nothing past the limit is buffered.
      super(CRLF, maxHeadBytes - CRLF.length);
    }

    @Override
    public void connectionMade() {
      idle = time.callLater(idleTimeout, this::idleTimedOut);
      headDeadline = time.callLater(headTimeout, this::headTimedOut);
    }

    @Override
    protected void lineReceived(byte[] line) {
      resetIdleTimer();
      headBytes += line.length + CRLF.length;
      if (headBytes > maxHeadBytes) {
        headTooLarge();
        return;
      }
      String text = new String(line, StandardCharsets.ISO_8859_1);
      if (!requestLineSeen) {
        requestLineSeen = true;
        String[] parts = text.split(" ", -1);
        if (parts.length != 3 || !HttpResponseParser.isToken(parts[0], 0, parts[0].length())
            || !isRequestTarget(parts[1]) || !parts[2].matches("HTTP/1\\.[0-9]")) {
          respond(400, "Bad Request", "Bad Request");
        } else if (!parts[0].equals("GET")) {
          respond(405, "Method Not Allowed", "Method Not Allowed");
        } else {
          target = parts[1];
        }
        return;
      }
      if (!text.isEmpty()) {
        return; // headers do not change the answer
      }
      int query = target.indexOf('?');
      String path = query >= 0 ? target.substring(0, query) : target;
      if (files != null && path.startsWith("/files/")) {
        sendFile(files, path.substring("/files/".length()));
        return;
      }
      Optional<String> title = titles.apply(path);
      if (title.isPresent()) {
        respond(200, "OK", title.get());
      } else {
        respond(404, "Not Found", "Not Found");
      }
    }

    @Override
    protected void lineLengthExceeded(int length) {
      headTooLarge();
    }

    @Override
    public void connectionLost(ConnectionEndedException reason) {
      cancel(idle);
      cancel(headDeadline);
    }

    private void cancel(@Nullable DelayedCall timer) {
      if (timer != null && timer.isActive()) {
        timer.cancel();
      }
    }

    private void headTimedOut() {
      if (!transport().isDisconnecting()) {
        requestTimedOut();
      }
    }

    private void headTooLarge() {
      if (requestLineSeen) {
        respond(431, "Request Header Fields Too Large", "Request Header Fields Too Large");
      } else {
        respond(414, "URI Too Long", "URI Too Long");
      }
    }

    private void resetIdleTimer() {
      DelayedCall timer = idle;
      if (timer != null && timer.isActive()) {
        timer.reset(idleTimeout);
      }
    }

    private void idleTimedOut() {
      if (transport().isDisconnecting()) {
        long pending = transport().pendingBytes();
        if (pending > 0 && pending < pendingAtLastCheck) {
          // The client is still taking a long response: give it another period.
          pendingAtLastCheck = pending;
          idle = time.callLater(idleTimeout, this::idleTimedOut);
          return;
        }
        transport().abortConnection(); // the response was written but not taken in time
      } else {
        requestTimedOut();
      }
    }

    private void requestTimedOut() {
      if (requestLineSeen) {
        respond(408, "Request Timeout", "Request Timeout");
      } else {
        transport().loseConnection();
      }
    }

    private void respond(int status, String reason, String title) {
      served++;
      byte[] body = page(title).getBytes(StandardCharsets.UTF_8);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      String head = "HTTP/1.1 " + status + " " + reason + "\r\n"
          + "Content-Type: text/html; charset=utf-8\r\n"
          + "Connection: close\r\n"
          + (chunked ? "Transfer-Encoding: chunked\r\n"
              : "Content-Length: " + body.length + "\r\n")
          + "\r\n";
      out.writeBytes(head.getBytes(StandardCharsets.US_ASCII));
      if (chunked) {
        // Two chunks, so the client meets a chunk boundary inside the page.
        int half = body.length / 2;
        chunk(out, body, 0, half);
        chunk(out, body, half, body.length - half);
        out.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      } else {
        out.writeBytes(body);
      }
      transport().write(out.toByteArray());
      closeAfterResponse();
    }

    /** Serves {@code name} from {@code directory}, or 404 if it is not a regular file there. */
    private void sendFile(Path directory, String name) {
      Path file = directory.resolve(name).normalize();
      if (name.isEmpty() || name.contains("/") || name.contains("\\") || name.startsWith(".")
          || !file.getParent().equals(directory.normalize()) || !Files.isRegularFile(file)) {
        respond(404, "Not Found", "Not Found");
        return;
      }
      FileChannel channel;
      long size;
      try {
        channel = FileChannel.open(file, StandardOpenOption.READ);
        size = channel.size();
      } catch (IOException e) {
        respond(404, "Not Found", "Not Found");
        return;
      }
      served++;
      String head = "HTTP/1.1 200 OK\r\n"
          + "Content-Type: application/octet-stream\r\n"
          + "Connection: close\r\n"
          + "Content-Length: " + size + "\r\n"
          + "\r\n";
      transport().write(head.getBytes(StandardCharsets.US_ASCII));
      // The transport reads the file as it sends it: close the channel once it is done.
      transport().sendFile(channel, 0, size).whenComplete((ok, failed) -> closeQuietly(channel));
      closeAfterResponse();
    }

    private void closeQuietly(FileChannel channel) {
      try {
        channel.close();
      } catch (IOException ignored) {
        // Only read from; nothing was lost.
      }
    }

    private void closeAfterResponse() {
      cancel(headDeadline);
      transport().loseConnection();
      pendingAtLastCheck = transport().pendingBytes();
      // The idle timer stays armed: a client that does not take the response is aborted.
      DelayedCall timer = idle;
      if (timer != null && timer.isActive()) {
        timer.reset(idleTimeout);
      } else {
        idle = time.callLater(idleTimeout, this::idleTimedOut);
      }
    }

    private void chunk(ByteArrayOutputStream out, byte[] body, int from, int length) {
      out.writeBytes((Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
      out.write(body, from, length);
      out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
    }
  }
}
