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
 * Parses one HTTP/1.1 response incrementally from chunks of bytes, whatever their boundaries:
 * status line, headers, then a body delimited by {@code Content-Length}, by the chunked transfer
 * coding, or by the end of the connection. Not thread-safe; used by one connection's protocol.
 *
 * <p>Errors are {@link MalformedResponseException}s that quote what was wrong. Limits keep a
 * hostile server from exhausting memory: lines of {@value #MAX_LINE_LENGTH} bytes,
 * {@value #MAX_HEADERS} headers, and a body of at most the size given at construction.
 */
public final class HttpResponseParser {
  /** The longest status line, header line or chunk-size line accepted. */
  public static final int MAX_LINE_LENGTH = 8192;
  /** The most header lines accepted. */
  public static final int MAX_HEADERS = 100;

  private enum State { STATUS_LINE, HEADERS, FIXED_BODY, CHUNK_SIZE, CHUNK_DATA, CHUNK_END,
    TRAILERS, UNTIL_CLOSE, DONE }

  private final long maxBodyLength;
  private final ByteArrayOutputStream line = new ByteArrayOutputStream();
  private final ByteArrayOutputStream body = new ByteArrayOutputStream();
  private final Map<String, List<String>> headers = new LinkedHashMap<>();
  private State state = State.STATUS_LINE;
  private String version = "";
  private int status;
  private String reason = "";
  private int headerCount;
  private long remaining;
  private @Nullable HttpResponse response;

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
   * @return the response once it is complete, otherwise {@code null}
   * @throws MalformedResponseException if the bytes are not a valid response
   */
  public @Nullable HttpResponse feed(ByteBuffer data) {
    while (data.hasRemaining() && state != State.DONE) {
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
        case DONE -> throw new AssertionError("loop ends at DONE");
      }
    }
    return response;
  }

  /**
   * Tells the parser the connection has ended; completes a body delimited by the end of the
   * connection.
   *
   * @return the complete response
   * @throws MalformedResponseException if the response was not complete
   */
  public HttpResponse endOfInput() {
    if (state == State.UNTIL_CLOSE) {
      finish();
    }
    HttpResponse r = response;
    if (r != null) {
      return r;
    }
    throw new MalformedResponseException(switch (state) {
      case STATUS_LINE -> line.size() == 0 && status == 0
          ? "connection closed before the status line"
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

  private @Nullable String readLine(ByteBuffer data) {
    while (data.hasRemaining()) {
      byte b = data.get();
      if (b == '\n') {
        byte[] bytes = line.toByteArray();
        line.reset();
        int end = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1
            : bytes.length;
        return new String(bytes, 0, end, StandardCharsets.ISO_8859_1);
      }
      if (line.size() >= MAX_LINE_LENGTH) {
        throw new MalformedResponseException(
            "line longer than " + MAX_LINE_LENGTH + " bytes in the " + where());
      }
      line.write(b);
    }
    return null;
  }

  private String where() {
    return switch (state) {
      case STATUS_LINE -> "status line";
      case HEADERS, TRAILERS -> "headers";
      default -> "chunked body";
    };
  }

  private void onLine(String l) {
    switch (state) {
      case STATUS_LINE -> statusLine(l);
      case HEADERS -> {
        if (l.isEmpty()) {
          startBody();
        } else {
          header(l);
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
    version = parts[0];
    status = Integer.parseInt(parts[1]);
    reason = parts.length == 3 ? parts[2] : "";
    state = State.HEADERS;
  }

  private void header(String l) {
    if (++headerCount > MAX_HEADERS) {
      throw new MalformedResponseException("more than " + MAX_HEADERS + " headers");
    }
    int colon = l.indexOf(':');
    if (colon <= 0 || l.substring(0, colon).isBlank() || l.charAt(0) == ' '
        || l.charAt(0) == '\t' || !l.substring(0, colon).strip().equals(l.substring(0, colon))) {
      throw new MalformedResponseException("malformed header line \"" + quote(l) + "\"");
    }
    String name = l.substring(0, colon).toLowerCase(Locale.ROOT);
    headers.computeIfAbsent(name, k -> new ArrayList<>()).add(l.substring(colon + 1).strip());
  }

  private void startBody() {
    // No body for 1xx, 204 and 304, whatever the headers say (RFC 9112, section 6.3).
    if (status < 200 || status == 204 || status == 304) {
      finish();
      return;
    }
    List<String> coding = headers.get("transfer-encoding");
    if (coding != null) {
      String last = coding.get(coding.size() - 1).toLowerCase(Locale.ROOT);
      if (!last.endsWith("chunked")) {
        throw new MalformedResponseException(
            "unsupported Transfer-Encoding \"" + quote(last) + "\"; only chunked is supported");
      }
      state = State.CHUNK_SIZE;
      return;
    }
    List<String> lengths = headers.get("content-length");
    if (lengths == null) {
      state = State.UNTIL_CLOSE;
      return;
    }
    long length = -1;
    for (String value : lengths) {
      long parsed;
      try {
        parsed = value.matches("\\d{1,18}") ? Long.parseLong(value) : -1;
      } catch (NumberFormatException e) {
        parsed = -1;
      }
      if (parsed < 0) {
        throw new MalformedResponseException("malformed Content-Length \"" + quote(value) + "\"");
      }
      if (length >= 0 && parsed != length) {
        throw new MalformedResponseException(
            "conflicting Content-Length values " + lengths + "");
      }
      length = parsed;
    }
    checkBodyLimit(length);
    remaining = length;
    if (remaining == 0) {
      finish();
    } else {
      state = State.FIXED_BODY;
    }
  }

  private void chunkSize(String l) {
    int semicolon = l.indexOf(';');
    String hex = (semicolon >= 0 ? l.substring(0, semicolon) : l).strip();
    if (!hex.matches("[0-9A-Fa-f]{1,15}")) {
      throw new MalformedResponseException("malformed chunk size \"" + quote(l) + "\"");
    }
    long size = Long.parseLong(hex, 16);
    if (size == 0) {
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

  private static String quote(String s) {
    String shown = s.length() > 80 ? s.substring(0, 80) + "..." : s;
    return shown.replace("\\", "\\\\").replace("\"", "\\\"");
  }
}
