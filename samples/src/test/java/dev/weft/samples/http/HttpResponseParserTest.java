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
import org.junit.jupiter.params.provider.ValueSource;

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
        List.of("HTTP/1.1 200 OK\r\nContent-Length: 2000000\r\n\r\n",
            "body of 2000000 bytes exceeds the limit of 1048576 bytes"))
        .forEach(c -> assertThatThrownBy(() -> feed(parser(), c.get(0), Splits.WHOLE))
            .as(c.get(0))
            .isInstanceOf(MalformedResponseException.class)
            .hasMessageStartingWith(c.get(1)));
  }

  @ParameterizedTest
  @EnumSource(Splits.class)
  void interimResponsesAreSkippedAndTheFinalResponseReturned(Splits how) {
    HttpResponse r = feed(parser(),
        "HTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload\r\n\r\n"
            + "HTTP/1.1 100 Continue\r\n\r\n"
            + "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok", how);

    assertThat(r).isNotNull();
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.headers()).containsOnlyKeys("content-length");
    assertThat(r.bodyText()).isEqualTo("ok");
  }

  @Test
  void switchingProtocolsAndEndlessInterimResponsesAreMalformed() {
    assertThatThrownBy(() -> feed(parser(),
        "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n", Splits.WHOLE))
        .isInstanceOf(MalformedResponseException.class)
        .hasMessage("101 Switching Protocols, but the request asked for no upgrade");
    assertThatThrownBy(() -> feed(parser(), "HTTP/1.1 102 Processing\r\n\r\n".repeat(17),
        Splits.WHOLE))
        .isInstanceOf(MalformedResponseException.class)
        .hasMessage("more than 16 interim (1xx) responses");
  }

  @Test
  void statusCodesBelow100AreMalformed() {
    for (String code : List.of("000", "042", "099")) {
      assertThatThrownBy(() -> feed(parser(), "HTTP/1.1 " + code + " Odd\r\n\r\n",
          Splits.WHOLE))
          .isInstanceOf(MalformedResponseException.class)
          .hasMessage("status code " + code + " is not in 100..999 in the status line \"HTTP/1.1 "
              + code + " Odd\"");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"chunked", "Chunked", "CHUNKED", " \tchunked \t", ", chunked,"})
  void exactlyChunkedInAnyCaseWithOptionalWhiteSpaceIsAccepted(String coding) {
    HttpResponse r = feed(parser(), "HTTP/1.1 200 OK\r\nTransfer-Encoding:" + coding
        + "\r\n\r\n2\r\nok\r\n0\r\n\r\n", Splits.WHOLE);

    assertThat(r).isNotNull();
    assertThat(r.bodyText()).isEqualTo("ok");
  }

  @ParameterizedTest
  @ValueSource(strings = {"xchunked", "gzip, chunked", "chunked, gzip", "chunkedx", "identity",
      "chunked;q=1", "gzip\r\nTransfer-Encoding: chunked"})
  void otherTransferCodingsAreUnsupportedAndNoBodyIsRead(String coding) {
    HttpResponseParser p = parser();
    ByteBuffer data = ByteBuffer.wrap(("HTTP/1.1 200 OK\r\nTransfer-Encoding: " + coding
        + "\r\n\r\n2\r\nok\r\n0\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));

    assertThatThrownBy(() -> p.feed(data))
        .isInstanceOf(UnsupportedResponseException.class)
        .hasMessageStartingWith("unsupported Transfer-Encoding \"")
        .hasMessageEndingWith("\"; only chunked is supported");
    assertThat(new String(data.array(), data.position(), data.remaining(),
        StandardCharsets.ISO_8859_1)).startsWith("2\r\nok");
  }

  @Test
  void ambiguousTransferEncodingsAreMalformed() {
    List.of(
        List.of("Transfer-Encoding: chunked, chunked",
            "chunked applied more than once in Transfer-Encoding \"chunked, chunked\""),
        List.of("Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked",
            "chunked applied more than once"),
        List.of("Transfer-Encoding: chu nked", "malformed Transfer-Encoding \"chu nked\""),
        List.of("Transfer-Encoding: \u000bchunked", "malformed Transfer-Encoding"),
        List.of("Transfer-Encoding: ", "empty Transfer-Encoding"),
        List.of("Transfer-Encoding: chunked\r\nContent-Length: 2",
            "both Transfer-Encoding and Content-Length in one response; RFC 9112 section 6.1"),
        List.of("Content-Length: 2\r\nTransfer-Encoding: gzip",
            "both Transfer-Encoding and Content-Length"))
        .forEach(c -> assertThatThrownBy(() -> feed(parser(),
            "HTTP/1.1 200 OK\r\n" + c.get(0) + "\r\n\r\n2\r\nok\r\n0\r\n\r\n",
            Splits.WHOLE))
            .as(c.get(0))
            .isInstanceOf(MalformedResponseException.class)
            .hasMessageStartingWith(c.get(1)));
  }

  @Test
  void transferEncodingInAnHttp10ResponseIsMalformed() {
    // An HTTP/1.0 hop may have passed the chunked bytes on without decoding them, so the body's
    // end cannot be trusted (RFC 9112, section 6.1).
    assertThatThrownBy(() -> feed(parser(),
        "HTTP/1.0 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n",
        Splits.WHOLE))
        .isInstanceOf(MalformedResponseException.class)
        .hasMessage("Transfer-Encoding in an HTTP/1.0 response; RFC 9112 section 6.1 says its "
            + "framing is faulty");
  }

  @Test
  void malformedFieldLinesAreRejected() {
    List.of(
        List.of("Content-Length : 2", "malformed header line \"Content-Length : 2\""),
        List.of(" folded: value", "malformed header line \" folded: value\""),
        List.of("X-Bad: a\rb", "CR or NUL in the value of the header line"),
        List.of("X-Bad: a\0b", "CR or NUL in the value of the header line"))
        .forEach(c -> assertThatThrownBy(() -> feed(parser(),
            "HTTP/1.1 200 OK\r\n" + c.get(0) + "\r\n\r\n", Splits.WHOLE))
            .as(c.get(0))
            .isInstanceOf(MalformedResponseException.class)
            .hasMessageStartingWith(c.get(1)));
  }

  @Test
  void theHeadIsBoundedInFieldsAndInBytes() {
    assertThatThrownBy(() -> feed(parser(),
        "HTTP/1.1 200 OK\r\n" + "X-Many: 1\r\n".repeat(101), Splits.WHOLE))
        .isInstanceOf(MalformedResponseException.class)
        .hasMessage("more than 100 header fields");
    assertThatThrownBy(() -> feed(parser(),
        "HTTP/1.1 200 OK\r\n" + ("X-Big: " + "b".repeat(8000) + "\r\n").repeat(9),
        Splits.ONE_BYTE))
        .isInstanceOf(MalformedResponseException.class)
        .hasMessage("response head longer than 65536 bytes (status line and headers)");
  }

  @Test
  void trailersAreBoundedInFieldsAndInBytes() {
    String chunkedHead = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n";
    assertThatThrownBy(() -> feed(parser(), chunkedHead + "X-T: 1\r\n".repeat(33),
        Splits.WHOLE))
        .isInstanceOf(MalformedResponseException.class)
        .hasMessage("more than 32 trailer fields");
    assertThatThrownBy(() -> feed(parser(),
        chunkedHead + ("X-T: " + "t".repeat(8000) + "\r\n").repeat(3), Splits.WHOLE))
        .isInstanceOf(MalformedResponseException.class)
        .hasMessage("trailers longer than 16384 bytes");
    assertThatThrownBy(() -> feed(parser(), chunkedHead + "not a field\r\n", Splits.WHOLE))
        .isInstanceOf(MalformedResponseException.class)
        .hasMessage("malformed trailer line \"not a field\"");
  }

  @Test
  void aChunkSizeLineIsBoundedExtensionsIncluded() {
    assertThatThrownBy(() -> feed(parser(), "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
        + "2;ext=" + "e".repeat(2000) + "\r\nok\r\n", Splits.WHOLE))
        .isInstanceOf(MalformedResponseException.class)
        .hasMessage("line longer than 1024 bytes in the chunked body");
  }

  @Test
  void aFailedParserRefusesMoreInput() {
    HttpResponseParser p = parser();
    assertThatThrownBy(() -> feed(p, "HTTP/1.1 007 Bond\r\n", Splits.WHOLE))
        .isInstanceOf(MalformedResponseException.class);

    assertThatThrownBy(() -> p.feed(ByteBuffer.wrap(new byte[] {'x'})))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("the parser already failed (status code 007")
        .hasMessageEndingWith("); parse the next response with a new parser");
    assertThatThrownBy(p::endOfInput).isInstanceOf(IllegalStateException.class);
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
  void whateverTheServerSendsOnlyTypedErrorsComeOut(long seed) {
    // Valid responses with random bytes changed, dropped or repeated, split at random: the
    // parser answers, fails with one of its two typed errors, or waits for more; nothing else.
    List<String> seeds = List.of(
        "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello",
        "HTTP/1.1 103 Early Hints\r\nLink: <a>\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;x=y\r\nhello\r\n0\r\nT: 1\r\n\r\n",
        "HTTP/1.0 200 OK\r\n\r\nuntil close");
    java.util.Random random = new java.util.Random(seed);
    String alphabet = "0123456789 :;,\r\n\t\0\u000bHTtpchunkedCLgzip1xX-";
    for (int round = 0; round < 500; round++) {
      StringBuilder text = new StringBuilder(seeds.get(random.nextInt(seeds.size())));
      for (int edits = 1 + random.nextInt(4); edits > 0 && text.length() > 0; edits--) {
        int at = random.nextInt(text.length());
        switch (random.nextInt(3)) {
          case 0 -> text.setCharAt(at, alphabet.charAt(random.nextInt(alphabet.length())));
          case 1 -> text.deleteCharAt(at);
          default -> text.insert(at, text.substring(at, Math.min(text.length(),
              at + 1 + random.nextInt(8))));
        }
      }
      HttpResponseParser p = new HttpResponseParser(1 << 10);
      try {
        for (ByteBuffer chunk : Splits.RANDOM_SEED_1.split(
            text.toString().getBytes(StandardCharsets.ISO_8859_1))) {
          if (p.feed(chunk) != null) {
            break;
          }
        }
        if (!p.isDone()) {
          p.endOfInput();
        }
      } catch (MalformedResponseException | UnsupportedResponseException expected) {
        // a typed answer
      } catch (RuntimeException e) {
        throw new AssertionError("untyped " + e + " for " + text.toString()
            .replace("\r", "\\r").replace("\n", "\\n"), e);
      }
    }
  }

  @Test
  void anOverlongLineFailsInsteadOfBufferingForever() {
    assertThatThrownBy(() -> feed(parser(), "HTTP/1.1 200 " + "x".repeat(9000), Splits.WHOLE))
        .isInstanceOf(MalformedResponseException.class)
        .hasMessage("line longer than 8192 bytes in the status line");
  }

  @ParameterizedTest
  @EnumSource(Splits.class)
  void aLineOfExactlyTheMaximumIsAcceptedWhicheverItsLineEnd(Splits how) {
    String name = "X-Long: ";
    String header = name + "h".repeat(HttpResponseParser.MAX_LINE_LENGTH - name.length());
    String chunkLine = "2;" + "e".repeat(HttpResponseParser.MAX_CHUNK_LINE_LENGTH - 2);
    for (String end : new String[] {"\r\n", "\n"}) {
      HttpResponse r = feed(parser(), "HTTP/1.1 200 OK" + end + header + end
          + "Transfer-Encoding: chunked" + end + end + chunkLine + end + "ok" + end
          + "0" + end + end, how);

      assertThat(r).as("line end %s", end.length()).isNotNull();
      assertThat(r.bodyText()).isEqualTo("ok");
    }
    // One byte more is too long, whichever line end follows it.
    for (String end : new String[] {"\r\n", "\n"}) {
      assertThatThrownBy(() -> feed(parser(), "HTTP/1.1 200 OK\r\n" + header + "h" + end, how))
          .isInstanceOf(MalformedResponseException.class)
          .hasMessage("line longer than 8192 bytes in the headers");
    }
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
