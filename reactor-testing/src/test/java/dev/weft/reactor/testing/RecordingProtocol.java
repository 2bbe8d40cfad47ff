package dev.weft.reactor.testing;

import dev.weft.reactor.BaseProtocol;
import dev.weft.reactor.ConnectionEndedException;
import dev.weft.reactor.Transport;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/** A test protocol that logs its callbacks and can be told to react to them. */
class RecordingProtocol extends BaseProtocol {
  final List<String> events = new ArrayList<>();
  final List<Integer> chunkSizes = new ArrayList<>();
  final ByteArrayOutputStream received = new ByteArrayOutputStream();
  @Nullable ConnectionEndedException lostReason;
  Consumer<RecordingProtocol> onMade = p -> {};
  BiConsumer<RecordingProtocol, String> onData = (p, text) -> {};
  Consumer<RecordingProtocol> onLost = p -> {};

  @Override
  public void connectionMade() {
    events.add("made");
    onMade.accept(this);
  }

  @Override
  public void dataReceived(ByteBuffer data) {
    byte[] bytes = new byte[data.remaining()];
    data.get(bytes);
    chunkSizes.add(bytes.length);
    received.writeBytes(bytes);
    String text = new String(bytes, StandardCharsets.UTF_8);
    events.add("data:" + text);
    onData.accept(this, text);
  }

  @Override
  public void writabilityChanged(boolean writable) {
    events.add("writable:" + writable);
  }

  @Override
  public void connectionLost(ConnectionEndedException reason) {
    lostReason = reason;
    events.add("lost:" + reason.getClass().getSimpleName());
    onLost.accept(this);
  }

  Transport t() {
    return transport();
  }

  void write(String text) {
    transport().write(text.getBytes(StandardCharsets.UTF_8));
  }

  String receivedText() {
    return received.toString(StandardCharsets.UTF_8);
  }

  /** The same protocol, half-closeable. */
  static class HalfCloseable extends RecordingProtocol
      implements dev.weft.reactor.HalfCloseableProtocol {
    @Override
    public void readConnectionLost() {
      events.add("readLost");
    }

    @Override
    public void writeConnectionLost() {
      events.add("writeLost");
    }
  }
}
