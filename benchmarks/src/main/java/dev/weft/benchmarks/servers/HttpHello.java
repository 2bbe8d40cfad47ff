package dev.weft.benchmarks.servers;

import java.nio.charset.StandardCharsets;

/**
 * The HTTP/1.1 keep-alive workload shared by every server and the Java load client: a request is
 * complete at its blank line, and every request gets the same fixed "Hello, World!" response.
 *
 * <p>Every server runs this same scanner so the benchmark measures the transport, not the HTTP
 * parser. One instance per connection; not thread-safe.
 */
public final class HttpHello {
  /** The request the Java load client sends (wrk sends its own, also without a body). */
  public static final byte[] REQUEST =
      "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

  /** The response every server sends to every request. */
  public static final byte[] RESPONSE =
      ("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 13\r\n\r\nHello, World!")
          .getBytes(StandardCharsets.US_ASCII);

  // How much of "\r\n\r\n" the bytes seen so far end with: 0..3.
  private int matched;

  /**
   * Feeds one byte of the request stream.
   *
   * @param b the next byte
   * @return {@code true} if this byte ends a request (its blank line)
   */
  public boolean endsRequest(byte b) {
    if (b == '\r') {
      matched = matched == 2 ? 3 : 1;
    } else if (b == '\n' && (matched == 1 || matched == 3)) {
      if (matched == 3) {
        matched = 0;
        return true;
      }
      matched = 2;
    } else {
      matched = 0;
    }
    return false;
  }
}
