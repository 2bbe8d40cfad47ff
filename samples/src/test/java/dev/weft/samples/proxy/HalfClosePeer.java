package dev.weft.samples.proxy;

import dev.weft.reactor.BaseProtocol;
import dev.weft.reactor.ConnectionEndedException;
import dev.weft.reactor.HalfCloseableProtocol;
import dev.weft.reactor.tls.TlsHandshakeListener;
import dev.weft.reactor.tls.TlsSession;
import dev.weft.reactor.tls.TlsTransport;
import java.nio.ByteBuffer;

/**
 * One end of a half-closed exchange in the tests: either it sends its bytes and shuts its
 * sending side, then reads to the end ({@link #sendingFirst}), or it reads to the end of what
 * comes, then answers and closes ({@link #answeringAtEnd}). Bytes follow
 * {@link PatternPeer#pattern(long)}. Every method runs on the reactor thread.
 */
final class HalfClosePeer extends BaseProtocol
    implements HalfCloseableProtocol, TlsHandshakeListener {
  private final int toSend;
  private final boolean sendFirst;
  private final boolean readingPausedAtStart;
  private long received;
  private long mismatches;
  private boolean readClosed;
  private ConnectionEndedException lost;

  private HalfClosePeer(int toSend, boolean sendFirst, boolean readingPausedAtStart) {
    this.toSend = toSend;
    this.sendFirst = sendFirst;
    this.readingPausedAtStart = readingPausedAtStart;
  }

  /** Sends {@code total} bytes, half-closes, and reads until the other side closes. */
  static HalfClosePeer sendingFirst(int total) {
    return new HalfClosePeer(total, true, false);
  }

  /** As {@link #sendingFirst}, but does not read until {@link #resumeReading()}. */
  static HalfClosePeer sendingFirstNotReading(int total) {
    return new HalfClosePeer(total, true, true);
  }

  /** Reads until the other side half-closes, then sends {@code total} bytes and closes. */
  static HalfClosePeer answeringAtEnd(int total) {
    return new HalfClosePeer(total, false, false);
  }

  @Override
  public void connectionMade() {
    if (readingPausedAtStart) {
      transport().pauseProducing();
    }
    if (sendFirst && !(transport() instanceof TlsTransport)) {
      sendThenHalfClose();
    }
  }

  @Override
  public void handshakeCompleted(TlsSession session) {
    if (sendFirst) {
      sendThenHalfClose();
    }
  }

  private void sendThenHalfClose() {
    transport().write(pattern(toSend));
    transport().loseWriteConnection();
  }

  private static byte[] pattern(int total) {
    byte[] bytes = new byte[total];
    for (int i = 0; i < total; i++) {
      bytes[i] = PatternPeer.pattern(i);
    }
    return bytes;
  }

  void resumeReading() {
    transport().resumeProducing();
  }

  @Override
  public void dataReceived(ByteBuffer data) {
    while (data.hasRemaining()) {
      if (data.get() != PatternPeer.pattern(received)) {
        mismatches++;
      }
      received++;
    }
  }

  @Override
  public void readConnectionLost() {
    readClosed = true;
    if (!sendFirst) {
      transport().write(pattern(toSend));
      transport().loseConnection();
    }
  }

  @Override
  public void writeConnectionLost() {
    // Only the other direction is left.
  }

  @Override
  public void connectionLost(ConnectionEndedException reason) {
    lost = reason;
  }

  long received() {
    return received;
  }

  long mismatches() {
    return mismatches;
  }

  boolean isReadClosed() {
    return readClosed;
  }

  ConnectionEndedException lost() {
    return lost;
  }
}
