package dev.weft.reactor.testing.conformance;

import dev.weft.reactor.tls.TlsHandshakeListener;
import dev.weft.reactor.tls.TlsSession;
import dev.weft.reactor.tls.TlsTransport;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * A {@link ScenarioProtocol} under TLS: also records the handshake ("handshake" in the events)
 * and the session, thread-safely.
 */
class TlsScenarioProtocol extends ScenarioProtocol implements TlsHandshakeListener {
  final AtomicReference<@Nullable TlsSession> session = new AtomicReference<>();
  private volatile @Nullable Runnable onHandshake;

  TlsScenarioProtocol(boolean echo) {
    super(echo, null);
  }

  static TlsScenarioProtocol tlsRecorder() {
    return new TlsScenarioProtocol(false);
  }

  static TlsScenarioProtocol tlsEchoer() {
    return new TlsScenarioProtocol(true);
  }

  /** Runs {@code action} on the reactor thread when the handshake completes. */
  TlsScenarioProtocol onHandshake(Runnable action) {
    this.onHandshake = action;
    return this;
  }

  @Override
  public void handshakeCompleted(TlsSession completed) {
    session.set(completed);
    events.add("handshake");
    Runnable action = onHandshake;
    if (action != null) {
      action.run();
    }
  }

  boolean isHandshakeDone() {
    return session.get() != null;
  }

  TlsTransport tls() {
    return (TlsTransport) link();
  }
}
