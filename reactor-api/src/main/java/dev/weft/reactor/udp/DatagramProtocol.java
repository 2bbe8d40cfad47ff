package dev.weft.reactor.udp;

import dev.weft.reactor.ConnectionRefusedException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * User code for one UDP port: the reactor calls these methods, in this order, on the reactor
 * thread.
 *
 * <ol>
 *   <li>{@link #startProtocol(DatagramTransport)} once, inside {@code listenUDP}.
 *   <li>{@link #datagramReceived(ByteBuffer, InetSocketAddress)} once per datagram that
 *       arrives, and {@link #connectionRefused(ConnectionRefusedException)} when a connected
 *       transport's peer refuses, in any order.
 *   <li>{@link #stopProtocol()} once, last, after {@link DatagramTransport#stopListening()} or
 *       when the reactor stops.
 * </ol>
 *
 * <p>A callback that throws does not stop the reactor and does not close the port: the reactor
 * reports the throwable (the production reactor logs it, the fakes record it as a callback error)
 * and goes on delivering datagrams, as Twisted does. A UDP port has no connection to abort. Most
 * protocols extend {@link BaseDatagramProtocol}.
 *
 * <p>Twisted: {@code DatagramProtocol}.
 */
public interface DatagramProtocol {

  /**
   * Called once when the port listens, before {@code listenUDP} returns; stores the transport.
   *
   * @param transport the port's transport, for sending and for its address
   */
  void startProtocol(DatagramTransport transport);

  /**
   * Called with each datagram received, whole: one call per datagram, never a part of one and
   * never two together. Datagrams may arrive in any order, more than once, or not at all.
   *
   * <p><b>Buffer ownership.</b> The rule of {@code Protocol.dataReceived}: {@code datagram} is
   * read-only and belongs to the reactor. It is valid only during this call: read what you need
   * and copy anything you keep. After the call returns the reactor reuses the buffer; the fakes
   * in reactor-testing overwrite it, so a protocol that keeps a reference fails in tests, not in
   * production.
   *
   * @param datagram the datagram's bytes between position and limit (possibly none)
   * @param sender the address of the socket that sent it
   */
  void datagramReceived(ByteBuffer datagram, InetSocketAddress sender);

  /**
   * Called when a datagram sent by a {@linkplain DatagramTransport#connect connected} transport
   * was refused: nothing listens at the peer's port, and its host said so (an ICMP "port
   * unreachable"). It may come a while after the write, or never (the message may be lost or
   * filtered); the transport stays open and may keep sending. Never called on a transport that is
   * not connected, as the operating system reports those refusals to nobody. The default does
   * nothing.
   *
   * <p>Twisted: {@code ConnectedDatagramProtocol.connectionRefused}.
   *
   * @param refusal names the peer
   */
  default void connectionRefused(ConnectionRefusedException refusal) {}

  /** Called once when the port has stopped listening; the last callback. The default does nothing. */
  default void stopProtocol() {}
}
