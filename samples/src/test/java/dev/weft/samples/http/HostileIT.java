package dev.weft.samples.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.reactor.BaseProtocol;
import dev.weft.reactor.BaseProtocolFactory;
import dev.weft.reactor.ListeningPort;
import dev.weft.reactor.Protocol;
import dev.weft.samples.NioHarness;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/** The HTTP sample against hostile peers over loopback. */
class HostileIT {

  /** Answers every connection with {@code response} and closes. */
  private static BaseProtocolFactory answering(String response) {
    return new BaseProtocolFactory() {
      @Override
      public Protocol buildProtocol(SocketAddress peer) {
        return new BaseProtocol() {
          @Override
          public void connectionMade() {
            transport().write(response.getBytes(StandardCharsets.ISO_8859_1));
            transport().loseConnection();
          }

          @Override
          public void dataReceived(ByteBuffer data) {}
        };
      }
    };
  }

  @Test
  void aServerAnsweringStatus099FailsThePageInsteadOfHangingIt() throws Exception {
    try (NioHarness nio = new NioHarness("hostile-status-it")) {
      ListeningPort port = nio.run(() -> nio.reactor().listenTCP(
          0, answering("HTTP/1.1 099 Nope\r\nContent-Length: 0\r\n\r\n"), 50, "127.0.0.1"));

      assertThatThrownBy(() -> nio.call(() -> HttpClient.getPage(nio.reactor(),
              "http://127.0.0.1:" + port.host().getPort() + "/")))
          .isInstanceOf(ExecutionException.class)
          .hasCauseInstanceOf(MalformedResponseException.class);
      nio.call(port::stopListening);
    }
  }

  @Test
  void thePageServerAnswersOversizedHeadersWith431AndCloses() throws Exception {
    try (NioHarness nio = new NioHarness("hostile-head-it")) {
      ListeningPort port = nio.run(() -> nio.reactor().listenTCP(
          0, PageServer.numberedPages(nio.reactor(), 1, false), 50, "127.0.0.1"));

      String answer;
      try (Socket socket = new Socket()) {
        socket.setSoTimeout((int) NioHarness.WAIT.toMillis());
        socket.connect(new InetSocketAddress("127.0.0.1", port.host().getPort()),
            (int) NioHarness.WAIT.toMillis());
        OutputStream out = socket.getOutputStream();
        // 23 + 292 * 28 = 8,199 bytes: only the last line crosses the 8 KiB limit, so the
        // server has read everything when it answers, and its close cannot become a reset.
        String head = "GET /pages/1 HTTP/1.1\r\n" + "X-Filler: 0123456789abcdef\r\n".repeat(292);
        assertThat(head.length() - 28).isLessThanOrEqualTo(PageServer.DEFAULT_MAX_HEAD_BYTES);
        assertThat(head.length()).isGreaterThan(PageServer.DEFAULT_MAX_HEAD_BYTES);
        out.write(head.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = socket.getInputStream();
        answer = new String(in.readAllBytes(), StandardCharsets.US_ASCII); // until the close
      }

      assertThat(answer).startsWith("HTTP/1.1 431 Request Header Fields Too Large\r\n");
      nio.call(port::stopListening);
    }
  }

  /**
   * Reads the whole request, then ends the connection without a byte of answer: a clean close
   * ({@code abort} false; nothing is left unread, so the close cannot become a reset) or an
   * abort, a reset.
   */
  private static BaseProtocolFactory endingAfterTheRequest(boolean abort) {
    return new BaseProtocolFactory() {
      @Override
      public Protocol buildProtocol(SocketAddress peer) {
        return new BaseProtocol() {
          private final StringBuilder request = new StringBuilder();

          @Override
          public void dataReceived(ByteBuffer data) {
            request.append(StandardCharsets.ISO_8859_1.decode(data));
            if (request.indexOf("\r\n\r\n") >= 0) {
              if (abort) {
                transport().abortConnection();
              } else {
                transport().loseConnection();
              }
            }
          }
        };
      }
    };
  }

  @Test
  void aServerThatClosesWithoutAnsweringIsNoResponseOnRealSockets() throws Exception {
    try (NioHarness nio = new NioHarness("hostile-silent-close-it")) {
      ListeningPort port = nio.run(() -> nio.reactor().listenTCP(
          0, endingAfterTheRequest(false), 50, "127.0.0.1"));

      assertThatThrownBy(() -> nio.call(() -> HttpClient.getPage(nio.reactor(),
              "http://127.0.0.1:" + port.host().getPort() + "/")))
          .isInstanceOf(ExecutionException.class)
          .hasCauseInstanceOf(NoResponseException.class);
      nio.call(port::stopListening);
    }
  }

  @Test
  void aServerThatResetsWithoutAnsweringFailsWithTheLossOnRealSockets() throws Exception {
    try (NioHarness nio = new NioHarness("hostile-silent-reset-it")) {
      ListeningPort port = nio.run(() -> nio.reactor().listenTCP(
          0, endingAfterTheRequest(true), 50, "127.0.0.1"));

      assertThatThrownBy(() -> nio.call(() -> HttpClient.getPage(nio.reactor(),
              "http://127.0.0.1:" + port.host().getPort() + "/")))
          .isInstanceOf(ExecutionException.class)
          .hasCauseInstanceOf(dev.weft.reactor.ConnectionLostException.class);
      nio.call(port::stopListening);
    }
  }
}
