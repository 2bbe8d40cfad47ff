package dev.weft.reactor.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.reactor.ConnectCancelledException;
import dev.weft.reactor.ConnectFailedException;
import dev.weft.reactor.ConnectionRefusedException;
import dev.weft.reactor.Deferred;
import dev.weft.reactor.Protocol;
import dev.weft.reactor.ProtocolFactory;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class MemoryClientEndpointTest {
  private final MemoryReactor reactor = new MemoryReactor();
  private final MemoryClientEndpoint endpoint =
      new MemoryClientEndpoint(reactor, "api.test", 443, Duration.ofSeconds(10));
  private final RecordingProtocol protocol = new RecordingProtocol();

  @Test
  void connectIsPendingUntilTheTestCompletesTheAttempt() {
    Deferred<Protocol> result = endpoint.connect(ProtocolFactory.of(() -> protocol));
    assertThat(result).isNotDone();
    assertThat(endpoint.attempts()).hasSize(1);
    assertThat(reactor.connectTcpCalls().get(0).host()).isEqualTo("api.test");
    endpoint.attempts().get(0).connect();
    assertThat(result).isCompletedWithValue(protocol);
    assertThat(protocol.events).containsExactly("made");
  }

  @Test
  void asyncStagesOfTheResultRunOnTheReactorNotInline() {
    Deferred<Protocol> result = endpoint.connect(ProtocolFactory.of(() -> protocol));
    Deferred<String> async = result.thenApplyAsync(p -> "ran on a reactor turn");
    endpoint.attempts().get(0).connect();
    assertThat(async).isNotDone();
    assertThat(reactor.queuedCallsFromThread()).hasSize(1);
    reactor.iterate();
    assertThat(async).isCompletedWithValue("ran on a reactor turn");
  }

  @Test
  void failedAttemptFailsTheDeferredWithTheSameReason() {
    Deferred<Protocol> result = endpoint.connect(ProtocolFactory.of(() -> protocol));
    endpoint.attempts().get(0).refuse();
    assertThatThrownBy(result::join)
        .isInstanceOf(CompletionException.class)
        .hasCauseInstanceOf(ConnectionRefusedException.class);
  }

  @Test
  void cancellingTheDeferredCancelsTheAttempt() {
    Deferred<Protocol> result = endpoint.connect(ProtocolFactory.of(() -> protocol));
    result.cancel(true);
    assertThat(endpoint.attempts().get(0).outcome()).isEqualTo(ClientAttempt.Outcome.CANCELLED);
    assertThatThrownBy(result::join).hasCauseInstanceOf(ConnectCancelledException.class);
  }

  @Test
  void attemptTimesOutWithTheClock() {
    Deferred<Protocol> result = endpoint.connect(ProtocolFactory.of(() -> protocol));
    reactor.advance(Duration.ofSeconds(10));
    assertThat(result).isCompletedExceptionally();
    assertThat(endpoint.attempts().get(0).outcome()).isEqualTo(ClientAttempt.Outcome.TIMED_OUT);
  }

  @Test
  void connectionMadeThatThrowsFailsTheDeferred() {
    protocol.onMade = p -> {
      throw new IllegalStateException("bad");
    };
    Deferred<Protocol> result = endpoint.connect(ProtocolFactory.of(() -> protocol));
    endpoint.attempts().get(0).connect();
    assertThat(result).isCompletedExceptionally();
    assertThat(reactor.takeCallbackErrors()).hasSize(1);
  }

  @Test
  void factoryThatThrowsFailsTheDeferredAsTheRealEndpointDoes() {
    IllegalStateException bad = new IllegalStateException("no protocol today");
    Deferred<Protocol> result = endpoint.connect(ProtocolFactory.of(() -> {
      throw bad;
    }));
    // The fake tells the test loudly that nothing connected; the endpoint has failed by then.
    assertThatThrownBy(() -> endpoint.attempts().get(0).connect())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("built no protocol");
    assertThatThrownBy(result::join)
        .hasCauseInstanceOf(ConnectFailedException.class)
        .hasRootCause(bad);
  }

  @Test
  void argumentsAreChecked() {
    assertThatThrownBy(() -> new MemoryClientEndpoint(reactor, "h", 70000))
        .hasMessage("port must be in 0..65535: 70000");
    assertThatThrownBy(() -> new MemoryClientEndpoint(reactor, " ", 80))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("host must not be blank: \" \"");
    assertThatThrownBy(() -> endpoint.connect(null)).hasMessage("factory");
  }
}
