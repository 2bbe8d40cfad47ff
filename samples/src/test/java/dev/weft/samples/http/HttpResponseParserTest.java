package dev.weft.samples.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.samples.Splits;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class HttpResponseParserTest {

  private static @Nullable HttpResponse feed(HttpResponseParser parser, String text, Splits how) {
    HttpResponse result = null;
    for (ByteBuffer chunk : how.split(text.getBytes(StandardCharsets.UTF_8))) {
      HttpResponse r = parser.feed(chunk);
      if (r != null) {
        result = r;
      }
    }
    return result;
  }

  private static HttpResponseParser parser() {
    return new HttpResponseParser(1 << 20);
  }

  @ParameterizedTest
  @EnumSource(Splits.class)
  void contentLengthBody(Splits how) {
    HttpResponse r = feed(parser(),
        "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n"
            + "X-Twice: a\r\nX-Twice: b\r\n\r\nhello", how);

    assertThat(r).isNotNull();
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.reason()).isEqualTo("OK");
    assertThat(r.header("content-type")).hasValue("text/plain");
    assertThat(r.headers().get("x-twice")).containsExactly("a", "b");
    assertThat(r.bodyText()).isEqualTo("hello");
  }

  @ParameterizedTest
  @EnumSource(Splits.class)
  void chunkedBodyWithExtensionsAndTrailers(Splits how) {
    HttpResponse r = feed(parser(),
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
            + "5;name=value\r\nhello\r\n7\r\n, world\r\n0\r\nX-Trailer: yes\r\n\r\n", how);

    assertThat(r).isNotNull();
    assertThat(r.bodyText()).isEqualTo("hello, world");
  }

  @ParameterizedTest
  @EnumSource(Splits.class)
  void bodyUntilCloseEndsWithTheConnection(Splits how) {
    HttpResponseParser p = parser();

    assertThat(feed(p, "HTTP/1.0 200 OK\r\n\r\nall of it", how)).isNull();

    assertThat(p.endOfInput().bodyText()).isEqualTo("all of it");
  }

  @Test
  void bareLineFeedsAreAcceptedAndNoContentHasNoBody() {
    HttpResponse r = feed(parser(), "HTTP/1.1 204 No Content\nContent-Length: 10\n\n",
        Splits.WHOLE);

    assertThat(r).isNotNull();
    assertThat(r.status()).isEqualTo(204);
    assertThat(r.body()).isEmpty();
  }

  @Test
  void bytesAfterTheResponseAreLeftInTheBuffer() {
    ByteBuffer data = ByteBuffer.wrap(
        "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokEXTRA".getBytes(StandardCharsets.UTF_8));

    assertThat(parser().feed(data)).isNotNull();
    assertThat(data.remaining()).isEqualTo(5);
  }

  @Test
  void malformedResponsesFailWithMessagesThatQuoteTheProblem() {
    List.of(
        List.of("HTTP/1.1 2OO OK\r\n",
            "malformed status line \"HTTP/1.1 2OO OK\"; expected \"HTTP/1.1 200 OK\""),
        List.of("SSH-2.0-OpenSSH\r\n", "malformed status line \"SSH-2.0-OpenSSH\""),
        List.of("HTTP/1.1 200 OK\r\nno colon here\r\n", "malformed header line \"no colon here\""),
        List.of("HTTP/1.1 200 OK\r\nContent-Length: ten\r\n\r\n",
            "malformed Content-Length \"ten\""),
        List.of("HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n",
            "conflicting Content-Length values [1, 2]"),
        List.of("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
            "malformed chunk size \"zz\""),
        List.of("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n",
            "expected CRLF after chunk data, got \"c\""),
        List.of("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n",
            "unsupported Transfer-Encoding \"gzip\""),
        List.of("HTTP/1.1 200 OK\r\nContent-Length: 2000000\r\n\r\n",
            "body of 2000000 bytes exceeds the limit of 1048576 bytes"))
        .forEach(c -> assertThatThrownBy(() -> feed(parser(), c.get(0), Splits.WHOLE))
            .as(c.get(0))
            .isInstanceOf(MalformedResponseException.class)
            .hasMessageStartingWith(c.get(1)));
  }

  @Test
  void anOverlongLineFailsInsteadOfBufferingForever() {
    assertThatThrownBy(() -> feed(parser(), "HTTP/1.1 200 " + "x".repeat(9000), Splits.WHOLE))
        .isInstanceOf(MalformedResponseException.class)
        .hasMessage("line longer than 8192 bytes in the status line");
  }

  @Test
  void endOfInputBeforeTheResponseIsCompleteSaysWhereItStopped() {
    HttpResponseParser empty = parser();
    assertThatThrownBy(empty::endOfInput)
        .hasMessage("connection closed before the status line");

    HttpResponseParser inHeaders = parser();
    feed(inHeaders, "HTTP/1.1 200 OK\r\nContent-Le", Splits.WHOLE);
    assertThatThrownBy(inHeaders::endOfInput).hasMessage("connection closed in the headers");

    HttpResponseParser shortBody = parser();
    feed(shortBody, "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n1234", Splits.WHOLE);
    assertThatThrownBy(shortBody::endOfInput)
        .hasMessage("connection closed after 4 of 10 body bytes (Content-Length)");

    HttpResponseParser shortChunks = parser();
    feed(shortChunks, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nab",
        Splits.WHOLE);
    assertThatThrownBy(shortChunks::endOfInput)
        .hasMessage("connection closed in the chunked body after 2 bytes");
  }
}
