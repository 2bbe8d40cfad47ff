package dev.weft.samples.http;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Parses one HTTP/1.1 response to a GET incrementally from chunks of bytes, whatever their
 * boundaries: status line, headers, then a body delimited by {@code Content-Length}, by the
 * chunked transfer coding, or by the end of the connection. Not thread-safe; used by one
 * connection's protocol.
 *
 * <p><b>What it accepts</b> (RFC 9110, RFC 9112):
 * <ul>
 *   <li>Interim responses ({@code 1xx}, such as {@code 100 Continue} or {@code 103 Early Hints})
 *       are skipped and the final response is returned, at most {@value #MAX_INTERIM_RESPONSES} of
 *       them. {@code 101 Switching Protocols} is malformed: the request asked for no upgrade.
 *   <li>Status codes are three digits from 100 to 999; {@code 000} to {@code 099} are malformed.
 *   <li>{@code Transfer-Encoding} is read as a comma-separated list of codings, each a token with
 *       optional white space around it (space or tab only). Exactly {@code chunked}, in any case,
 *       is supported; any other coding ({@code gzip, chunked}, {@code xchunked}) or a coding with
 *       parameters fails with {@link UnsupportedResponseException} before any body byte is read;
 *       {@code chunked} twice is malformed.
 *   <li>A response with both {@code Transfer-Encoding} and {@code Content-Length} is malformed:
 *       RFC 9112 section 6.1 forbids a server to send both, and section 6.3 says such a message
 *       "ought to be handled as an error" since it may be an attempt at response smuggling. This
 *       client takes that option rather than letting {@code Transfer-Encoding} win.
 *   <li>An {@code HTTP/1.0} response with {@code Transfer-Encoding} is malformed: RFC 9112
 *       section 6.1 says its framing must be treated as faulty, since an HTTP/1.0 hop may have
 *       passed the coded bytes on without decoding them.
 *   <li>Field names are tokens; a field value containing CR or NUL is malformed, and only spaces
 *       and tabs are trimmed around it.
 * </ul>
 *
 * <p><b>Limits</b> keep a hostile server from exhausting memory or keeping the parser busy on
 * framing: lines of {@value #MAX_LINE_LENGTH} bytes, chunk-size lines (with extensions) of
 * {@value #MAX_CHUNK_LINE_LENGTH}, {@value #MAX_HEADERS} header fields and
 * {@value #MAX_HEAD_BYTES} bytes of head per response, {@value #MAX_TRAILERS} trailer fields and
 * {@value #MAX_TRAILER_BYTES} bytes of trailers (read and dropped), and a body of at most the size
 * given at construction.
 *
 * <p><b>Errors</b> are {@link MalformedResponseException}s or
 * {@link UnsupportedResponseException}s that quote what was wrong. After one, the parser refuses
 * further input with an {@link IllegalStateException}.
 */
public final class HttpResponseParser {
  /** The longest status line, header line or trailer line accepted, without its line end. */
  public static final int MAX_LINE_LENGTH = 8192;
  /** The longest chunk-size line accepted, chunk extensions included. */
  public static final int MAX_CHUNK_LINE_LENGTH = 1024;
  /** The most header fields accepted in one response. */
  public static final int MAX_HEADERS = 100;
  /** The most bytes accepted for one response's status line and headers, line ends included. */
  public static final int MAX_HEAD_BYTES = 64 * 1024;
  /** The most trailer fields accepted after a chunked body. */
  public static final int MAX_TRAILERS = 32;
  /** The most bytes accepted for the trailers, line ends included. */
  public static final int MAX_TRAILER_BYTES = 16 * 1024;
  /** The most interim (1xx) responses skipped before the final one. */
  public static final int MAX_INTERIM_RESPONSES = 16;

  private enum State { STATUS_LINE, HEADERS, FIXED_BODY, CHUNK_SIZE, CHUNK_DATA, CHUNK_END,
    TRAILERS, UNTIL_CLOSE, DONE, FAILED }

  private final long maxBodyLength;
  private final ByteArrayOutputStream line = new ByteArrayOutputStream();
  private final ByteArrayOutputStream body = new ByteArrayOutputStream();
  private final Map<String, List<String>> headers = new LinkedHashMap<>();
  private State state = State.STATUS_LINE;
  private String version = "";
  private int status;
  private String reason = "";
  private int fieldCount;
  private int sectionBytes;
  private int interimResponses;
  private long remaining;
  private @Nullable HttpResponse response;
  private @Nullable RuntimeException failure;

  /**
   * Creates a parser.
   *
   * @param maxBodyLength the largest body accepted, in bytes, not negative
   * @throws IllegalArgumentException if {@code maxBodyLength} is negative
   */
  public HttpResponseParser(long maxBodyLength) {
    if (maxBodyLength < 0) {
      throw new IllegalArgumentException("maxBodyLength must not be negative: " + maxBodyLength);
    }
    this.maxBodyLength = maxBodyLength;
  }

  /**
   * Consumes bytes. Bytes after the end of the response are left in {@code data}.
   *
   * @param data the bytes received; only read during the call
   * @return the final response once it is complete, otherwise {@code null}
   * @throws MalformedResponseException if the bytes are not a valid response
   * @throws UnsupportedResponseException if the response uses a transfer coding other than
   *     chunked
   * @throws IllegalStateException if an earlier call failed
   */
  public @Nullable HttpResponse feed(ByteBuffer data) {
    checkNotFailed();
    try {
      while (data.hasRemaining() && state != State.DONE) {
        step(data);
      }
      return response;
    } catch (RuntimeException e) {
      state = State.FAILED;
      failure = e;
      throw e;
    }
  }

  private void step(ByteBuffer data) {
    switch (state) {
      case STATUS_LINE, HEADERS, CHUNK_SIZE, CHUNK_END, TRAILERS -> {
        String l = readLine(data);
        if (l != null) {
          onLine(l);
        }
      }
      case FIXED_BODY, CHUNK_DATA -> {
        int n = (int) Math.min(remaining, data.remaining());
        copyBody(data, n);
        remaining -= n;
        if (remaining == 0) {
          if (state == State.FIXED_BODY) {
            finish();
          } else {
            state = State.CHUNK_END;
          }
        }
      }
      case UNTIL_CLOSE -> copyBody(data, data.remaining());
      case DONE, FAILED -> throw new AssertionError("the feed loop ends at " + state);
    }
  }

  /**
   * Tells the parser the connection has ended; completes a body delimited by the end of the
   * connection.
   *
   * @return the complete response
   * @throws MalformedResponseException if the response was not complete
   * @throws IllegalStateException if an earlier call failed
   */
  public HttpResponse endOfInput() {
    checkNotFailed();
    if (state == State.UNTIL_CLOSE) {
      finish();
    }
    HttpResponse r = response;
    if (r != null) {
      return r;
    }
    throw new MalformedResponseException(switch (state) {
      case STATUS_LINE -> line.size() == 0
          ? interimResponses > 0
              ? "connection closed after " + interimResponses
                  + " interim (1xx) responses, before the final response"
              : "connection closed before the status line"
          : "connection closed in the status line";
      case HEADERS -> "connection closed in the headers";
      case FIXED_BODY -> "connection closed after " + body.size() + " of "
          + (body.size() + remaining) + " body bytes (Content-Length)";
      default -> "connection closed in the chunked body after " + body.size() + " bytes";
    });
  }

  /**
   * Tells whether the response is complete.
   *
   * @return {@code true} once {@link #feed} or {@link #endOfInput} returned it
   */
  public boolean isDone() {
    return state == State.DONE;
  }

  private void checkNotFailed() {
    RuntimeException f = failure;
    if (f != null) {
      throw new IllegalStateException("the parser already failed (" + f.getMessage()
          + "); parse the next response with a new parser", f);
    }
  }

  private @Nullable String readLine(ByteBuffer data) {
    boolean chunkLine = state == State.CHUNK_SIZE || state == State.CHUNK_END;
    int limit = chunkLine ? MAX_CHUNK_LINE_LENGTH : MAX_LINE_LENGTH;
    while (data.hasRemaining()) {
      byte b = data.get();
      countSectionByte();
      if (b == '\n') {
        byte[] bytes = line.toByteArray();
        line.reset();
        int end = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1
            : bytes.length;
        return new String(bytes, 0, end, StandardCharsets.ISO_8859_1);
      }
      // The limit does not count the line end: one byte past it may be the CR of a CRLF.
      if (line.size() > limit || line.size() == limit && b != '\r') {
        throw new MalformedResponseException(
            "line longer than " + limit + " bytes in the " + where());
      }
      line.write(b);
    }
    return null;
  }

  private void countSectionByte() {
    if (state == State.STATUS_LINE || state == State.HEADERS) {
      if (++sectionBytes > MAX_HEAD_BYTES) {
        throw new MalformedResponseException("response head longer than " + MAX_HEAD_BYTES
            + " bytes (status line and headers)");
      }
    } else if (state == State.TRAILERS && ++sectionBytes > MAX_TRAILER_BYTES) {
      throw new MalformedResponseException(
          "trailers longer than " + MAX_TRAILER_BYTES + " bytes");
    }
  }

  private String where() {
    return switch (state) {
      case STATUS_LINE -> "status line";
      case HEADERS -> "headers";
      case TRAILERS -> "trailers";
      default -> "chunked body";
    };
  }

  private void onLine(String l) {
    switch (state) {
      case STATUS_LINE -> statusLine(l);
      case HEADERS -> {
        if (l.isEmpty()) {
          endOfHead();
        } else {
          field(l, "header", MAX_HEADERS, true);
        }
      }
      case CHUNK_SIZE -> chunkSize(l);
      case CHUNK_END -> {
        if (!l.isEmpty()) {
          throw new MalformedResponseException(
              "expected CRLF after chunk data, got \"" + quote(l) + "\"");
        }
        state = State.CHUNK_SIZE;
      }
      case TRAILERS -> {
        if (l.isEmpty()) {
          finish();
        } else {
          field(l, "trailer", MAX_TRAILERS, false);
        }
      }
      default -> throw new AssertionError(state);
    }
  }

  private void statusLine(String l) {
    String[] parts = l.split(" ", 3);
    if (parts.length < 2 || !parts[0].matches("HTTP/1\\.[01]") || !parts[1].matches("\\d{3}")) {
      throw new MalformedResponseException(
          "malformed status line \"" + quote(l) + "\"; expected \"HTTP/1.1 200 OK\"");
    }
    int code = Integer.parseInt(parts[1]);
    if (code < 100) {
      throw new MalformedResponseException("status code " + parts[1]
          + " is not in 100..999 in the status line \"" + quote(l) + "\"");
    }
    version = parts[0];
    status = code;
    reason = parts.length == 3 ? parts[2] : "";
    state = State.HEADERS;
  }

  private void field(String l, String kind, int maxFields, boolean keep) {
    if (++fieldCount > maxFields) {
      throw new MalformedResponseException("more than " + maxFields + " " + kind + " fields");
    }
    int colon = l.indexOf(':');
    if (colon <= 0 || !isToken(l, 0, colon)) {
      throw new MalformedResponseException("malformed " + kind + " line \"" + quote(l) + "\"");
    }
    String value = trimWhiteSpace(l.substring(colon + 1));
    if (value.indexOf('\r') >= 0 || value.indexOf('\0') >= 0) {
      throw new MalformedResponseException(
          "CR or NUL in the value of the " + kind + " line \"" + quote(l) + "\"");
    }
    if (keep) {
      String name = l.substring(0, colon).toLowerCase(Locale.ROOT);
      headers.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
    }
  }

  private void endOfHead() {
    if (status < 200) {
      interimResponse();
      return;
    }
    // No body for 204 and 304, whatever the headers say (RFC 9112, section 6.3).
    if (status == 204 || status == 304) {
      finish();
      return;
    }
    List<String> codings = headers.get("transfer-encoding");
    List<String> lengths = headers.get("content-length");
    if (codings != null) {
      if (version.equals("HTTP/1.0")) {
        // An HTTP/1.0 hop may have forwarded the coding without decoding it.
        throw new MalformedResponseException("Transfer-Encoding in an HTTP/1.0 response; "
            + "RFC 9112 section 6.1 says its framing is faulty");
      }
      if (lengths != null) {
        throw new MalformedResponseException("both Transfer-Encoding and Content-Length in one "
            + "response; RFC 9112 section 6.1 forbids it (a sign of response smuggling)");
      }
      requireChunkedOnly(codings);
      state = State.CHUNK_SIZE;
      return;
    }
    if (lengths == null) {
      state = State.UNTIL_CLOSE;
      return;
    }
    long length = contentLength(lengths);
    checkBodyLimit(length);
    remaining = length;
    if (remaining == 0) {
      finish();
    } else {
      state = State.FIXED_BODY;
    }
  }

  // RFC 9110, section 15.2: a client skips interim responses and reads the final one.
  private void interimResponse() {
    if (status == 101) {
      throw new MalformedResponseException(
          "101 Switching Protocols, but the request asked for no upgrade");
    }
    if (++interimResponses > MAX_INTERIM_RESPONSES) {
      throw new MalformedResponseException(
          "more than " + MAX_INTERIM_RESPONSES + " interim (1xx) responses");
    }
    headers.clear();
    version = "";
    status = 0;
    reason = "";
    fieldCount = 0;
    sectionBytes = 0;
    state = State.STATUS_LINE;
  }

  private static void requireChunkedOnly(List<String> values) {
    String all = String.join(", ", values);
    int chunked = 0;
    int elements = 0;
    for (String element : all.split(",", -1)) {
      String coding = trimWhiteSpace(element);
      if (coding.isEmpty()) {
        continue; // RFC 9110, section 5.6.1: empty list elements are ignored
      }
      elements++;
      int semicolon = coding.indexOf(';');
      String name = trimWhiteSpace(semicolon >= 0 ? coding.substring(0, semicolon) : coding);
      if (!isToken(name, 0, name.length())) {
        throw new MalformedResponseException(
            "malformed Transfer-Encoding \"" + quote(all) + "\"");
      }
      if (semicolon >= 0 || !name.equalsIgnoreCase("chunked")) {
        throw new UnsupportedResponseException(
            "unsupported Transfer-Encoding \"" + quote(all) + "\"; only chunked is supported");
      }
      chunked++;
    }
    if (elements == 0) {
      throw new MalformedResponseException("empty Transfer-Encoding");
    }
    if (chunked > 1) {
      throw new MalformedResponseException(
          "chunked applied more than once in Transfer-Encoding \"" + quote(all) + "\"");
    }
  }

  private static long contentLength(List<String> values) {
    long length = -1;
    for (String value : values) {
      long parsed = value.matches("\\d{1,18}") ? Long.parseLong(value) : -1;
      if (parsed < 0) {
        throw new MalformedResponseException("malformed Content-Length \"" + quote(value) + "\"");
      }
      if (length >= 0 && parsed != length) {
        throw new MalformedResponseException("conflicting Content-Length values " + values);
      }
      length = parsed;
    }
    return length;
  }

  private void chunkSize(String l) {
    int semicolon = l.indexOf(';');
    // Spaces or tabs may precede an extension (BWS), nothing else surrounds the size.
    String hex = semicolon >= 0 ? trimWhiteSpace(l.substring(0, semicolon)) : l;
    if (!hex.matches("[0-9A-Fa-f]{1,15}")) {
      throw new MalformedResponseException("malformed chunk size \"" + quote(l) + "\"");
    }
    long size = Long.parseLong(hex, 16);
    if (size == 0) {
      fieldCount = 0;
      sectionBytes = 0;
      state = State.TRAILERS;
      return;
    }
    checkBodyLimit(body.size() + size);
    remaining = size;
    state = State.CHUNK_DATA;
  }

  private void checkBodyLimit(long length) {
    if (length > maxBodyLength) {
      throw new MalformedResponseException(
          "body of " + length + " bytes exceeds the limit of " + maxBodyLength + " bytes");
    }
  }

  private void copyBody(ByteBuffer data, int n) {
    if (state == State.UNTIL_CLOSE) {
      checkBodyLimit((long) body.size() + n);
    }
    byte[] chunk = new byte[n];
    data.get(chunk);
    body.writeBytes(chunk);
  }

  private void finish() {
    state = State.DONE;
    response = new HttpResponse(version, status, reason, headers, body.toByteArray());
  }

  // RFC 9110, section 5.6.2: tchar is any visible ASCII character except the delimiters. The
  // page server checks request methods with it too.
  static boolean isToken(String s, int from, int to) {
    if (from >= to) {
      return false;
    }
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      boolean tchar = c > ' ' && c < 127 && "\"(),/:;<=>?@[\\]{}".indexOf(c) < 0;
      if (!tchar) {
        return false;
      }
    }
    return true;
  }

  // OWS is spaces and horizontal tabs only (RFC 9110, section 5.6.3), not every white space.
  private static String trimWhiteSpace(String s) {
    int from = 0;
    int to = s.length();
    while (from < to && (s.charAt(from) == ' ' || s.charAt(from) == '\t')) {
      from++;
    }
    while (to > from && (s.charAt(to - 1) == ' ' || s.charAt(to - 1) == '\t')) {
      to--;
    }
    return s.substring(from, to);
  }

  private static String quote(String s) {
    String shown = s.length() > 80 ? s.substring(0, 80) + "..." : s;
    return shown.replace("\\", "\\\\").replace("\"", "\\\"");
  }
}
