package dev.weft.reactor.testing.tls;

import dev.weft.reactor.BaseProtocol;
import dev.weft.reactor.ConnectionEndedException;
import dev.weft.reactor.HalfCloseableProtocol;
import dev.weft.reactor.tls.TlsHandshakeListener;
import dev.weft.reactor.tls.TlsSession;
import dev.weft.reactor.tls.TlsTransport;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/** A protocol under TLS that logs what happens to it and can be told to react. */
class TlsRecorder extends BaseProtocol implements TlsHandshakeListener {
  final List<String> events = new ArrayList<>();
  final ByteArrayOutputStream received = new ByteArrayOutputStream();
  @Nullable TlsSession session;
  @Nullable ConnectionEndedException lostReason;
  Consumer<TlsRecorder> onMade = p -> {};
  Consumer<TlsRecorder> onHandshake = p -> {};
  Consumer<TlsRecorder> onData = p -> {};

  @Override
  public void connectionMade() {
    events.add("made");
    onMade.accept(this);
  }

  @Override
  public void handshakeCompleted(TlsSession session) {
    this.session = session;
    events.add("handshake");
    onHandshake.accept(this);
  }

  @Override
  public void dataReceived(ByteBuffer data) {
    byte[] bytes = new byte[data.remaining()];
    data.get(bytes);
    received.writeBytes(bytes);
    if (events.isEmpty() || !events.get(events.size() - 1).equals("data")) {
      events.add("data");
    }
    onData.accept(this);
  }

  @Override
  public void connectionLost(ConnectionEndedException reason) {
    lostReason = reason;
    events.add("lost:" + reason.getClass().getSimpleName());
  }

  TlsTransport tls() {
    return (TlsTransport) transport();
  }

  void write(String text) {
    transport().write(text.getBytes(StandardCharsets.UTF_8));
  }

  String text() {
    return received.toString(StandardCharsets.UTF_8);
  }

  boolean isLost() {
    return lostReason != null;
  }

  /** The same recorder, half-closeable. */
  static class HalfCloseable extends TlsRecorder implements HalfCloseableProtocol {
    Consumer<TlsRecorder> onReadLost = p -> {};

    @Override
    public void readConnectionLost() {
      events.add("readLost");
      onReadLost.accept(this);
    }

    @Override
    public void writeConnectionLost() {
      events.add("writeLost");
    }
  }
}
