package dev.weft.reactor.testing;

import dev.weft.reactor.CannotListenException;
import dev.weft.reactor.internal.Checks;
import dev.weft.reactor.udp.DatagramTransport;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The UDP side of one {@link MemoryReactor}: its ports, its recorded calls and its
 * {@link DatagramRoute}, by default loopback delivery on the reactor's next turn. Not
 * thread-safe.
 */
final class MemoryUdp {
  private final MemoryReactor reactor;
  private final List<MemoryDatagramPort> ports = new ArrayList<>();
  private final List<ListenUdpCall> calls = new ArrayList<>();
  private DatagramRoute route = this::loopback;
  private int inFlight;

  MemoryUdp(MemoryReactor reactor) {
    this.reactor = reactor;
  }

  DatagramTransport listen(ListenUdpCall call) {
    InetAddress bind = Checks.listenUdp(
        call.port(), call.protocol(), call.networkInterface(), call.maxPacketSize());
    calls.add(call);
    int assigned = call.port() == 0 ? reactor.ephemeralPort() : call.port();
    InetSocketAddress host =
        bind == null ? new InetSocketAddress(assigned) : new InetSocketAddress(bind, assigned);
    for (MemoryDatagramPort other : listening()) {
      boolean shared = call.listenMultiple() && other.call().listenMultiple();
      if (other.port() == assigned && !shared
          && overlaps(other.host().getAddress(), host.getAddress())) {
        throw new CannotListenException(
            "UDP port " + assigned + " is already in use by " + other + " of this MemoryReactor");
      }
    }
    MemoryDatagramPort port = new MemoryDatagramPort(reactor, this, call, host);
    ports.add(port);
    try {
      call.protocol().startProtocol(port);
    } catch (Throwable t) {
      ports.remove(port);
      throw new CannotListenException("cannot listen for UDP on " + host
          + ": startProtocol of " + call.protocol() + " threw " + t, t);
    }
    return port;
  }

  private static boolean overlaps(InetAddress a, InetAddress b) {
    return a.isAnyLocalAddress() || b.isAnyLocalAddress() || a.equals(b);
  }

  List<MemoryDatagramPort> all() {
    return List.copyOf(ports);
  }

  List<MemoryDatagramPort> listening() {
    return ports.stream().filter(MemoryDatagramPort::isListening).toList();
  }

  List<ListenUdpCall> calls() {
    return List.copyOf(calls);
  }

  void route(DatagramRoute newRoute) {
    this.route = Objects.requireNonNull(newRoute, "route");
  }

  DatagramRoute defaultRoute() {
    return this::loopback;
  }

  void route(MemoryDatagramPort from, Datagram datagram) {
    route.route(from, datagram);
  }

  boolean hasInFlight() {
    return inFlight > 0;
  }

  void stopAll() {
    for (MemoryDatagramPort port : listening()) {
      port.stopListening();
    }
  }

  /**
   * The default route: a datagram to a loopback address, to the broadcast address or to a
   * multicast group arrives at this reactor's matching ports on its next turn, as the production
   * reactor reads it on a later turn; anything else leaves the host and is never heard of again.
   */
  private void loopback(MemoryDatagramPort from, Datagram datagram) {
    InetAddress to = datagram.to().getAddress();
    boolean multicast = to.isMulticastAddress();
    if (!to.isLoopbackAddress() && !multicast && !Checks.isLimitedBroadcast(to)) {
      return;
    }
    if (multicast && !from.isMulticastLoopback()) {
      return;
    }
    inFlight++;
    reactor.postTurn(() -> {
      inFlight--;
      arriveLocally(from, datagram);
    });
  }

  private void arriveLocally(MemoryDatagramPort from, Datagram datagram) {
    List<MemoryDatagramPort> receivers = new ArrayList<>();
    for (MemoryDatagramPort port : listening()) {
      if (port.accepts(datagram.to(), true)) {
        receivers.add(port);
      }
    }
    if (receivers.isEmpty()) {
      // A real host answers with ICMP "port unreachable", which only a connected socket hears.
      if (from.isListening() && datagram.to().equals(from.peer())
          && !datagram.to().getAddress().isMulticastAddress()) {
        from.refuse();
      }
      return;
    }
    byte[] bytes = datagram.data();
    for (MemoryDatagramPort port : receivers) {
      port.deliver(bytes, datagram.from());
    }
  }
}
