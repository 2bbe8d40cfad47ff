package dev.weft.reactor;

import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * One connection as its {@link Protocol} sees it: write bytes, close, learn the addresses, and
 * pace the data both ways. Every method must be called on the reactor thread.
 *
 * <p><b>Writes never block and never re-enter the protocol.</b> Bytes that cannot go out at once
 * are buffered ({@link #pendingBytes()}). Writes after {@link #loseConnection()} (unless a
 * producer is registered), after {@link #abortConnection()} or after the connection ended are
 * ignored by the production reactor; the fakes in reactor-testing reject them loudly by default
 * so such bugs show up in tests.
 *
 * <p><b>Pacing what this side writes.</b> The transport has a high-water mark and a low-water
 * mark of buffered bytes (reactor settings). Above the high mark the transport is not
 * {@linkplain #isWritable() writable}: a registered {@link PushProducer} is paused at once, and
 * the protocol hears {@link Protocol#writabilityChanged(boolean)} on the reactor's next turn;
 * at or below the low mark it is writable again, the producer is resumed and the protocol told.
 * A reactor may also cap the buffered bytes: a write that takes them above the cap aborts the
 * connection with {@link WriteBufferLimitExceededException}.
 *
 * <p><b>Pacing what this side reads.</b> A transport is itself a {@link PushProducer} of the
 * bytes it reads: {@link #pauseProducing()} stops reading, {@link #resumeProducing()} starts
 * again, {@link #stopProducing()} closes as {@link #loseConnection()} does. So a protocol that
 * forwards what one transport reads to another (an echo server to its own transport, a proxy to
 * the other leg) registers the reading transport as the producer of the writing one, {@code
 * out.registerProducer(in, true)}, and gets end-to-end back-pressure with no code of its own:
 * when {@code out} falls behind, {@code in} stops reading, the kernel buffers fill, and TCP
 * slows the sender down.
 *
 * <p>Twisted: {@code ITransport}, {@code ITCPTransport} and {@code IConsumer}; a Twisted TCP
 * transport is an {@code IPushProducer} in the same way.
 */
public interface Transport extends PushProducer {

  /**
   * Writes the buffer's remaining bytes. The transport does not change the buffer's position or
   * keep a reference: the caller may reuse the buffer as soon as this method returns.
   *
   * @param data the bytes between position and limit
   */
  void write(ByteBuffer data);

  /**
   * Writes all of {@code data}; the caller may reuse the array when this method returns.
   *
   * @param data the bytes
   */
  void write(byte[] data);

  /**
   * Writes each buffer's remaining bytes in order, as one gathered write where possible. The
   * same buffer may appear more than once; its bytes are then written that many times.
   *
   * @param data the buffers; the transport does not change their positions or keep them
   */
  default void writeSequence(Iterable<ByteBuffer> data) {
    for (ByteBuffer buffer : data) {
      write(buffer);
    }
  }

  /**
   * Sends {@code count} bytes of {@code file}, starting at {@code position}, without reading them
   * into the heap where the transport can avoid it: the production reactor hands the region to
   * the kernel ({@link FileChannel#transferTo}, which Linux turns into {@code sendfile}); the
   * fakes and the TLS layer read it through a bounded buffer (64 KiB) and send it as ordinary
   * writes, so the peer receives exactly the same bytes.
   *
   * <ul>
   *   <li><b>Order.</b> The region's bytes go after every byte written before this call and
   *       before every byte written after it; several regions go in the order sent.
   *   <li><b>Pacing.</b> Nothing is sent inside this call. The region is fed to the network as
   *       it takes bytes, never all at once, and the loop never blocks on it. Its unsent bytes
   *       count in {@link #pendingBytes()}, so a large region makes the transport not
   *       {@linkplain #isWritable() writable} and pauses a registered push producer until it
   *       drains, like any large write. They are not counted against a write buffer limit,
   *       which bounds memory: they stay on disk.
   *   <li><b>Completion.</b> The Deferred succeeds, on the reactor thread, once the region's last
   *       byte has been handed to the network (to the transport underneath, under TLS). It fails
   *       with the {@link ConnectionEndedException} the connection ended with if it ended first;
   *       the protocol hears the same reason in {@code connectionLost}, so ignoring the Deferred
   *       loses nothing. If the file cannot be read, or ends before the region does, the
   *       connection is aborted ({@link ConnectionAbortedException} whose cause says why): the
   *       peer cannot be sent a stream with a hole in it. Cancelling the Deferred aborts the
   *       connection too, for the same reason.
   *   <li><b>Closing.</b> {@link #loseConnection()} waits until queued regions are sent;
   *       {@link #abortConnection()} drops them.
   *   <li><b>The file</b> is read with positional reads: its channel position does not move and
   *       the transport does not close it. Keep it open, and do not truncate it, until the
   *       Deferred completes.
   * </ul>
   *
   * <p>Twisted: {@code FileSender}, a pull producer that copies; Netty: {@code FileRegion}.
   *
   * @param file the open file, readable
   * @param position the offset in the file of the first byte to send, not negative
   * @param count how many bytes to send, not negative; 0 sends nothing and completes in order
   * @return completes when the region is sent; never {@code null}
   * @throws IllegalArgumentException naming the argument if {@code position} or {@code count} is
   *     negative
   * @throws IllegalStateException on the fakes, if the transport no longer accepts writes (the
   *     production reactor, which drops late writes silently, returns a Deferred already failed
   *     with a {@link ConnectionEndedException} instead)
   */
  Deferred<Void> sendFile(FileChannel file, long position, long count);

  /**
   * Closes the connection cleanly: pending bytes are written first, then the connection closes
   * and the protocol receives {@link ConnectionClosedException}. A closing transport reads
   * nothing more. A registered {@link PullProducer} is allowed to finish: the close waits until
   * it unregisters. A {@link PushProducer} does not hold the close: it is stopped
   * ({@link Producer#stopProducing()}) when the connection ends. Calling it again does nothing.
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

  /**
   * Tells whether the buffered bytes are below the high-water mark, so a writer without a
   * producer may go on writing. It turns {@code false} when a write takes {@link #pendingBytes()}
   * above the high-water mark, and {@code true} again when they drain to the low-water mark or
   * below. The protocol is told of the changes on the reactor's next turn, through
   * {@link Protocol#writabilityChanged(boolean)}.
   *
   * <p>Netty: {@code Channel.isWritable()}.
   *
   * @return {@code true} while the transport wants more bytes
   */
  boolean isWritable();

  /**
   * Registers the producer that feeds this transport; at most one at a time. A
   * {@link PushProducer} (another transport, for example) is paused when the buffered bytes rise
   * above the high-water mark, at once if they already are, and resumed when they drain to the
   * low-water mark. A {@link PullProducer} is asked for its first chunk at once and for another
   * each time the buffered bytes have all been sent. If the connection already ended, the
   * producer's {@link Producer#stopProducing()} is called at once; otherwise it is called when
   * the connection ends.
   *
   * @param producer the producer
   * @param streaming {@code true} for a {@link PushProducer}, {@code false} for a
   *     {@link PullProducer}
   * @throws IllegalArgumentException if {@code streaming} is true and {@code producer} is not a
   *     {@link PushProducer}, or false and it is not a {@link PullProducer}
   * @throws IllegalStateException if a producer is already registered
   */
  void registerProducer(Producer producer, boolean streaming);

  /** Removes the registered producer, if any; it is not told. */
  void unregisterProducer();

  /**
   * Stops reading: no more {@code dataReceived} until {@link #resumeProducing()}. What the peer
   * sends meanwhile waits in the network (the production reactor stops reading the socket, so
   * the kernel buffers fill and TCP slows the peer down; the fakes hold delivery), and so does
   * the end of the stream: a paused transport does not notice that the peer closed until it
   * reads again. Writing, closing and aborting still work. Calling it again does nothing.
   */
  @Override
  void pauseProducing();

  /**
   * Starts reading again after {@link #pauseProducing()}. Nothing is delivered inside this call:
   * what waited arrives from the reactor's next turn on. Does nothing once the connection is
   * closing, or if reading was not paused.
   */
  @Override
  void resumeProducing();

  /**
   * Closes the connection as {@link #loseConnection()} does; called by the consumer this
   * transport feeds when that consumer's connection ended.
   */
  @Override
  void stopProducing();
}
