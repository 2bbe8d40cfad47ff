package dev.weft.benchmarks.servers;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HttpHelloTest {

  private static int requestsIn(HttpHello scanner, String bytes) {
    int ends = 0;
    for (byte b : bytes.getBytes(StandardCharsets.US_ASCII)) {
      if (scanner.endsRequest(b)) {
        ends++;
      }
    }
    return ends;
  }

  @Test
  void aRequestEndsAtItsBlankLine() {
    assertThat(requestsIn(new HttpHello(), new String(HttpHello.REQUEST, StandardCharsets.US_ASCII)))
        .isEqualTo(1);
  }

  @Test
  void pipelinedRequestsSplitAnywhereAreAllCounted() {
    HttpHello scanner = new HttpHello();
    String two = "GET / HTTP/1.1\r\nHost: a\r\n\r\nGET /x HTTP/1.1\r\n\r\n";
    assertThat(requestsIn(scanner, two.substring(0, 26)) + requestsIn(scanner, two.substring(26)))
        .isEqualTo(2);
  }

  @Test
  void aLoneNewlineOrHeaderLineDoesNotEndARequest() {
    assertThat(requestsIn(new HttpHello(), "GET / HTTP/1.1\r\nHost: a\r\n\n\r\r\n")).isZero();
  }

  @Test
  void anExtraCarriageReturnBeforeTheBlankLineStillEndsIt() {
    assertThat(requestsIn(new HttpHello(), "GET / HTTP/1.1\r\r\n\r\n")).isEqualTo(1);
  }

  @Test
  void theResponseDeclaresItsBodyLength() {
    String response = new String(HttpHello.RESPONSE, StandardCharsets.US_ASCII);
    String body = response.substring(response.indexOf("\r\n\r\n") + 4);
    assertThat(body).isEqualTo("Hello, World!");
    assertThat(response).contains("Content-Length: " + body.length() + "\r\n");
  }
}
