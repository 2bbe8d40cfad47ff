package dev.weft.reactor.nio.internal;

import dev.weft.reactor.internal.Checks;
import dev.weft.reactor.udp.DatagramProtocol;
import dev.weft.reactor.udp.DatagramTransport;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The UDP facet: {@code listenUDP} and {@code listenMulticast}, and the ports open, which
 * shutdown stops. Loop thread only.
 */
public final class Udp implements Facet {
  private final EventLoop loop;
  private final Set<UdpPort> ports = Collections.newSetFromMap(new IdentityHashMap<>());

  /**
   * Creates the facet.
   *
   * @param loop the loop its channels register with
   */
  public Udp(EventLoop loop) {
    this.loop = Objects.requireNonNull(loop, "loop");
  }

  /**
   * Opens a UDP port; see {@code ReactorUDP.listenUDP}.
   *
   * @param port the port, 0 for any
   * @param protocol receives the datagrams
   * @param networkInterface an IP literal or {@code ""}
   * @param maxPacketSize the largest datagram
   * @return the port, listening
   */
  public DatagramTransport listenUDP(
      int port, DatagramProtocol protocol, String networkInterface, int maxPacketSize) {
    @Nullable InetAddress bind = Checks.listenUdp(port, protocol, networkInterface, maxPacketSize);
    loop.checkThread();
    return opened(UdpPort.open(this, port, protocol, bind, maxPacketSize, false, false));
  }

  /**
   * Opens a UDP port for multicast; see {@code ReactorUDP.listenMulticast}.
   *
   * @param port the port, 0 for any
   * @param protocol receives the datagrams
   * @param networkInterface an IP literal or {@code ""}
   * @param maxPacketSize the largest datagram
   * @param listenMultiple whether to set {@code SO_REUSEADDR}
   * @return the port, listening
   */
  public DatagramTransport listenMulticast(
      int port,
      DatagramProtocol protocol,
      String networkInterface,
      int maxPacketSize,
      boolean listenMultiple) {
    @Nullable InetAddress bind = Checks.listenUdp(port, protocol, networkInterface, maxPacketSize);
    loop.checkThread();
    return opened(UdpPort.open(this, port, protocol, bind, maxPacketSize, true, listenMultiple));
  }

  private UdpPort opened(UdpPort port) {
    ports.add(port);
    return port;
  }

  EventLoop loop() {
    return loop;
  }

  void removed(UdpPort port) {
    ports.remove(port);
  }

  /** Every port stops listening; each protocol hears {@code stopProtocol}. */
  @Override
  public void shutDown() {
    for (UdpPort port : new ArrayList<>(ports)) {
      loop.runGuarded(port::stopListening, "stopping " + port);
    }
  }

  @Override
  public void release() {
    ports.clear();
  }

  @Override
  public String toString() {
    return "Udp[" + ports.size() + " ports]";
  }
}
