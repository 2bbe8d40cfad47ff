package dev.weft.samples.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.reactor.ListeningPort;
import dev.weft.samples.NioHarness;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The page server sends a file over loopback with sendFile (transferTo on nio). */
class PageServerFileIT {

  @Test
  void aLargeFileArrivesWholeOverLoopback(@TempDir Path dir) throws Exception {
    byte[] content = new byte[8 * 1024 * 1024 + 123];
    for (int i = 0; i < content.length; i++) {
      content[i] = (byte) (i * 31 + (i >> 9));
    }
    Files.write(dir.resolve("big.bin"), content);
    try (NioHarness nio = new NioHarness("page-file-it")) {
      ListeningPort port = nio.run(() -> nio.reactor().listenTCP(0,
          PageServer.builder(nio.reactor()).titles(p -> java.util.Optional.empty()).files(dir)
              .build(),
          50, "127.0.0.1"));

      byte[] answer;
      try (Socket socket = new Socket()) {
        socket.setSoTimeout((int) NioHarness.WAIT.toMillis());
        socket.connect(new InetSocketAddress("127.0.0.1", port.host().getPort()),
            (int) NioHarness.WAIT.toMillis());
        socket.getOutputStream().write(
            "GET /files/big.bin HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        InputStream in = socket.getInputStream();
        answer = in.readAllBytes(); // until the server closes
      }

      String head = "HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\n"
          + "Connection: close\r\nContent-Length: " + content.length + "\r\n\r\n";
      assertThat(new String(answer, 0, head.length(), StandardCharsets.US_ASCII)).isEqualTo(head);
      assertThat(answer.length).isEqualTo(head.length() + content.length);
      assertThat(Arrays.equals(answer, head.length(), answer.length, content, 0, content.length))
          .isTrue();
      nio.call(port::stopListening);
    }
  }
}
