package dev.weft.samples.http;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An HTTP response as {@link HttpClient#getPage} delivers it: status, headers and the whole body.
 * Immutable, except that {@link #body()} returns the array itself (records share their
 * components); do not change it.
 *
 * @param version the protocol version of the status line, such as {@code HTTP/1.1}
 * @param status the status code, 100..999
 * @param reason the reason phrase, possibly empty
 * @param headers header values by lower-case name, in the order received
 * @param body the body after any chunked transfer coding is removed
 */
public record HttpResponse(
    String version, int status, String reason, Map<String, List<String>> headers, byte[] body) {

  /**
   * Checks and copies the components.
   *
   * @param version the protocol version of the status line
   * @param status the status code
   * @param reason the reason phrase
   * @param headers header values by lower-case name; copied
   * @param body the body; kept, not copied
   * @throws IllegalArgumentException if {@code status} is outside 100..999
   */
  public HttpResponse {
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(body, "body");
    if (status < 100 || status > 999) {
      throw new IllegalArgumentException("status must be in 100..999: " + status);
    }
    Map<String, List<String>> copy = new java.util.LinkedHashMap<>();
    headers.forEach((name, values) -> copy.put(name, List.copyOf(values)));
    headers = java.util.Collections.unmodifiableMap(copy);
  }

  /**
   * Returns the first value of a header.
   *
   * @param name the header name, in any case
   * @return the first value, or empty if the header is absent
   */
  public Optional<String> header(String name) {
    List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
    return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }

  /**
   * Decodes the body as UTF-8, the charset of every page the samples serve.
   *
   * @return the body text, never {@code null}
   */
  public String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return "HttpResponse[" + version + " " + status + " " + reason + ", " + headers.size()
        + " headers, " + body.length + " body bytes]";
  }
}
