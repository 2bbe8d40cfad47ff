package dev.weft.reactor.recording;

import dev.weft.reactor.ConnectionEndedException;
import dev.weft.reactor.HalfCloseableProtocol;
import dev.weft.reactor.Protocol;
import dev.weft.reactor.Transport;
import java.nio.ByteBuffer;

/** Passes every callback to the wrapped protocol, copying what it reads into the log. */
class RecordingProtocol implements Protocol {
  final Protocol inner;
  final SessionLog log;

  RecordingProtocol(Protocol inner, SessionLog log) {
    this.inner = inner;
    this.log = log;
  }

  @Override
  public void makeConnection(Transport transport) {
    log.started(transport);
    inner.makeConnection(new RecordingTransport(transport, log));
  }

  @Override
  public void connectionMade() {
    inner.connectionMade();
  }

  @Override
  public void dataReceived(ByteBuffer data) {
    ByteBuffer copy = data.duplicate();
    byte[] bytes = new byte[copy.remaining()];
    copy.get(bytes);
    log.received(bytes);
    inner.dataReceived(data);
  }

  @Override
  public void writabilityChanged(boolean writable) {
    inner.writabilityChanged(writable);
  }

  @Override
  public void connectionLost(ConnectionEndedException reason) {
    log.lost(reason);
    inner.connectionLost(reason);
  }

  @Override
  public String toString() {
    return "recording " + inner;
  }

  /** The same for a protocol that takes half-closes. */
  static final class HalfCloseable extends RecordingProtocol implements HalfCloseableProtocol {
    HalfCloseable(HalfCloseableProtocol inner, SessionLog log) {
      super(inner, log);
    }

    @Override
    public void readConnectionLost() {
      log.peerHalfClosed();
      ((HalfCloseableProtocol) inner).readConnectionLost();
    }

    @Override
    public void writeConnectionLost() {
      ((HalfCloseableProtocol) inner).writeConnectionLost();
    }
  }
}
