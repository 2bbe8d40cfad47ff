package dev.weft.reactor.udp;

import dev.weft.reactor.CannotListenException;
import dev.weft.reactor.ReactorTCP;
import dev.weft.reactor.internal.Checks;

/**
 * UDP: listening on a port with a {@link DatagramProtocol}. The returned
 * {@link DatagramTransport} both receives (every datagram that arrives is handed to the protocol)
 * and sends (to any address, or to its one peer once {@linkplain DatagramTransport#connect
 * connected}). Methods must be called on the reactor thread.
 *
 * <p>{@code Reactor} does not extend this facet, as it does not extend {@code ReactorTLS}: code
 * that needs UDP asks for a {@code ReactorUDP}, which {@code NioReactor} and the fakes of
 * reactor-testing implement, and implementations of {@code Reactor} written before UDP existed
 * keep compiling.
 *
 * <p>Twisted: {@code IReactorUDP} and {@code IReactorMulticast}.
 */
public interface ReactorUDP {

  /**
   * The largest datagram a port sends or receives when no size is given: 8192 bytes, as in
   * Twisted.
   */
  int DEFAULT_MAX_PACKET_SIZE = 8192;

  /**
   * The largest {@code maxPacketSize} accepted: 65507 bytes, the largest payload of a UDP
   * datagram over IPv4 (65535 less the IP and UDP headers).
   */
  int MAX_PACKET_SIZE_LIMIT = Checks.MAX_DATAGRAM_SIZE;

  /**
   * Listens for datagrams on a UDP port. {@link DatagramProtocol#startProtocol} runs before this
   * method returns, so the protocol can send at once.
   *
   * <p>{@code maxPacketSize} bounds both directions: a {@code write} of a longer datagram throws
   * {@link IllegalArgumentException}, and a longer datagram that arrives is dropped whole and
   * counted in {@link DatagramTransport#droppedIncoming()}, never delivered cut short.
   *
   * @param port the port, or 0 for a free one chosen by the system (see
   *     {@link DatagramTransport#host()})
   * @param protocol receives the datagrams; one protocol per port
   * @param networkInterface the local IP address to listen on (an IPv4 or IPv6 literal), or
   *     {@link ReactorTCP#ALL_INTERFACES}
   * @param maxPacketSize the largest datagram sent or received, in 1..{@value #MAX_PACKET_SIZE_LIMIT}
   * @return the transport, listening
   * @throws CannotListenException if the port cannot be opened (in use, not permitted), or if
   *     {@code startProtocol} threw (the port is then closed, and the throwable is the cause)
   * @throws IllegalArgumentException if {@code port} is outside 0..65535, {@code maxPacketSize}
   *     outside 1..{@value #MAX_PACKET_SIZE_LIMIT}, or {@code networkInterface} is neither an IP
   *     literal nor {@code ""}
   */
  DatagramTransport listenUDP(
      int port, DatagramProtocol protocol, String networkInterface, int maxPacketSize);

  /**
   * Listens on all interfaces with {@link #DEFAULT_MAX_PACKET_SIZE}; see
   * {@link #listenUDP(int, DatagramProtocol, String, int)}.
   *
   * @param port the port, or 0 for a free one
   * @param protocol receives the datagrams
   * @return the transport, listening
   */
  default DatagramTransport listenUDP(int port, DatagramProtocol protocol) {
    return listenUDP(port, protocol, ReactorTCP.ALL_INTERFACES, DEFAULT_MAX_PACKET_SIZE);
  }

  /**
   * Listens for datagrams on a port meant for multicast: as
   * {@link #listenUDP(int, DatagramProtocol, String, int)}, and then
   * {@link DatagramTransport#joinGroup} adds the groups to receive. An IPv4 socket is opened
   * unless {@code networkInterface} is an IPv6 literal, since most multicast groups in use are
   * IPv4.
   *
   * @param port the port, or 0 for a free one
   * @param protocol receives the datagrams
   * @param networkInterface the local IP address to bind, or {@link ReactorTCP#ALL_INTERFACES}
   *     (the usual choice: a port bound to one address receives no datagrams sent to a group)
   * @param maxPacketSize the largest datagram sent or received
   * @param listenMultiple whether other ports, of this process or another, may listen on the
   *     same port at the same time ({@code SO_REUSEADDR}); each receives every group datagram
   * @return the transport, listening
   * @throws CannotListenException as {@link #listenUDP(int, DatagramProtocol, String, int)}
   * @throws IllegalArgumentException as {@link #listenUDP(int, DatagramProtocol, String, int)}
   */
  DatagramTransport listenMulticast(
      int port,
      DatagramProtocol protocol,
      String networkInterface,
      int maxPacketSize,
      boolean listenMultiple);
}
