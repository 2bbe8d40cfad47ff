package dev.weft.reactor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.reactor.internal.Checks;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Behaviour that lives in the API itself: base classes, factories, reasons, checks. */
class ContractsTest {
  private static final SocketAddress PEER = InetSocketAddress.createUnresolved("peer", 1234);

  @Test
  void baseProtocolStoresTheTransportThenCallsConnectionMade() {
    List<String> events = new ArrayList<>();
    Transport transport = org.mockito.Mockito.mock(Transport.class);
    BaseProtocol protocol =
        new BaseProtocol() {
          @Override
          public void connectionMade() {
            events.add("made, transport " + (transport() == transport));
          }

          @Override
          public void dataReceived(ByteBuffer data) {}
        };
    assertThat(protocol.hasTransport()).isFalse();
    protocol.makeConnection(transport);
    assertThat(events).containsExactly("made, transport true");
    assertThat(protocol.hasTransport()).isTrue();
  }

  @Test
  void baseProtocolRefusesASecondConnection() {
    BaseProtocol protocol = new BaseProtocol() {
      @Override
      public void dataReceived(ByteBuffer data) {}
    };
    Transport transport = org.mockito.Mockito.mock(Transport.class);
    protocol.makeConnection(transport);
    assertThatThrownBy(() -> protocol.makeConnection(transport))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("build a new protocol for each connection");
    assertThatThrownBy(() -> protocol.makeConnection(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("transport");
  }

  @Test
  void baseProtocolWithoutTransportSaysSo() {
    BaseProtocol protocol = new BaseProtocol() {
      @Override
      public void dataReceived(ByteBuffer data) {
        transport();
      }
    };
    assertThatThrownBy(() -> protocol.dataReceived(ByteBuffer.allocate(0)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("not connected yet");
  }

  @Test
  void baseFactoryStartsOnFirstUserAndStopsOnLast() {
    List<String> events = new ArrayList<>();
    BaseProtocolFactory factory =
        new BaseProtocolFactory() {
          @Override
          public Protocol buildProtocol(SocketAddress peer) {
            throw new AssertionError("not used");
          }

          @Override
          protected void startFactory() {
            events.add("start");
          }

          @Override
          protected void stopFactory() {
            events.add("stop");
          }
        };
    factory.doStart();
    factory.doStart();
    assertThat(factory.activeUsers()).isEqualTo(2);
    factory.doStop();
    assertThat(events).containsExactly("start");
    factory.doStop();
    assertThat(events).containsExactly("start", "stop");
    assertThatThrownBy(factory::doStop)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("more often than doStart");
  }

  @Test
  void staticFactoriesBuildAFreshProtocolPerConnection() {
    BaseProtocolFactory server = ProtocolFactory.of(Echo::new);
    Protocol first = server.buildProtocol(PEER);
    assertThat(first).isInstanceOf(Echo.class).isNotSameAs(server.buildProtocol(PEER));

    ClientFactory client = ClientFactory.of(Echo::new);
    assertThat(client.buildProtocol(PEER)).isInstanceOf(Echo.class);
    // Attempt callbacks default to doing nothing.
    client.startedConnecting(null);
    client.clientConnectionFailed(null, new ConnectionRefusedException("refused"));
  }

  @Test
  void staticFactoriesRejectNullAndASupplierReturningNull() {
    assertThatThrownBy(() -> ProtocolFactory.of(null)).hasMessage("protocols");
    assertThatThrownBy(() -> ClientFactory.of(null)).hasMessage("protocols");
    assertThatThrownBy(() -> ProtocolFactory.of(() -> null).buildProtocol(PEER))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("returned null");
  }

  @Test
  void reasonsAreDistinctTypesUnderOneBase() {
    List<NetworkException> reasons =
        List.of(
            new ConnectionClosedException(),
            new ConnectionLostException("reset"),
            new ConnectionAbortedException("aborted", new IllegalStateException("callback")),
            new ConnectFailedException("unreachable"),
            new ConnectionRefusedException("refused"),
            new ConnectTimeoutException("timed out"),
            new DnsLookupException("no such host"),
            new ConnectCancelledException("stopped"),
            new CannotListenException("in use"));
    assertThat(reasons).extracting(Object::getClass).doesNotHaveDuplicates();
    assertThat(reasons.subList(0, 3)).allMatch(r -> r instanceof ConnectionEndedException);
    assertThat(reasons.subList(3, 8)).allMatch(r -> r instanceof ConnectFailedException);
    assertThat(reasons.get(2).getCause()).hasMessage("callback");
  }

  @Test
  void aCleanCloseIsNotAnErrorAndCarriesNoStackTrace() {
    ConnectionClosedException clean = new ConnectionClosedException();
    assertThat(clean).hasMessage("Connection was closed cleanly");
    assertThat(clean.getStackTrace()).isEmpty();
    assertThat(new ConnectionLostException("reset").getStackTrace()).isNotEmpty();
  }

  @Test
  void argumentChecksNameTheArgumentAndTheValue() {
    assertThat(Checks.port(0)).isZero();
    assertThat(Checks.port(65_535)).isEqualTo(65_535);
    assertThatThrownBy(() -> Checks.port(70_000))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("port must be in 0..65535: 70000");
    assertThatThrownBy(() -> Checks.port(-1)).hasMessage("port must be in 0..65535: -1");
    assertThatThrownBy(() -> Checks.backlog(-5)).hasMessage("backlog must not be negative: -5");
    assertThatThrownBy(() -> Checks.nonNegative(null, "timeout"))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("timeout");
    assertThatThrownBy(() -> Checks.positive(Duration.ZERO, "interval"))
        .hasMessage("interval must be positive: PT0S");
    assertThat(Checks.saturatedNanos(Duration.ofSeconds(Long.MAX_VALUE))).isEqualTo(Long.MAX_VALUE);
    assertThat(Checks.saturatedAdd(Long.MAX_VALUE - 1, 5)).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void theJavaClockViewReadsReactorTime() {
    ManualTime time = new ManualTime();
    java.time.Clock clock = time.javaClock();
    assertThat(clock.instant()).isEqualTo(Instant.EPOCH);
    time.advance(Duration.ofMinutes(3));
    assertThat(clock.instant()).isEqualTo(Instant.EPOCH.plusSeconds(180));
    assertThat(clock.millis()).isEqualTo(180_000);
    assertThat(clock.getZone()).isEqualTo(java.time.ZoneOffset.UTC);
    java.time.Clock paris = clock.withZone(ZoneId.of("Europe/Paris"));
    assertThat(paris.instant()).isEqualTo(clock.instant());
    assertThat(paris.getZone()).isEqualTo(ZoneId.of("Europe/Paris"));
  }

  @Test
  void triggerHandlesRejectNulls() {
    assertThatThrownBy(() -> new TriggerHandle(null, TriggerPhase.BEFORE, 1)).hasMessage("event");
    assertThat(new TriggerHandle(SystemEvent.SHUTDOWN, TriggerPhase.AFTER, 7))
        .isEqualTo(new TriggerHandle(SystemEvent.SHUTDOWN, TriggerPhase.AFTER, 7));
  }

  @Test
  void writeSequenceWritesEachBufferInOrderByDefault() {
    List<String> written = new ArrayList<>();
    Transport transport = org.mockito.Mockito.mock(Transport.class, org.mockito.Mockito.CALLS_REAL_METHODS);
    org.mockito.Mockito.doAnswer(
            inv -> {
              ByteBuffer b = inv.getArgument(0);
              written.add(java.nio.charset.StandardCharsets.US_ASCII.decode(b.duplicate()).toString());
              return null;
            })
        .when(transport)
        .write(org.mockito.ArgumentMatchers.any(ByteBuffer.class));
    transport.writeSequence(List.of(ByteBuffer.wrap("ab".getBytes()), ByteBuffer.wrap("cd".getBytes())));
    assertThat(written).containsExactly("ab", "cd");
  }

  private static final class Echo extends BaseProtocol {
    @Override
    public void dataReceived(ByteBuffer data) {
      transport().write(data);
    }
  }
}
