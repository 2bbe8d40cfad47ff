package dev.weft.reactor.tls;

import java.nio.ByteBuffer;

/**
 * The buffers the engine writes into, shared by every TLS connection of one thread so a
 * connection holds no output buffer of its own between calls: decrypted bytes are handed to the
 * protocol (valid only during {@code dataReceived}) and encrypted bytes to the transport (which
 * copies what it keeps) before the buffer is given back.
 *
 * <p>Input is copied into a shared buffer too, because the JDK's engine decrypts records in
 * place; only what cannot be processed yet (an incomplete record, or records that wait for a
 * paused reader) is copied on into the connection's own buffer.
 *
 * <p>A connection borrows a buffer for one engine call and its hand-off. If the shared one is
 * already lent (a protocol called into another TLS connection from inside {@code dataReceived}),
 * the borrower gets a fresh buffer instead, so nothing is ever overwritten while in use.
 */
final class TlsScratch {
  /** How many full records one hand-off of encrypted bytes may carry: fewer, larger writes. */
  static final int RECORDS_PER_WRITE = 4;

  private static final ThreadLocal<TlsScratch> PER_THREAD = ThreadLocal.withInitial(TlsScratch::new);

  private ByteBuffer app = ByteBuffer.allocate(0);
  private ByteBuffer appView = app.asReadOnlyBuffer();
  private boolean appLent;
  private ByteBuffer net = ByteBuffer.allocate(0);
  private boolean netLent;
  private ByteBuffer in = ByteBuffer.allocate(0);
  private boolean inLent;

  private TlsScratch() {}

  static TlsScratch get() {
    return PER_THREAD.get();
  }

  /** Lends a cleared buffer for decrypted bytes of at least {@code size}. */
  ByteBuffer borrowApp(int size) {
    if (appLent) {
      return ByteBuffer.allocate(size);
    }
    if (app.capacity() < size) {
      app = ByteBuffer.allocate(size);
      appView = app.asReadOnlyBuffer();
    }
    appLent = true;
    return app.clear();
  }

  /** Returns the read-only view of {@code flipped}'s bytes that the protocol receives. */
  ByteBuffer viewOf(ByteBuffer flipped) {
    if (flipped != app) {
      return flipped.asReadOnlyBuffer();
    }
    return appView.limit(flipped.limit()).position(flipped.position());
  }

  void giveBackApp(ByteBuffer buffer) {
    if (buffer == app) {
      appLent = false;
    }
  }

  /**
   * Lends a copy of {@code fresh}'s remaining bytes, flipped for reading: the engine decrypts in
   * place, so it cannot read the transport's (read-only, reused) buffer directly.
   */
  ByteBuffer borrowInCopyOf(ByteBuffer fresh) {
    int size = fresh.remaining();
    ByteBuffer buffer;
    if (inLent) {
      buffer = ByteBuffer.allocate(size);
    } else {
      if (in.capacity() < size) {
        in = ByteBuffer.allocate(Math.max(size, 2 * in.capacity()));
      }
      inLent = true;
      buffer = in.clear();
    }
    buffer.put(fresh);
    return buffer.flip();
  }

  void giveBackIn(ByteBuffer buffer) {
    if (buffer == in) {
      inLent = false;
    }
  }

  /** Lends a cleared buffer for encrypted bytes of at least {@code size}. */
  ByteBuffer borrowNet(int size) {
    if (netLent) {
      return ByteBuffer.allocate(size);
    }
    if (net.capacity() < size) {
      net = ByteBuffer.allocate(size);
    }
    netLent = true;
    return net.clear();
  }

  void giveBackNet(ByteBuffer buffer) {
    if (buffer == net) {
      netLent = false;
    }
  }
}
