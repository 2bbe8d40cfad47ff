package dev.weft.reactor.testing;

import dev.weft.reactor.ConnectionRefusedException;
import dev.weft.reactor.Deferred;
import dev.weft.reactor.internal.Checks;
import dev.weft.reactor.internal.IpLiterals;
import dev.weft.reactor.testing.internal.Delivery;
import dev.weft.reactor.udp.DatagramProtocol;
import dev.weft.reactor.udp.DatagramTransport;
import dev.weft.reactor.udp.MulticastGroupException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The fake {@link DatagramTransport} a {@link MemoryReactor} returns from {@code listenUDP}: a
 * recording transport that keeps every datagram its protocol sent, with its address, and lets
 * the test {@link #deliver} datagrams to the protocol from any sender.
 *
 * <p>It applies the rules the production port applies, from the same shared checks: a write
 * longer than {@link #maxPacketSize()}, to an unresolved address, to another address than the
 * connected peer, or to the broadcast address without permission throws; a delivered datagram
 * longer than {@code maxPacketSize} is dropped whole and counted in {@link #droppedIncoming()};
 * a connected port discards datagrams from any other sender. Sent datagrams also go to the
 * reactor's {@link DatagramRoute}: by default, one addressed to a loopback port of the same
 * reactor arrives there on the reactor's next turn, and a connected port writing to a loopback
 * port where nothing listens hears {@code connectionRefused} on that turn, as on a real host.
 * The fake's socket buffer is never full: {@link #droppedOutgoing()} stays 0.
 *
 * <p>A delivered buffer follows the ownership rule of {@code datagramReceived}: it is read-only
 * and overwritten once the call returns. Callback errors are recorded in the reactor's
 * {@link MemoryReactor#callbackErrors()}, and the port keeps listening, as in production.
 *
 * <p>Not thread-safe: use it on the test thread.
 */
public final class MemoryDatagramPort implements DatagramTransport {
  private final MemoryReactor reactor;
  private final MemoryUdp udp;
  private final ListenUdpCall call;
  private final InetSocketAddress host;
  private final List<Datagram> sent = new ArrayList<>();
  private final Set<InetAddress> groups = new LinkedHashSet<>();
  private @Nullable InetSocketAddress peer;
  private boolean broadcast;
  private boolean multicastLoopback = true;
  private int multicastTtl = 1;
  private long droppedIncoming;
  private long received;
  private @Nullable Deferred<Void> stopped;

  MemoryDatagramPort(
      MemoryReactor reactor, MemoryUdp udp, ListenUdpCall call, InetSocketAddress host) {
    this.reactor = reactor;
    this.udp = udp;
    this.call = call;
    this.host = host;
  }

  /**
   * Returns the recorded {@code listenUDP} arguments.
   *
   * @return the call
   */
  public ListenUdpCall call() {
    return call;
  }

  /**
   * Returns the protocol listening on this port.
   *
   * @return the protocol
   */
  public DatagramProtocol protocol() {
    return call.protocol();
  }

  /**
   * Returns the reactor this port belongs to.
   *
   * @return the reactor
   */
  public MemoryReactor reactor() {
    return reactor;
  }

  /**
   * Returns the port number, assigned if 0 was asked for.
   *
   * @return the port
   */
  public int port() {
    return host.getPort();
  }

  // ---- what the protocol sent ---------------------------------------------------------------

  /**
   * Returns the datagrams the protocol sent, oldest first, with their destinations. A
   * datagram's {@code from} is this port's address, with a wildcard address shown as the
   * loopback address when the destination is on loopback.
   *
   * @return a snapshot
   */
  public List<Datagram> sent() {
    return List.copyOf(sent);
  }

  /**
   * Returns the sent datagrams and forgets them: the test has seen them.
   *
   * @return what {@link #sent()} returned
   */
  public List<Datagram> takeSent() {
    List<Datagram> taken = List.copyOf(sent);
    sent.clear();
    return taken;
  }

  // ---- what the test delivers ---------------------------------------------------------------

  /**
   * Delivers one datagram to the protocol now, as if it arrived from {@code sender}, under the
   * ownership rule of {@code datagramReceived}. As on a real socket, a connected port discards a
   * datagram from anyone but its peer, and a datagram longer than {@link #maxPacketSize()} is
   * dropped whole and counted in {@link #droppedIncoming()}.
   *
   * @param datagram the bytes; copied, not kept
   * @param sender a resolved address
   * @return whether the protocol received it
   * @throws IllegalStateException if the port stopped listening (nothing would receive it)
   * @throws IllegalArgumentException if {@code sender} is unresolved or has port 0
   */
  public boolean deliver(byte[] datagram, InetSocketAddress sender) {
    Objects.requireNonNull(datagram, "datagram");
    Checks.datagramAddress(sender, "sender");
    if (stopped != null) {
      throw new IllegalStateException("cannot deliver to " + this + ": it stopped listening;"
          + " check isListening() first, or deliver before stopListening()");
    }
    InetSocketAddress connected = peer;
    if (connected != null && !connected.equals(sender)) {
      return false;
    }
    if (datagram.length > call.maxPacketSize()) {
      droppedIncoming++;
      return false;
    }
    received++;
    byte[] owned = datagram.clone();
    ByteBuffer buffer = ByteBuffer.wrap(owned).asReadOnlyBuffer();
    try {
      reactor.guard("datagramReceived of " + protocol() + " from " + sender,
          () -> protocol().datagramReceived(buffer, sender));
    } finally {
      java.util.Arrays.fill(owned, Delivery.POISON);
      buffer.limit(0);
    }
    return true;
  }

  /**
   * Tells the protocol its peer refused, as an ICMP "port unreachable" does: calls
   * {@code connectionRefused} now.
   *
   * @throws IllegalStateException if the port is not connected (the system reports refusals to
   *     connected ports only; {@link #connect} first) or stopped listening
   */
  public void refuse() {
    InetSocketAddress connected = peer;
    if (connected == null) {
      throw new IllegalStateException("cannot refuse: " + this + " is not connected, and only a"
          + " connected UDP port hears refusals; have the protocol call connect(peer) first");
    }
    requireListening("refuse");
    ConnectionRefusedException refusal =
        new ConnectionRefusedException("Connection refused: nothing listens for UDP at " + connected);
    reactor.guard("connectionRefused of " + protocol(), () -> protocol().connectionRefused(refusal));
  }

  /**
   * Counts the datagrams the protocol received through {@link #deliver}.
   *
   * @return the count
   */
  public long receivedCount() {
    return received;
  }

  /**
   * Tells whether a datagram sent to {@code to} is for this port: it listens, the port numbers
   * match, and the address is the one it is bound to (any, when bound to all interfaces), the
   * broadcast address, or a multicast group it joined. Routes use it to find receivers.
   *
   * @param to a destination
   * @param local whether the datagram comes from this port's own host (a loopback address only
   *     reaches ports of that host)
   * @return whether this port receives it
   */
  public boolean accepts(InetSocketAddress to, boolean local) {
    if (stopped != null || to.getPort() != port()) {
      return false;
    }
    InetAddress address = to.getAddress();
    if (address.isMulticastAddress()) {
      return groups.contains(address);
    }
    if (Checks.isLimitedBroadcast(address)) {
      return true;
    }
    InetAddress bound = host.getAddress();
    if (address.isLoopbackAddress() && !local) {
      return false;
    }
    return bound.isAnyLocalAddress() || bound.equals(address);
  }

  /**
   * Returns the multicast groups joined, in join order.
   *
   * @return a snapshot
   */
  public List<InetAddress> groups() {
    return List.copyOf(groups);
  }

  /**
   * Tells whether this port's multicast datagrams loop back to its own host.
   *
   * @return the setting, {@code true} by default
   */
  public boolean isMulticastLoopback() {
    return multicastLoopback;
  }

  /**
   * Returns the multicast time-to-live set.
   *
   * @return the TTL, 1 by default
   */
  public int multicastTtl() {
    return multicastTtl;
  }

  // ---- DatagramTransport ----------------------------------------------------------------------

  @Override
  public void write(ByteBuffer datagram, InetSocketAddress to) {
    Objects.requireNonNull(datagram, "datagram");
    requireListening("write");
    Checks.datagramTarget(to, peer, broadcast);
    send(datagram, to);
  }

  @Override
  public void write(ByteBuffer datagram) {
    Objects.requireNonNull(datagram, "datagram");
    requireListening("write");
    send(datagram, Checks.connectedPeer(peer));
  }

  private void send(ByteBuffer datagram, InetSocketAddress to) {
    Checks.datagramLength(datagram.remaining(), call.maxPacketSize());
    byte[] bytes = new byte[datagram.remaining()];
    datagram.get(bytes);
    Datagram d = new Datagram(source(to), to, bytes);
    sent.add(d);
    udp.route(this, d);
  }

  /** This port's address as a receiver of a datagram to {@code to} sees it. */
  InetSocketAddress source(InetSocketAddress to) {
    InetAddress bound = host.getAddress();
    if (!bound.isAnyLocalAddress()) {
      return host;
    }
    InetAddress loopback = to.getAddress() instanceof Inet6Address
        ? IpLiterals.parse("::1") : IpLiterals.parse("127.0.0.1");
    return new InetSocketAddress(Objects.requireNonNull(loopback), port());
  }

  @Override
  public void connect(InetSocketAddress to) {
    Checks.datagramAddress(to, "peer");
    requireListening("connect");
    InetSocketAddress current = peer;
    if (current != null) {
      throw new IllegalStateException("already connected to " + current
          + "; a UDP port connects once, listen on a new port for another peer");
    }
    peer = to;
  }

  @Override
  public @Nullable InetSocketAddress peer() {
    return peer;
  }

  @Override
  public InetSocketAddress host() {
    return host;
  }

  @Override
  public int maxPacketSize() {
    return call.maxPacketSize();
  }

  /** Always 0: the fake's socket buffer is never full. */
  @Override
  public long droppedOutgoing() {
    return 0;
  }

  @Override
  public long droppedIncoming() {
    return droppedIncoming;
  }

  @Override
  public void setBroadcastAllowed(boolean allowed) {
    requireListening("setBroadcastAllowed");
    broadcast = allowed;
  }

  @Override
  public boolean isBroadcastAllowed() {
    return broadcast;
  }

  @Override
  public Deferred<Void> joinGroup(InetAddress group, String networkInterface) {
    Checks.multicastGroup(group, networkInterface);
    requireListening("joinGroup");
    Deferred<Void> result = new Deferred<>(reactor.executor(), null);
    if (!groups.add(group)) {
      result.completeExceptionally(new MulticastGroupException(
          "already joined " + group.getHostAddress() + " on " + this + "; leave it first", null));
    } else {
      result.complete(null);
    }
    return result;
  }

  @Override
  public Deferred<Void> leaveGroup(InetAddress group, String networkInterface) {
    Checks.multicastGroup(group, networkInterface);
    Deferred<Void> result = new Deferred<>(reactor.executor(), null);
    if (!groups.remove(group)) {
      result.completeExceptionally(new MulticastGroupException(
          "not a member of " + group.getHostAddress() + " on " + this + "; nothing to leave", null));
    } else {
      result.complete(null);
    }
    return result;
  }

  @Override
  public void setMulticastLoopback(boolean loopback) {
    requireListening("setMulticastLoopback");
    multicastLoopback = loopback;
  }

  @Override
  public void setMulticastTtl(int ttl) {
    Checks.multicastTtl(ttl);
    requireListening("setMulticastTtl");
    multicastTtl = ttl;
  }

  /**
   * Stops listening: later datagrams are not delivered; {@code stopProtocol} runs on the
   * reactor's next turn, and the result completes then.
   */
  @Override
  public Deferred<Void> stopListening() {
    Deferred<Void> done = stopped;
    if (done != null) {
      return done;
    }
    Deferred<Void> result = new Deferred<>(reactor.executor(), null);
    stopped = result;
    reactor.postTurn(() -> {
      reactor.guard("stopProtocol of " + protocol(), protocol()::stopProtocol);
      result.complete(null);
    });
    return result;
  }

  @Override
  public boolean isListening() {
    return stopped == null;
  }

  private void requireListening(String action) {
    if (stopped != null) {
      throw new IllegalStateException(
          "cannot " + action + ": " + this + " stopped listening; listen on a new port");
    }
  }

  @Override
  public String toString() {
    InetSocketAddress p = peer;
    return "MemoryDatagramPort[" + host + (p != null ? " -> " + p : "")
        + (stopped != null ? ", stopped" : "") + ", " + sent.size() + " sent]";
  }
}
