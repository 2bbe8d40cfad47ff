package dev.weft.reactor;

import java.net.SocketAddress;
import java.nio.ByteBuffer;

/**
 * One connection as its {@link Protocol} sees it: write bytes, close, learn the addresses,
 * apply back-pressure. Every method must be called on the reactor thread.
 *
 * <p><b>Writes never block and never re-enter the protocol.</b> Bytes that cannot go out at once
 * are buffered; a protocol that writes a lot registers a {@link Producer} to be paused while the
 * buffer is above the transport's high-water mark. Writes after {@link #loseConnection()} or
 * {@link #abortConnection()} are ignored by the production reactor; the fakes in reactor-testing
 * reject them loudly by default so such bugs show up in tests.
 *
 * <p>Twisted: {@code ITransport} and {@code ITCPTransport}.
 */
public interface Transport extends Consumer {

  /**
   * Writes the buffer's remaining bytes. The transport does not change the buffer's position or
   * keep a reference: the caller may reuse the buffer as soon as this method returns.
   *
   * @param data the bytes between position and limit
   */
  @Override
  void write(ByteBuffer data);

  /**
   * Writes all of {@code data}; the caller may reuse the array when this method returns.
   *
   * @param data the bytes
   */
  void write(byte[] data);

  /**
   * Writes each buffer's remaining bytes in order, as one gathered write where possible.
   *
   * @param data the buffers; the transport does not change their positions or keep them
   */
  default void writeSequence(Iterable<ByteBuffer> data) {
    for (ByteBuffer buffer : data) {
      write(buffer);
    }
  }

  /**
   * Closes the connection cleanly: pending bytes are written first, then the connection closes
   * and the protocol receives {@link ConnectionClosedException}. A registered producer is
   * allowed to finish: the close waits until it unregisters. Calling it again does nothing.
   */
  void loseConnection();

  /**
   * Closes the connection now: pending bytes are discarded, a TCP connection is reset (RST), and
   * the protocol receives {@link ConnectionAbortedException}. Calling it again does nothing.
   */
  void abortConnection();

  /**
   * Closes only this side's output once pending bytes are written (TCP half-close: the peer reads
   * end of stream), while data from the peer may still arrive. A {@link HalfCloseableProtocol}
   * is then told {@link HalfCloseableProtocol#writeConnectionLost()}.
   */
  void loseWriteConnection();

  /**
   * Returns this side's address.
   *
   * @return the local address, readable until and during {@code connectionLost}
   */
  SocketAddress host();

  /**
   * Returns the remote side's address.
   *
   * @return the peer address, readable until and during {@code connectionLost}
   */
  SocketAddress peer();

  /**
   * Tells whether the connection is closing or closed: {@link #loseConnection()} or
   * {@link #abortConnection()} was called, or the connection ended.
   *
   * @return {@code true} once no more writes will be accepted
   */
  boolean isDisconnecting();

  /**
   * Returns how many written bytes are buffered, not yet handed to the network.
   *
   * @return the count of pending bytes
   */
  long pendingBytes();
}
