package dev.weft.samples.udp;

import dev.weft.reactor.udp.BaseDatagramProtocol;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * Sends every datagram back to its sender, whole: the UDP echo service (RFC 862). The received
 * buffer is only valid during the call, and {@code write} copies it before returning, so the
 * echo needs no copy of its own.
 *
 * <pre>{@code
 * reactor.listenUDP(7, new UdpEcho());
 * }</pre>
 *
 * <p>Twisted: the {@code Echo} datagram protocol of its UDP howto.
 */
public final class UdpEcho extends BaseDatagramProtocol {
  private long echoed;

  /** Creates the protocol; listen with it on one port. */
  public UdpEcho() {}

  @Override
  public void datagramReceived(ByteBuffer datagram, InetSocketAddress sender) {
    transport().write(datagram, sender);
    echoed++;
  }

  /**
   * Counts the datagrams echoed.
   *
   * @return the count
   */
  public long echoed() {
    return echoed;
  }
}
