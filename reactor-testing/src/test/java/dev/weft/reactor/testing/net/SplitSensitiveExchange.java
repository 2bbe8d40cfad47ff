package dev.weft.reactor.testing.net;

import dev.weft.reactor.BaseProtocol;
import dev.weft.reactor.ClientFactory;
import dev.weft.reactor.ProtocolFactory;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A test body for the shrinker: a client sends 20 bytes, the server echoes them, and the run
 * fails if one of the server's reads ends exactly after byte {@code badOffset} of what it
 * received (a framing bug that only one cut shows).
 */
final class SplitSensitiveExchange implements SweepBody {
  static final String MESSAGE = "0123456789abcdefghij";
  private final long badOffset;
  int runs;

  SplitSensitiveExchange(long badOffset) {
    this.badOffset = badOffset;
  }

  @Override
  public void run(SweepCase sweepCase) {
    runs++;
    Network network = sweepCase.network();
    Host server = network.host("server");
    Host client = network.host("client");
    Echo echo = new Echo();
    server.reactor().listenTCP(7, ProtocolFactory.of(() -> echo));
    Echo sender = new Echo();
    client.reactor().connectTCP("server", 7, new ClientFactory() {
      @Override
      public dev.weft.reactor.Protocol buildProtocol(SocketAddress address) {
        return sender;
      }
    });
    network.runUntilIdle();
    sender.write(MESSAGE);
    network.runUntilIdle();
    if (echo.readEnds.contains(badOffset)) {
      throw new AssertionError("a read ended after byte " + badOffset + ": " + echo.readEnds);
    }
  }

  /** Echoes what the peer sends (the server) or sends once (the client); notes read ends. */
  static final class Echo extends BaseProtocol {
    final List<Long> readEnds = new ArrayList<>();
    private long received;
    private boolean echoes = true;

    @Override
    public void dataReceived(ByteBuffer data) {
      byte[] bytes = new byte[data.remaining()];
      data.get(bytes);
      received += bytes.length;
      readEnds.add(received);
      if (echoes) {
        transport().write(bytes);
      }
    }

    void write(String text) {
      echoes = false;
      transport().write(text.getBytes(StandardCharsets.UTF_8));
    }
  }
}
