package dev.weft.reactor.recording;

import dev.weft.reactor.Deferred;
import dev.weft.reactor.Producer;
import dev.weft.reactor.TcpTransport;
import dev.weft.reactor.Transport;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/** Passes every call to the real transport, copying what is written and how it ends. */
final class RecordingTransport implements TcpTransport {
  private final Transport inner;
  private final SessionLog log;

  RecordingTransport(Transport inner, SessionLog log) {
    this.inner = inner;
    this.log = log;
  }

  @Override
  public void write(ByteBuffer data) {
    ByteBuffer copy = data.duplicate();
    byte[] bytes = new byte[copy.remaining()];
    copy.get(bytes);
    inner.write(data);
    log.sent(bytes);
  }

  @Override
  public void write(byte[] data) {
    byte[] bytes = data.clone();
    inner.write(data);
    log.sent(bytes);
  }

  @Override
  public void writeSequence(Iterable<ByteBuffer> data) {
    for (ByteBuffer buffer : data) {
      ByteBuffer copy = buffer.duplicate();
      byte[] bytes = new byte[copy.remaining()];
      copy.get(bytes);
      log.sent(bytes);
    }
    inner.writeSequence(data);
  }

  /**
   * Records the region's bytes, read here at their positions (the file's own position does not
   * move), then sends it: a recording is for sessions small enough to read back.
   */
  @Override
  public Deferred<Void> sendFile(FileChannel file, long position, long count) {
    Deferred<Void> sent = inner.sendFile(file, position, count);
    try {
      long size = file.size();
      int n = (int) Math.max(0, Math.min(count, Math.min(size - position, Integer.MAX_VALUE)));
      ByteBuffer region = ByteBuffer.allocate(n);
      long at = position;
      while (region.hasRemaining()) {
        int read = file.read(region, at);
        if (read < 0) {
          break;
        }
        at += read;
      }
      byte[] bytes = new byte[region.position()];
      region.flip().get(bytes);
      log.sent(bytes);
    } catch (IOException | IllegalArgumentException unreadable) {
      // The send reports its own failure; the recording just lacks the region.
    }
    return sent;
  }

  @Override
  public void loseConnection() {
    log.localClose();
    inner.loseConnection();
  }

  @Override
  public void abortConnection() {
    log.localAbort();
    inner.abortConnection();
  }

  @Override
  public void loseWriteConnection() {
    log.localHalfClose();
    inner.loseWriteConnection();
  }

  @Override
  public SocketAddress host() {
    return inner.host();
  }

  @Override
  public SocketAddress peer() {
    return inner.peer();
  }

  @Override
  public boolean isDisconnecting() {
    return inner.isDisconnecting();
  }

  @Override
  public long pendingBytes() {
    return inner.pendingBytes();
  }

  @Override
  public boolean isWritable() {
    return inner.isWritable();
  }

  @Override
  public void registerProducer(Producer producer, boolean streaming) {
    inner.registerProducer(producer, streaming);
  }

  @Override
  public void unregisterProducer() {
    inner.unregisterProducer();
  }

  @Override
  public void pauseProducing() {
    inner.pauseProducing();
  }

  @Override
  public void resumeProducing() {
    inner.resumeProducing();
  }

  @Override
  public void stopProducing() {
    inner.stopProducing();
  }

  @Override
  public void setTcpNoDelay(boolean enabled) {
    tcp().setTcpNoDelay(enabled);
  }

  @Override
  public boolean isTcpNoDelay() {
    return tcp().isTcpNoDelay();
  }

  @Override
  public void setTcpKeepAlive(boolean enabled) {
    tcp().setTcpKeepAlive(enabled);
  }

  @Override
  public boolean isTcpKeepAlive() {
    return tcp().isTcpKeepAlive();
  }

  private TcpTransport tcp() {
    if (inner instanceof TcpTransport t) {
      return t;
    }
    throw new UnsupportedOperationException(
        "the recorded connection's transport has no TCP options: " + inner);
  }

  @Override
  public String toString() {
    return "recording " + inner;
  }
}
