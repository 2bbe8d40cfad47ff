package dev.weft.reactor.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.reactor.testing.net.Chunking;
import dev.weft.reactor.BaseProtocol;
import dev.weft.reactor.ClientFactory;
import dev.weft.reactor.ConnectionAbortedException;
import dev.weft.reactor.ConnectionEndedException;
import dev.weft.reactor.DelayedCall;
import dev.weft.reactor.ProtocolFactory;
import dev.weft.reactor.ReactorTime;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Whole scenarios written the way a user of the fakes would write them. */
class LineClientScenarioTest {

  /** Sends a greeting, collects newline-terminated replies, gives up after 5 s of silence. */
  static final class GreetingClient extends BaseProtocol {
    private final ReactorTime time;
    private final StringBuilder partial = new StringBuilder();
    final List<String> lines = new ArrayList<>();
    ConnectionEndedException ended;
    private DelayedCall idle;

    GreetingClient(ReactorTime time) {
      this.time = time;
    }

    @Override
    public void connectionMade() {
      transport().write("HELLO\n".getBytes(StandardCharsets.UTF_8));
      idle = time.callLater(Duration.ofSeconds(5), transport()::abortConnection);
    }

    @Override
    public void dataReceived(ByteBuffer data) {
      idle.reset(Duration.ofSeconds(5));
      while (data.hasRemaining()) {
        char c = (char) data.get();
        if (c == '\n') {
          lines.add(partial.toString());
          partial.setLength(0);
        } else {
          partial.append(c);
        }
      }
    }

    @Override
    public void connectionLost(ConnectionEndedException reason) {
      ended = reason;
      if (idle.isActive()) {
        idle.cancel();
      }
    }
  }

  /** Answers each line with "ECHO " and the line. */
  static final class EchoLines extends BaseProtocol {
    private final StringBuilder partial = new StringBuilder();

    @Override
    public void dataReceived(ByteBuffer data) {
      while (data.hasRemaining()) {
        char c = (char) data.get();
        partial.append(c);
        if (c == '\n') {
          transport().write(("ECHO " + partial).getBytes(StandardCharsets.UTF_8));
          partial.setLength(0);
        }
      }
    }
  }

  @Test
  void clientAgainstATestPlayedServerTimesOutWhenTheServerGoesQuiet() {
    MemoryReactor reactor = new MemoryReactor();
    GreetingClient client = new GreetingClient(reactor);
    reactor.connectTCP("greeter.test", 7, ClientFactory.of(() -> client), Duration.ofSeconds(2));

    ConnectTcpCall call = reactor.connectTcpCalls().get(0);
    assertThat(call.host()).isEqualTo("greeter.test");
    assertThat(call.timeout()).isEqualTo(Duration.ofSeconds(2));

    MemoryConnection connection = reactor.lastClientAttempt().connect();
    assertThat(connection.takeWrittenText()).isEqualTo("HELLO\n");
    for (byte b : "WELCOME\nMO".getBytes(StandardCharsets.UTF_8)) {
      connection.receive(new byte[] {b});
    }
    assertThat(client.lines).containsExactly("WELCOME");

    reactor.advance(Duration.ofSeconds(4));
    connection.receive("RE\n");
    reactor.advance(Duration.ofSeconds(4));
    assertThat(connection.isOpen()).isTrue();
    reactor.advance(Duration.ofSeconds(1));
    reactor.iterate();
    assertThat(client.lines).containsExactly("WELCOME", "MORE");
    assertThat(client.ended).isInstanceOf(ConnectionAbortedException.class);
    assertThat(reactor.pendingCalls()).isEmpty();
    assertThat(reactor.openConnections()).isEmpty();
    assertThat(reactor.callbackErrors()).isEmpty();
  }

  @Test
  void clientAndServerTalkThroughAPumpOneByteAtATime() {
    MemoryReactor reactor = new MemoryReactor();
    MemoryListeningPort port =
        (MemoryListeningPort) reactor.listenTCP(0, ProtocolFactory.of(EchoLines::new));
    GreetingClient client = new GreetingClient(reactor);
    reactor.connectTCP("127.0.0.1", port.port(), ClientFactory.of(() -> client));

    Pump pump = reactor.lastClientAttempt()
        .connectTo(port, Pump.builder().chunking(Chunking.oneByte()));
    pump.flush();
    assertThat(client.lines).containsExactly("ECHO HELLO");

    reactor.advance(Duration.ofSeconds(5));
    pump.flush();
    assertThat(client.ended).isInstanceOf(ConnectionAbortedException.class);
    assertThat(pump.server().endReason())
        .isInstanceOf(dev.weft.reactor.ConnectionLostException.class);
    port.stopListening();
    assertThat(reactor.openConnections()).isEmpty();
    assertThat(reactor.listeningPorts()).isEmpty();
  }
}
