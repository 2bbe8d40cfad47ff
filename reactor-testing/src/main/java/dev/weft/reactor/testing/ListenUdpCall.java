package dev.weft.reactor.testing;

import dev.weft.reactor.udp.DatagramProtocol;
import java.util.Objects;

/**
 * The arguments of one {@code listenUDP} or {@code listenMulticast} call recorded by a
 * {@link MemoryReactor}, exactly as given (port 0 stays 0 here; the assigned port is
 * {@link MemoryDatagramPort#host()}).
 *
 * @param port the requested port
 * @param protocol the protocol
 * @param networkInterface the interface, {@code ""} for all
 * @param maxPacketSize the largest datagram
 * @param multicast whether it was {@code listenMulticast}
 * @param listenMultiple {@code listenMulticast}'s {@code listenMultiple}; {@code false} for
 *     {@code listenUDP}
 */
public record ListenUdpCall(
    int port,
    DatagramProtocol protocol,
    String networkInterface,
    int maxPacketSize,
    boolean multicast,
    boolean listenMultiple) {

  /**
   * Checks the components.
   *
   * @param port the requested port
   * @param protocol the protocol
   * @param networkInterface the interface
   * @param maxPacketSize the largest datagram
   * @param multicast whether it was {@code listenMulticast}
   * @param listenMultiple whether other ports may share the port number
   */
  public ListenUdpCall {
    Objects.requireNonNull(protocol, "protocol");
    Objects.requireNonNull(networkInterface, "networkInterface");
  }
}
