package dev.weft.samples.unix;

import static dev.weft.reactor.testing.assertj.ReactorAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.reactor.BaseProtocol;
import dev.weft.reactor.ClientFactory;
import dev.weft.reactor.ConnectionClosedException;
import dev.weft.reactor.ConnectionEndedException;
import dev.weft.reactor.ConnectionRefusedException;
import dev.weft.reactor.testing.ClientAttempt;
import dev.weft.reactor.testing.DeliveryPolicy;
import dev.weft.reactor.testing.MemoryListeningPort;
import dev.weft.reactor.testing.MemoryReactorClock;
import dev.weft.reactor.testing.Pump;
import dev.weft.reactor.testing.junit.InjectReactor;
import dev.weft.reactor.testing.junit.WithFakeReactor;
import dev.weft.samples.echo.Echo;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** The UNIX-socket examples of the testing guide: the echo sample over a socket path, in memory. */
@WithFakeReactor
class UnixExamplesTest {
  @InjectReactor private MemoryReactorClock reactor;

  /** Says hello once connected, keeps what comes back, and closes once it is all back. */
  static final class Greeter extends BaseProtocol {
    final StringBuilder received = new StringBuilder();
    @Nullable ConnectionEndedException ended;

    @Override
    public void connectionMade() {
      transport().write("hello".getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void dataReceived(ByteBuffer data) {
      received.append(StandardCharsets.UTF_8.decode(data));
      if (received.toString().equals("hello")) {
        transport().loseConnection();
      }
    }

    @Override
    public void connectionLost(ConnectionEndedException reason) {
      ended = reason;
    }
  }

  @Test
  void theEchoServerAnswersOverASocketPathInMemory() {
    Path socket = Path.of("/run/echo/echo.sock");
    MemoryListeningPort port = (MemoryListeningPort) reactor.listenUNIX(socket, Echo.factory());
    Greeter client = new Greeter();
    reactor.connectUNIX(socket, ClientFactory.of(() -> client), Duration.ofSeconds(5));

    assertThat(reactor).hasUnixListenerOn(socket).hasUnixClientAttemptTo(socket);
    Pump pump = reactor.lastUnixClientAttempt()
        .connectTo(port, Pump.builder().policy(DeliveryPolicy.oneByteAtATime()));
    pump.flush();

    assertThat(client.received).hasToString("hello");
    assertThat(client.ended).isInstanceOf(ConnectionClosedException.class);
    port.stopListening();
  }

  @Test
  void aClientHearsConnectionRefusedWhenNoServerListensOnThePath() {
    Greeter client = new Greeter();
    ClientFactory factory = ClientFactory.of(() -> client);
    reactor.connectUNIX(Path.of("/run/nobody.sock"), factory);

    ClientAttempt attempt = reactor.lastUnixClientAttempt();
    attempt.refuse();

    assertThat(attempt.failure()).isInstanceOf(ConnectionRefusedException.class);
    assertThat(attempt.unixCall().path()).isEqualTo(Path.of("/run/nobody.sock"));
  }
}
