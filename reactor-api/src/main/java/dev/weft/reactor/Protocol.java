package dev.weft.reactor;

import java.nio.ByteBuffer;

/**
 * User code for one connection: the reactor calls these methods, in this order, on the reactor
 * thread.
 *
 * <ol>
 *   <li>{@link #makeConnection(Transport)} once, when the connection is established; it stores
 *       the transport and calls {@link #connectionMade()}.
 *   <li>{@link #dataReceived(ByteBuffer)} zero or more times, as bytes arrive.
 *   <li>{@link #connectionLost(ConnectionEndedException)} exactly once, last, whatever ended the
 *       connection.
 * </ol>
 *
 * <p>A callback that throws does not stop the reactor: the reactor reports the exception and
 * aborts this connection, and {@code connectionLost} then receives a
 * {@link ConnectionAbortedException} whose cause is what was thrown. Most protocols extend
 * {@link BaseProtocol}.
 *
 * <p>Twisted: {@code IProtocol}.
 */
public interface Protocol {

  /**
   * Attaches the transport and calls {@link #connectionMade()}. Called once by the reactor.
   *
   * @param transport the connection's transport
   */
  void makeConnection(Transport transport);

  /** Called once when the connection is established, after the transport is attached. */
  default void connectionMade() {}

  /**
   * Called with each chunk of bytes received, in order. Chunk boundaries mean nothing: a message
   * may arrive in many chunks, or many messages in one.
   *
   * <p><b>Buffer ownership.</b> {@code data} is read-only and belongs to the reactor. It is
   * valid only during this call: read what you need (moving its position is fine) and copy
   * anything you keep. After the call returns the reactor reuses the buffer; the fakes in
   * reactor-testing overwrite it, so a protocol that keeps a reference fails in tests, not in
   * production.
   *
   * @param data the bytes between position and limit
   */
  void dataReceived(ByteBuffer data);

  /**
   * Called when the transport's {@linkplain Transport#isWritable() writability} changed: {@code
   * false} once the buffered bytes rose above the high-water mark (stop writing, or write less),
   * {@code true} once they drained to the low-water mark. Never called from inside
   * {@code write()}: changes are reported on the reactor's next turn, in order. Changes that come
   * and go before then are folded into one pair ({@code false} then {@code true}, or the
   * reverse), so a writer that stopped because {@link Transport#isWritable()} returned
   * {@code false} always hears {@code writabilityChanged(true)} afterwards; by the time a call
   * arrives, {@code isWritable()} may already say otherwise, and another call follows. The
   * default does nothing.
   *
   * <p>Netty: {@code ChannelInboundHandler.channelWritabilityChanged}.
   *
   * @param writable the writability the transport changed to
   */
  default void writabilityChanged(boolean writable) {}

  /**
   * Called once when the connection has ended; the last callback this protocol receives. The
   * transport's addresses stay readable during the call.
   *
   * @param reason why: {@link ConnectionClosedException} for a clean close,
   *     {@link ConnectionLostException} if the connection broke, or
   *     {@link ConnectionAbortedException} if this side aborted it (a
   *     {@link WriteBufferLimitExceededException} if the reactor did, for too many buffered
   *     bytes)
   */
  default void connectionLost(ConnectionEndedException reason) {}
}
