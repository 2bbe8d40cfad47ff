package dev.weft.reactor.testing.assertj;

import static dev.weft.reactor.testing.assertj.ReactorAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.reactor.BaseProtocol;
import dev.weft.reactor.ClientFactory;
import dev.weft.reactor.ConnectionAbortedException;
import dev.weft.reactor.ConnectionClosedException;
import dev.weft.reactor.ConnectionRefusedException;
import dev.weft.reactor.Deferred;
import dev.weft.reactor.ProtocolFactory;
import dev.weft.reactor.testing.Clock;
import dev.weft.reactor.testing.MemoryConnection;
import dev.weft.reactor.testing.MemoryReactor;
import dev.weft.reactor.testing.RecordingTransport;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ReactorAssertionsTest {

  @Test
  void deferredAssertionsTellPendingSucceededAndFailedApartWithoutWaiting() {
    Deferred<String> d = new Deferred<>();
    assertThat(d).isPending();
    assertThatThrownBy(() -> assertThat(d).succeededWith("x"))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("but it was:")
        .hasMessageContaining("pending");
    d.complete("x");
    assertThat(d).succeededWith("x").succeeded().isEqualTo("x");
    assertThatThrownBy(() -> assertThat(d).isPending()).hasMessageContaining("succeeded with x");
    assertThatThrownBy(() -> assertThat(d).succeededWith("y"))
        .hasMessageContaining("but it succeeded with:");
  }

  @Test
  void failedWithLooksThroughChainedStages() {
    Deferred<String> d = new Deferred<>();
    Deferred<Integer> chained = d.thenApply(String::length);
    d.completeExceptionally(new ConnectionRefusedException("refused"));
    assertThat(chained).failedWith(ConnectionRefusedException.class).hasMessage("refused");
    assertThatThrownBy(() -> assertThat(chained).failedWith(IllegalStateException.class))
        .hasMessageContaining("but it failed with:")
        .hasMessageContaining("ConnectionRefusedException");
  }

  @Test
  void wasCancelledRecognisesCancellation() {
    Deferred<String> d = new Deferred<>();
    d.cancel(true);
    assertThat(d).wasCancelled();
    assertThatThrownBy(() -> assertThat(Deferred.succeeded("x")).wasCancelled())
        .isInstanceOf(AssertionError.class);
  }

  @Test
  void memoryReactorAssertionsFindRecordedAttemptsAndListeners() {
    MemoryReactor reactor = new MemoryReactor();
    reactor.connectTCP("example.com", 80, ClientFactory.of(Quiet::new), Duration.ofSeconds(5));
    reactor.listenTCP(8080, ProtocolFactory.of(Quiet::new));
    assertThat(reactor)
        .hasClientAttemptTo("example.com", 80)
        .hasClientAttemptTo("example.com", 80, Duration.ofSeconds(5))
        .hasListenerOn(8080)
        .hasOpenConnections(0);
    assertThatThrownBy(() -> assertThat(reactor).hasClientAttemptTo("example.com", 443))
        .hasMessageContaining("Expecting a connectTCP to example.com:443")
        .hasMessageContaining("example.com");
    assertThatThrownBy(() -> assertThat(reactor).hasClientAttemptTo("example.com", 80, Duration.ofSeconds(30)))
        .hasMessageContaining("with timeout PT30S");
    assertThatThrownBy(() -> assertThat(reactor).hasListenerOn(9090))
        .hasMessageContaining("listening on 9090");
    assertThatThrownBy(() -> assertThat(reactor).hasNoClientAttempts()).isInstanceOf(AssertionError.class);
    assertThatThrownBy(() -> assertThat(reactor).hasNoListeners()).isInstanceOf(AssertionError.class);
  }

  @Test
  void transportAssertionsCheckWrittenBytesAndHowItClosed() {
    MemoryReactor reactor = new MemoryReactor();
    reactor.connectTCP("example.com", 80, ClientFactory.of(Greeter::new));
    MemoryConnection connection = reactor.lastClientAttempt().connect();
    RecordingTransport transport = connection.transport();
    assertThat(transport)
        .hasWrittenText("hello\n")
        .hasWrittenContaining("ell")
        .hasWrittenExactly("hello\n".getBytes(StandardCharsets.UTF_8))
        .isOpen();
    assertThatThrownBy(() -> assertThat(transport).hasWrittenText("bye"))
        .hasMessageContaining("but it wrote:")
        .hasMessageContaining("hello");
    assertThatThrownBy(() -> assertThat(transport).hasWrittenNothing()).isInstanceOf(AssertionError.class);
    assertThatThrownBy(() -> assertThat(transport).wasAborted()).isInstanceOf(AssertionError.class);
    transport.abortConnection();
    assertThat(transport).isDisconnecting().wasAborted();
    reactor.runUntilIdle();
    assertThat(transport).endedWith(ConnectionAbortedException.class);
    assertThatThrownBy(() -> assertThat(transport).endedWith(ConnectionClosedException.class))
        .hasMessageContaining("ConnectionAbortedException");
  }

  @Test
  void clockAssertionsListPendingCallsAsTimesSinceTheStart() {
    Clock clock = new Clock(Instant.parse("2026-01-01T00:00:00Z"));
    clock.callLater(Duration.ofSeconds(5), () -> {});
    clock.callLater(Duration.ofSeconds(1), () -> {});
    assertThat(clock).hasPendingCallsAt(Duration.ofSeconds(1), Duration.ofSeconds(5)).hasElapsed(Duration.ZERO);
    clock.advance(Duration.ofSeconds(2));
    assertThat(clock)
        .hasPendingCallsAt(Duration.ofSeconds(5))
        .hasElapsed(Duration.ofSeconds(2))
        .isAt(Instant.parse("2026-01-01T00:00:02Z"));
    assertThatThrownBy(() -> assertThat(clock).hasNoPendingCalls()).hasMessageContaining("Expecting no pending calls");
    assertThatThrownBy(() -> assertThat(clock).hasPendingCallsAt(Duration.ofSeconds(1)))
        .hasMessageContaining("but they were at:");
    clock.advance(Duration.ofSeconds(3));
    assertThat(clock).hasNoPendingCalls();
  }

  static class Quiet extends BaseProtocol {
    @Override
    public void dataReceived(ByteBuffer data) {}
  }

  static class Greeter extends Quiet {
    @Override
    public void connectionMade() {
      transport().write("hello\n".getBytes(StandardCharsets.UTF_8));
    }
  }
}
