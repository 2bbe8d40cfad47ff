package dev.weft.reactor.nio.internal;

import dev.weft.reactor.CannotListenException;
import dev.weft.reactor.ConnectionRefusedException;
import dev.weft.reactor.Deferred;
import dev.weft.reactor.internal.Checks;
import dev.weft.reactor.udp.DatagramProtocol;
import dev.weft.reactor.udp.DatagramTransport;
import dev.weft.reactor.udp.MulticastGroupException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.PortUnreachableException;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.MembershipKey;
import java.nio.channels.SelectionKey;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A UDP port on a {@link DatagramChannel}: receives in batches into its own direct buffer, one
 * byte longer than the largest datagram so that a longer one is seen and dropped whole, and
 * hands the protocol a read-only view of it; sends straight to the socket and drops what the
 * socket cannot take (see {@link DatagramTransport}). No allocation per datagram beyond what the
 * JDK does for a new sender's address. Loop thread only, except {@link #host()}.
 */
final class UdpPort implements DatagramTransport, Selectable {
  private static final int DATAGRAMS_PER_EVENT = 64;

  private final Udp udp;
  private final EventLoop loop;
  private final DatagramChannel channel;
  private final DatagramProtocol protocol;
  private final int maxPacketSize;
  private final ByteBuffer buffer;
  private final ByteBuffer view;
  private final InetSocketAddress address;
  private final Map<List<Object>, MembershipKey> groups = new HashMap<>();
  private @Nullable SelectionKey key;
  private volatile @Nullable InetSocketAddress peer;
  private boolean broadcast;
  private long droppedOutgoing;
  private long droppedIncoming;
  private boolean sendFailureReported;
  private @Nullable Deferred<Void> stopped;

  private UdpPort(Udp udp, DatagramChannel channel, DatagramProtocol protocol, int maxPacketSize)
      throws IOException {
    this.udp = udp;
    this.loop = udp.loop();
    this.channel = channel;
    this.protocol = protocol;
    this.maxPacketSize = maxPacketSize;
    this.buffer = ByteBuffer.allocateDirect(maxPacketSize + 1);
    this.view = buffer.asReadOnlyBuffer();
    this.address = (InetSocketAddress) channel.getLocalAddress();
  }

  /** Binds, registers and starts the protocol; the arguments were checked. */
  static UdpPort open(
      Udp udp,
      int port,
      DatagramProtocol protocol,
      @Nullable InetAddress bind,
      int maxPacketSize,
      boolean multicast,
      boolean listenMultiple) {
    DatagramChannel channel = null;
    try {
      InetSocketAddress bindTo =
          bind == null ? new InetSocketAddress(port) : new InetSocketAddress(bind, port);
      channel = multicast
          ? DatagramChannel.open(bind instanceof Inet6Address
              ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET)
          : DatagramChannel.open();
      if (listenMultiple) {
        channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
      }
      channel.bind(bindTo);
      UdpPort opened = new UdpPort(udp, channel, protocol, maxPacketSize);
      opened.key = udp.loop().register(channel, SelectionKey.OP_READ, opened);
      protocol.startProtocol(opened);
      return opened;
    } catch (Throwable e) {
      if (channel != null) {
        try {
          channel.close();
        } catch (IOException suppressed) {
          e.addSuppressed(suppressed);
        }
      }
      if (e instanceof Error error && !(e instanceof StackOverflowError)
          && !(e instanceof OutOfMemoryError)) {
        throw error;
      }
      throw new CannotListenException(
          "cannot listen for UDP on " + (bind == null ? "*" : bind.getHostAddress()) + ":" + port
              + ": " + e,
          e);
    }
  }

  // ---------------------------------------------------------------- receiving

  @Override
  public void ready(int readyOps) {
    for (int i = 0; i < DATAGRAMS_PER_EVENT && stopped == null; i++) {
      buffer.clear();
      SocketAddress sender;
      try {
        sender = channel.receive(buffer);
      } catch (PortUnreachableException e) {
        refused(e);
        continue;
      } catch (IOException e) {
        // An error queued for this socket (ICMP on some systems); the next receive goes on.
        loop.report("receive on " + this + " failed; carrying on", e);
        return;
      }
      if (sender == null) {
        return;
      }
      int length = buffer.position();
      if (length > maxPacketSize) {
        droppedIncoming++;
        continue;
      }
      view.clear();
      view.limit(length);
      try {
        protocol.datagramReceived(view, (InetSocketAddress) sender);
      } catch (Throwable t) {
        loop.report("datagramReceived of " + protocol + " threw; the port keeps listening", t);
      }
    }
  }

  private void refused(PortUnreachableException e) {
    InetSocketAddress to = peer;
    ConnectionRefusedException refusal = new ConnectionRefusedException(
        "Connection refused: nothing listens for UDP at " + to, e);
    try {
      protocol.connectionRefused(refusal);
    } catch (Throwable t) {
      loop.report("connectionRefused of " + protocol + " threw; the port keeps listening", t);
    }
  }

  // ---------------------------------------------------------------- sending

  @Override
  public void write(ByteBuffer datagram, InetSocketAddress to) {
    loop.checkThread();
    requireListening("write");
    Checks.datagramTarget(to, peer, broadcast);
    send(datagram, to);
  }

  @Override
  public void write(ByteBuffer datagram) {
    loop.checkThread();
    requireListening("write");
    send(datagram, Checks.connectedPeer(peer));
  }

  private void send(ByteBuffer datagram, InetSocketAddress to) {
    int length = datagram.remaining();
    Checks.datagramLength(length, maxPacketSize);
    try {
      int sent = peer != null ? channel.write(datagram) : channel.send(datagram, to);
      if (sent == 0 && length > 0) {
        // The socket buffer is full: dropped, as the class comment of DatagramTransport says.
        droppedOutgoing++;
        datagram.position(datagram.limit());
      }
    } catch (PortUnreachableException e) {
      // An earlier datagram's refusal, reported by this send; told on the next turn so that
      // the protocol is not re-entered from inside its own write.
      droppedOutgoing++;
      datagram.position(datagram.limit());
      loop.runLater(() -> {
        if (stopped == null) {
          refused(e);
        }
      });
    } catch (IOException e) {
      droppedOutgoing++;
      datagram.position(datagram.limit());
      if (!sendFailureReported) {
        sendFailureReported = true;
        loop.report("send on " + this + " to " + to + " failed; the datagram is dropped, and"
            + " further send failures of this port are only counted", e);
      }
    }
  }

  @Override
  public void connect(InetSocketAddress to) {
    loop.checkThread();
    Checks.datagramAddress(to, "peer");
    requireListening("connect");
    InetSocketAddress current = peer;
    if (current != null) {
      throw new IllegalStateException("already connected to " + current
          + "; a UDP port connects once, listen on a new port for another peer");
    }
    try {
      channel.connect(to);
    } catch (IOException e) {
      throw new CannotListenException("cannot connect " + this + " to " + to + ": " + e, e);
    }
    peer = to;
  }

  // ---------------------------------------------------------------- options

  @Override
  public void setBroadcastAllowed(boolean allowed) {
    loop.checkThread();
    requireListening("setBroadcastAllowed");
    setOption(StandardSocketOptions.SO_BROADCAST, allowed);
    broadcast = allowed;
  }

  @Override
  public boolean isBroadcastAllowed() {
    loop.checkThread();
    return broadcast;
  }

  @Override
  public Deferred<Void> joinGroup(InetAddress group, String networkInterface) {
    loop.checkThread();
    @Nullable InetAddress local = Checks.multicastGroup(group, networkInterface);
    requireListening("joinGroup");
    Deferred<Void> result = new Deferred<>(loop.executor(), null);
    try {
      NetworkInterface nif = multicastInterface(group, local);
      List<Object> id = List.of(group, nif);
      if (groups.containsKey(id)) {
        throw new MulticastGroupException("already joined " + group.getHostAddress() + " on "
            + nif.getName() + "; leave it first", null);
      }
      groups.put(id, channel.join(group, nif));
      result.complete(null);
    } catch (MulticastGroupException e) {
      result.completeExceptionally(e);
    } catch (IOException | RuntimeException e) {
      result.completeExceptionally(new MulticastGroupException(
          "cannot join " + group.getHostAddress() + " on " + describe(local) + ": " + e, e));
    }
    return result;
  }

  @Override
  public Deferred<Void> leaveGroup(InetAddress group, String networkInterface) {
    loop.checkThread();
    @Nullable InetAddress local = Checks.multicastGroup(group, networkInterface);
    Deferred<Void> result = new Deferred<>(loop.executor(), null);
    try {
      NetworkInterface nif = multicastInterface(group, local);
      MembershipKey membership = groups.remove(List.<Object>of(group, nif));
      if (membership == null) {
        throw new MulticastGroupException("not a member of " + group.getHostAddress() + " on "
            + nif.getName() + "; nothing to leave", null);
      }
      membership.drop();
      result.complete(null);
    } catch (MulticastGroupException e) {
      result.completeExceptionally(e);
    } catch (IOException | RuntimeException e) {
      result.completeExceptionally(new MulticastGroupException(
          "cannot leave " + group.getHostAddress() + " on " + describe(local) + ": " + e, e));
    }
    return result;
  }

  /** The interface named by its address, or the system's outgoing choice, or the first fit. */
  private NetworkInterface multicastInterface(InetAddress group, @Nullable InetAddress local)
      throws IOException {
    if (local != null) {
      NetworkInterface named = NetworkInterface.getByInetAddress(local);
      if (named == null) {
        throw new MulticastGroupException(
            "no network interface has the address " + local.getHostAddress(), null);
      }
      return named;
    }
    NetworkInterface chosen = channel.getOption(StandardSocketOptions.IP_MULTICAST_IF);
    if (chosen != null) {
      return chosen;
    }
    boolean v6 = group instanceof Inet6Address;
    Enumeration<NetworkInterface> all = NetworkInterface.getNetworkInterfaces();
    NetworkInterface fallback = null;
    while (all != null && all.hasMoreElements()) {
      NetworkInterface nif = all.nextElement();
      if (!nif.isUp() || !nif.supportsMulticast() || !hasAddressOfFamily(nif, v6)) {
        continue;
      }
      if (!nif.isLoopback()) {
        return nif;
      }
      fallback = nif;
    }
    if (fallback != null) {
      return fallback;
    }
    throw new MulticastGroupException(
        "no network interface that is up supports multicast for " + group.getHostAddress(), null);
  }

  private static boolean hasAddressOfFamily(NetworkInterface nif, boolean v6) {
    Enumeration<InetAddress> addresses = nif.getInetAddresses();
    while (addresses.hasMoreElements()) {
      if ((addresses.nextElement() instanceof Inet6Address) == v6) {
        return true;
      }
    }
    return false;
  }

  private static String describe(@Nullable InetAddress local) {
    return local == null ? "the default interface" : local.getHostAddress();
  }

  @Override
  public void setMulticastLoopback(boolean loopback) {
    loop.checkThread();
    requireListening("setMulticastLoopback");
    setOption(StandardSocketOptions.IP_MULTICAST_LOOP, loopback);
  }

  @Override
  public void setMulticastTtl(int ttl) {
    loop.checkThread();
    Checks.multicastTtl(ttl);
    requireListening("setMulticastTtl");
    setOption(StandardSocketOptions.IP_MULTICAST_TTL, ttl);
  }

  private <T> void setOption(java.net.SocketOption<T> option, T value) {
    try {
      channel.setOption(option, value);
    } catch (SocketException e) {
      throw new UncheckedIOException("cannot set " + option + " on " + this, e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot set " + option + " on " + this, e);
    }
  }

  // ---------------------------------------------------------------- state

  @Override
  public @Nullable InetSocketAddress peer() {
    return peer;
  }

  @Override
  public InetSocketAddress host() {
    return address;
  }

  @Override
  public int maxPacketSize() {
    return maxPacketSize;
  }

  @Override
  public long droppedOutgoing() {
    loop.checkThread();
    return droppedOutgoing;
  }

  @Override
  public long droppedIncoming() {
    loop.checkThread();
    return droppedIncoming;
  }

  @Override
  public boolean isListening() {
    loop.checkThread();
    return stopped == null;
  }

  private void requireListening(String action) {
    if (stopped != null) {
      throw new IllegalStateException(
          "cannot " + action + ": " + this + " stopped listening; listen on a new port");
    }
  }

  @Override
  public Deferred<Void> stopListening() {
    loop.checkThread();
    Deferred<Void> done = stopped;
    if (done != null) {
      return done;
    }
    Deferred<Void> result = new Deferred<>(loop.executor(), null);
    stopped = result;
    closeQuietly();
    udp.removed(this);
    loop.runLater(() -> {
      loop.runGuarded(protocol::stopProtocol, "stopProtocol of " + protocol);
      result.complete(null);
    });
    return result;
  }

  @Override
  public void closeQuietly() {
    SelectionKey k = key;
    if (k != null) {
      k.cancel();
    }
    try {
      channel.close();
    } catch (IOException e) {
      loop.report("closing " + this + " failed", e);
    }
  }

  @Override
  public String toString() {
    InetSocketAddress p = peer;
    return "DatagramTransport[" + address + (p != null ? " -> " + p : "")
        + (stopped != null ? ", stopped" : "") + "]";
  }
}
