package dev.weft.reactor.doubles;

import dev.weft.reactor.Producer;
import dev.weft.reactor.Transport;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A transport for reactor-api's own tests that keeps what was written; reactor-testing cannot be
 * used here because it depends on this module.
 */
public final class BufferTransport implements Transport {
  private final ByteArrayOutputStream written = new ByteArrayOutputStream();
  private boolean disconnecting;
  private boolean aborted;
  private boolean readingPaused;

  @Override
  public void write(ByteBuffer data) {
    ByteBuffer copy = data.duplicate();
    byte[] bytes = new byte[copy.remaining()];
    copy.get(bytes);
    write(bytes);
  }

  @Override
  public void write(byte[] data) {
    if (disconnecting) {
      throw new IllegalStateException("write after the connection was closed");
    }
    written.writeBytes(data);
  }

  @Override
  public void loseConnection() {
    disconnecting = true;
  }

  @Override
  public void abortConnection() {
    disconnecting = true;
    aborted = true;
  }

  @Override
  public void loseWriteConnection() {}

  @Override
  public SocketAddress host() {
    return new InetSocketAddress("127.0.0.1", 40000);
  }

  @Override
  public SocketAddress peer() {
    return new InetSocketAddress("127.0.0.1", 50000);
  }

  @Override
  public boolean isDisconnecting() {
    return disconnecting;
  }

  @Override
  public long pendingBytes() {
    return 0;
  }

  @Override
  public boolean isWritable() {
    return true;
  }

  @Override
  public void pauseProducing() {
    readingPaused = true;
  }

  @Override
  public void resumeProducing() {
    readingPaused = false;
  }

  /** Whether reading was paused with {@link #pauseProducing()} and not resumed since. */
  public boolean isReadingPaused() {
    return readingPaused;
  }

  @Override
  public void stopProducing() {
    loseConnection();
  }

  @Override
  public void registerProducer(Producer producer, boolean streaming) {
    throw new UnsupportedOperationException("not needed by these tests");
  }

  @Override
  public void unregisterProducer() {}

  public byte[] written() {
    return written.toByteArray();
  }

  public String writtenUtf8() {
    return written.toString(StandardCharsets.UTF_8);
  }

  public boolean aborted() {
    return aborted;
  }

  /** Reads the region through a bounded buffer and writes it at once. */
  @Override
  public dev.weft.reactor.Deferred<Void> sendFile(
      java.nio.channels.FileChannel file, long position, long count) {
    dev.weft.reactor.internal.FileRegionQueue.checkRegion(file, position, count);
    try {
      for (long sent = 0; sent < count; ) {
        java.nio.ByteBuffer chunk =
            dev.weft.reactor.internal.FileRegionQueue.readChunk(file, position + sent, count - sent);
        if (chunk == null) {
          throw new java.io.EOFException("file ended " + (count - sent) + " bytes early");
        }
        sent += chunk.remaining();
        write(chunk);
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return dev.weft.reactor.Deferred.succeeded(null);
  }
}
