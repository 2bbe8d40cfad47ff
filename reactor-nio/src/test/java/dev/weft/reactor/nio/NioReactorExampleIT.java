package dev.weft.reactor.nio;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.reactor.BaseProtocol;
import dev.weft.reactor.ListeningPort;
import dev.weft.reactor.ProtocolFactory;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The example in {@link NioReactor}'s javadoc, compiled and run so that it cannot rot. */
class NioReactorExampleIT {

  /** Writes back whatever it receives. */
  static final class Echo extends BaseProtocol {
    @Override
    public void dataReceived(ByteBuffer data) {
      transport().write(data);
    }
  }

  @Test
  void javadocExampleServesAnEchoClient() throws Exception {
    // --- as in the javadoc of NioReactor
    NioReactor reactor = NioReactor.builder().threadName("echo").build();
    ListeningPort port = reactor.listenTCP(0, ProtocolFactory.of(Echo::new));
    reactor.start(); // or run(), to serve on this thread until stop()
    // ---
    try (Socket client = new Socket("127.0.0.1", port.host().getPort())) {
      client.setSoTimeout((int) NioReactorDriver.BOUND.toMillis());
      client.getOutputStream().write("ping".getBytes(java.nio.charset.StandardCharsets.US_ASCII));

      assertThat(client.getInputStream().readNBytes(4)).asString().isEqualTo("ping");
    } finally {
      // --- as in the javadoc of NioReactor
      reactor.stop();
      reactor.awaitTermination(Duration.ofSeconds(10));
      // ---
    }
    assertThat(reactor.isTerminated()).isTrue();
  }
}
