package dev.weft.reactor.endpoints;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.reactor.BaseProtocol;
import dev.weft.reactor.ConnectCancelledException;
import dev.weft.reactor.ConnectFailedException;
import dev.weft.reactor.ConnectionRefusedException;
import dev.weft.reactor.Connector;
import dev.weft.reactor.Deferred;
import dev.weft.reactor.HalfCloseableProtocol;
import dev.weft.reactor.Protocol;
import dev.weft.reactor.ProtocolFactory;
import dev.weft.reactor.doubles.BufferTransport;
import dev.weft.reactor.doubles.ScriptedReactor;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TcpClientEndpointTest {
  private final ScriptedReactor reactor = new ScriptedReactor();

  static final class Greeter extends BaseProtocol {
    final List<String> events = new ArrayList<>();

    @Override
    public void connectionMade() {
      events.add("connectionMade");
      transport().write("hello".getBytes());
    }

    @Override
    public void dataReceived(ByteBuffer data) {}
  }

  @Test
  void connectAsksTheReactorForExactlyTheConfiguredConnection() {
    var bind = new InetSocketAddress("127.0.0.1", 0);
    var endpoint =
        new TcpClientEndpoint(reactor, "example.com", 8080, Duration.ofSeconds(7), bind);

    endpoint.connect(ProtocolFactory.of(Greeter::new));

    assertThat(reactor.attempts).singleElement().satisfies(a -> {
      assertThat(a.host).isEqualTo("example.com");
      assertThat(a.port).isEqualTo(8080);
      assertThat(a.timeout).isEqualTo(Duration.ofSeconds(7));
      assertThat(a.bindAddress).isEqualTo(bind);
    });
  }

  @Test
  void completesWithTheUsersProtocolAfterItsConnectionMade() {
    var endpoint = new TcpClientEndpoint(reactor, "example.com", 80);
    Deferred<Protocol> connected = endpoint.connect(ProtocolFactory.of(Greeter::new));
    assertThat(connected).isNotDone();

    BufferTransport transport = new BufferTransport();
    reactor.attempts.get(0).succeed(transport);

    assertThat(connected).isCompleted();
    Protocol protocol = connected.join();
    assertThat(protocol).isInstanceOf(Greeter.class);
    assertThat(((Greeter) protocol).events).containsExactly("connectionMade");
    assertThat(transport.writtenUtf8()).isEqualTo("hello");
  }

  @Test
  void refusedAttemptFailsTheDeferredWithTheReactorsReason() {
    Deferred<Protocol> connected =
        new TcpClientEndpoint(reactor, "example.com", 80).connect(ProtocolFactory.of(Greeter::new));

    ConnectionRefusedException refused = new ConnectionRefusedException("nobody listens");
    reactor.attempts.get(0).fail(refused);

    assertThatThrownBy(connected::join).hasCause(refused);
  }

  @Test
  void cancellingStopsTheAttemptAndFailsWithConnectCancelled() {
    Deferred<Protocol> connected =
        new TcpClientEndpoint(reactor, "example.com", 80).connect(ProtocolFactory.of(Greeter::new));

    connected.cancel(false);

    assertThat(reactor.attempts.get(0).state()).isEqualTo(Connector.State.DISCONNECTED);
    assertThatThrownBy(connected::join).hasCauseInstanceOf(ConnectCancelledException.class);
  }

  @Test
  void cancellingThroughAChainedStageStillStopsTheAttempt() {
    Deferred<String> described =
        new TcpClientEndpoint(reactor, "example.com", 80)
            .connect(ProtocolFactory.of(Greeter::new))
            .thenApply(Object::toString);

    described.cancel(false);

    assertThat(reactor.attempts.get(0).state()).isEqualTo(Connector.State.DISCONNECTED);
  }

  @Test
  void aFactoryThatBuildsNoProtocolFailsTheConnect() {
    Deferred<Protocol> connected =
        new TcpClientEndpoint(reactor, "example.com", 80).connect(peer -> null);

    Protocol built = reactor.attempts.get(0).succeed(new BufferTransport());

    assertThat(built).isNull();
    assertThatThrownBy(connected::join)
        .hasCauseInstanceOf(ConnectFailedException.class)
        .hasMessageContaining("returned no protocol");
  }

  @Test
  void aHalfCloseableProtocolStaysHalfCloseableBehindTheEndpoint() {
    final class HalfCloser extends BaseProtocol implements HalfCloseableProtocol {
      boolean readLost;

      @Override
      public void dataReceived(ByteBuffer data) {}

      @Override
      public void readConnectionLost() {
        readLost = true;
      }

      @Override
      public void writeConnectionLost() {}
    }
    HalfCloser user = new HalfCloser();
    new TcpClientEndpoint(reactor, "example.com", 80).connect(peer -> user);

    Protocol seenByReactor = reactor.attempts.get(0).succeed(new BufferTransport());

    assertThat(seenByReactor).isInstanceOf(HalfCloseableProtocol.class);
    ((HalfCloseableProtocol) seenByReactor).readConnectionLost();
    assertThat(user.readLost).isTrue();
  }

  @Test
  void badArgumentsAreRejectedWithTheirValues() {
    assertThatThrownBy(() -> new TcpClientEndpoint(reactor, "h", 70_000))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("port must be in 0..65535: 70000");
    assertThatThrownBy(() -> new TcpClientEndpoint(reactor, " ", 80))
        .hasMessage("host must not be blank: \" \"");
    assertThatThrownBy(
            () -> new TcpClientEndpoint(reactor, "h", 80, Duration.ofSeconds(-1), null))
        .hasMessage("timeout must not be negative: PT-1S");
  }

  @Test
  void aConnectFailedExceptionFromConnectTcpFailsTheDeferredInsteadOfEscaping() {
    ConnectFailedException stopped = new ConnectFailedException("the reactor is stopped");
    reactor.connectFailure = stopped;

    Deferred<Protocol> connected =
        new TcpClientEndpoint(reactor, "example.com", 80).connect(ProtocolFactory.of(Greeter::new));

    assertThat(connected).isCompletedExceptionally();
    assertThatThrownBy(connected::join).hasCause(stopped);
  }

  @Test
  void anyOtherExceptionFromConnectTcpFailsTheDeferredAsAConnectFailure() {
    reactor.connectFailure = new IllegalStateException("called from the wrong thread");

    Deferred<Protocol> connected =
        new TcpClientEndpoint(reactor, "example.com", 80).connect(ProtocolFactory.of(Greeter::new));

    assertThatThrownBy(connected::join)
        .hasCauseInstanceOf(ConnectFailedException.class)
        .hasMessageContaining("connectTCP to example.com:80 threw")
        .hasRootCauseMessage("called from the wrong thread");
  }

  @Test
  void theWrappedProtocolHearsWritabilityChanges() {
    List<Boolean> heard = new ArrayList<>();
    new TcpClientEndpoint(reactor, "example.com", 80).connect(ProtocolFactory.of(() ->
        new BaseProtocol() {
          @Override
          public void dataReceived(ByteBuffer data) {}

          @Override
          public void writabilityChanged(boolean writable) {
            heard.add(writable);
          }
        }));
    Protocol asTheReactorSeesIt = reactor.attempts.get(0).succeed(new BufferTransport());

    asTheReactorSeesIt.writabilityChanged(false);
    asTheReactorSeesIt.writabilityChanged(true);

    assertThat(heard).containsExactly(false, true);
  }
}
