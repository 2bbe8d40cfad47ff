package dev.weft.reactor.internal;

import dev.weft.reactor.ClientFactory;
import dev.weft.reactor.ProtocolFactory;
import dev.weft.reactor.ReactorTCP;
import dev.weft.reactor.ReactorUNIX;
import java.net.InetAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Argument checks whose messages name the argument and the bad value; the real and the fake
 * reactors call the same ones, so they reject the same arguments with the same messages.
 */
public final class Checks {
  private Checks() {}

  /**
   * Checks the arguments of {@link ReactorTCP#listenTCP(int, ProtocolFactory, int, String)}, in
   * parameter order.
   *
   * @param port the port, 0 meaning "any free port"
   * @param factory the protocol factory
   * @param backlog the listen backlog
   * @param networkInterface an IP literal, or {@link ReactorTCP#ALL_INTERFACES}
   * @return the address to bind to, or {@code null} for all interfaces
   * @throws NullPointerException if {@code factory} or {@code networkInterface} is null
   * @throws IllegalArgumentException for a port outside 0..65535, a negative backlog, or an
   *     interface that is neither an IP literal ({@link IpLiterals}) nor {@code ""}
   */
  public static @Nullable InetAddress listenTcp(
      int port, ProtocolFactory factory, int backlog, String networkInterface) {
    port(port);
    Objects.requireNonNull(factory, "factory");
    backlog(backlog);
    Objects.requireNonNull(networkInterface, "networkInterface");
    if (networkInterface.equals(ReactorTCP.ALL_INTERFACES)) {
      return null;
    }
    InetAddress bind = IpLiterals.parse(networkInterface);
    if (bind == null) {
      throw new IllegalArgumentException(
          "networkInterface must be an IP literal or ALL_INTERFACES (\"\"): " + networkInterface);
    }
    return bind;
  }

  /**
   * Checks the arguments of {@link ReactorTCP#connectTCP(String, int, ClientFactory, Duration,
   * java.net.SocketAddress)} that can be wrong, in parameter order (the bind address may be
   * {@code null}).
   *
   * @param host the host name or IP literal
   * @param port the port
   * @param factory the client factory
   * @param timeout the connect timeout
   * @throws NullPointerException if {@code host}, {@code factory} or {@code timeout} is null
   * @throws IllegalArgumentException for a port outside 0..65535 or a negative timeout
   */
  public static void connectTcp(String host, int port, ClientFactory factory, Duration timeout) {
    Objects.requireNonNull(host, "host");
    port(port);
    Objects.requireNonNull(factory, "factory");
    nonNegative(timeout, "timeout");
  }

  /**
   * Checks the arguments of {@link ReactorUNIX#listenUNIX(Path, ProtocolFactory, int)}, in
   * parameter order.
   *
   * @param path the socket path
   * @param factory the protocol factory
   * @param backlog the listen backlog
   * @return the address to bind to
   * @throws NullPointerException if {@code path} or {@code factory} is null
   * @throws IllegalArgumentException for a bad path ({@link #unixPath(Path)}) or a negative
   *     backlog
   */
  public static UnixDomainSocketAddress listenUnix(
      Path path, ProtocolFactory factory, int backlog) {
    UnixDomainSocketAddress address = unixPath(path);
    Objects.requireNonNull(factory, "factory");
    backlog(backlog);
    return address;
  }

  /**
   * Checks the arguments of {@link ReactorUNIX#connectUNIX(Path, ClientFactory, Duration)}, in
   * parameter order.
   *
   * @param path the socket path
   * @param factory the client factory
   * @param timeout the connect timeout
   * @return the address to connect to
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException for a bad path ({@link #unixPath(Path)}) or a negative
   *     timeout
   */
  public static UnixDomainSocketAddress connectUnix(
      Path path, ClientFactory factory, Duration timeout) {
    UnixDomainSocketAddress address = unixPath(path);
    Objects.requireNonNull(factory, "factory");
    nonNegative(timeout, "timeout");
    return address;
  }

  /**
   * Checks a UNIX-domain socket path: on the default file system, not empty (an empty path
   * means an unnamed socket, which nobody can connect to), and at most
   * {@link ReactorUNIX#MAX_PATH_BYTES} bytes in the platform's file-name encoding.
   *
   * @param path the path
   * @return its socket address
   * @throws NullPointerException if {@code path} is null
   * @throws IllegalArgumentException if the path is empty, too long, or on another file system
   */
  public static UnixDomainSocketAddress unixPath(Path path) {
    Objects.requireNonNull(path, "path");
    if (path.getFileSystem() != FileSystems.getDefault()) {
      throw new IllegalArgumentException(
          "path must be on the default file system: " + path + " (" + path.getFileSystem() + ")");
    }
    String text = path.toString();
    if (text.isEmpty()) {
      throw new IllegalArgumentException("path must not be empty: \"\"");
    }
    int bytes = text.getBytes(fileNameEncoding()).length;
    if (bytes > ReactorUNIX.MAX_PATH_BYTES) {
      throw new IllegalArgumentException(
          "path must be at most " + ReactorUNIX.MAX_PATH_BYTES
              + " bytes (the system's limit on socket paths); use a shorter directory: " + bytes
              + " bytes, " + text);
    }
    return UnixDomainSocketAddress.of(path);
  }

  private static Charset fileNameEncoding() {
    // The JDK encodes socket paths as it encodes file names.
    String name = System.getProperty("sun.jnu.encoding");
    try {
      return name == null ? StandardCharsets.UTF_8 : Charset.forName(name);
    } catch (IllegalArgumentException unsupported) {
      return StandardCharsets.UTF_8;
    }
  }

  /**
   * Checks a TCP port number.
   *
   * @param port the port, 0 meaning "any free port"
   * @return {@code port}
   * @throws IllegalArgumentException if {@code port} is outside 0..65535
   */
  public static int port(int port) {
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("port must be in 0..65535: " + port);
    }
    return port;
  }

  /**
   * Checks a listen backlog.
   *
   * @param backlog the backlog
   * @return {@code backlog}
   * @throws IllegalArgumentException if {@code backlog} is negative
   */
  public static int backlog(int backlog) {
    if (backlog < 0) {
      throw new IllegalArgumentException("backlog must not be negative: " + backlog);
    }
    return backlog;
  }

  /**
   * Checks that a duration is non-null and not negative.
   *
   * @param duration the duration
   * @param name the argument's name, for the message
   * @return {@code duration}
   * @throws NullPointerException if {@code duration} is null
   * @throws IllegalArgumentException if {@code duration} is negative
   */
  public static Duration nonNegative(Duration duration, String name) {
    Objects.requireNonNull(duration, name);
    if (duration.isNegative()) {
      throw new IllegalArgumentException(name + " must not be negative: " + duration);
    }
    return duration;
  }

  /**
   * Checks that a duration is strictly positive.
   *
   * @param duration the duration
   * @param name the argument's name, for the message
   * @return {@code duration}
   * @throws NullPointerException if {@code duration} is null
   * @throws IllegalArgumentException if {@code duration} is zero or negative
   */
  public static Duration positive(Duration duration, String name) {
    Objects.requireNonNull(duration, name);
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException(name + " must be positive: " + duration);
    }
    return duration;
  }

  /**
   * Converts a non-negative duration to nanoseconds, saturating at {@link Long#MAX_VALUE} so
   * that "practically forever" stays representable.
   *
   * @param duration a non-negative duration
   * @return the duration in nanoseconds, at most {@code Long.MAX_VALUE}
   */
  public static long saturatedNanos(Duration duration) {
    try {
      return duration.toNanos();
    } catch (ArithmeticException overflow) {
      return Long.MAX_VALUE;
    }
  }

  /**
   * Adds two non-negative nanosecond counts, saturating at {@link Long#MAX_VALUE}.
   *
   * @param a a non-negative count
   * @param b a non-negative count
   * @return {@code a + b}, or {@code Long.MAX_VALUE} on overflow
   */
  public static long saturatedAdd(long a, long b) {
    long sum = a + b;
    return sum < 0 ? Long.MAX_VALUE : sum;
  }

  // ---------------------------------------------------------------- UDP

  /**
   * The largest UDP payload over IPv4: 65535 less the IP and UDP headers. The API's
   * {@code ReactorUDP.MAX_PACKET_SIZE_LIMIT} is this value.
   */
  public static final int MAX_DATAGRAM_SIZE = 65_507;

  /**
   * Checks the arguments of {@link dev.weft.reactor.udp.ReactorUDP#listenUDP(int,
   * dev.weft.reactor.udp.DatagramProtocol, String, int)} (and of {@code listenMulticast}), in
   * parameter order.
   *
   * @param port the port, 0 meaning "any free port"
   * @param protocol the datagram protocol (typed {@code Object} so that this package depends on
   *     the API package only)
   * @param networkInterface an IP literal, or {@link ReactorTCP#ALL_INTERFACES}
   * @param maxPacketSize the largest datagram
   * @return the address to bind to, or {@code null} for all interfaces
   * @throws NullPointerException if {@code protocol} or {@code networkInterface} is null
   * @throws IllegalArgumentException for a port outside 0..65535, an interface that is neither an
   *     IP literal nor {@code ""}, or a bad {@link #maxPacketSize(int)}
   */
  public static @Nullable InetAddress listenUdp(
      int port, Object protocol, String networkInterface, int maxPacketSize) {
    port(port);
    Objects.requireNonNull(protocol, "protocol");
    InetAddress bind = networkInterface(networkInterface);
    maxPacketSize(maxPacketSize);
    return bind;
  }

  /**
   * Checks a local interface argument: an IP literal or {@link ReactorTCP#ALL_INTERFACES}.
   *
   * @param networkInterface the argument
   * @return the address, or {@code null} for all interfaces
   * @throws NullPointerException if null
   * @throws IllegalArgumentException if neither an IP literal nor {@code ""}
   */
  public static @Nullable InetAddress networkInterface(String networkInterface) {
    Objects.requireNonNull(networkInterface, "networkInterface");
    if (networkInterface.equals(ReactorTCP.ALL_INTERFACES)) {
      return null;
    }
    InetAddress bind = IpLiterals.parse(networkInterface);
    if (bind == null) {
      throw new IllegalArgumentException(
          "networkInterface must be an IP literal or ALL_INTERFACES (\"\"): " + networkInterface);
    }
    return bind;
  }

  /**
   * Checks a UDP port's largest datagram.
   *
   * @param maxPacketSize bytes
   * @return {@code maxPacketSize}
   * @throws IllegalArgumentException if outside 1..{@value
   *     dev.weft.reactor.udp.ReactorUDP#MAX_PACKET_SIZE_LIMIT}
   */
  public static int maxPacketSize(int maxPacketSize) {
    if (maxPacketSize < 1 || maxPacketSize > MAX_DATAGRAM_SIZE) {
      throw new IllegalArgumentException(
          "maxPacketSize must be in 1.." + MAX_DATAGRAM_SIZE + ": " + maxPacketSize);
    }
    return maxPacketSize;
  }

  /**
   * Checks the length of a datagram about to be sent.
   *
   * @param length the datagram's length in bytes
   * @param maxPacketSize the port's largest datagram
   * @throws IllegalArgumentException if {@code length} exceeds {@code maxPacketSize}
   */
  public static void datagramLength(int length, int maxPacketSize) {
    if (length > maxPacketSize) {
      throw new IllegalArgumentException("datagram must be at most maxPacketSize (" + maxPacketSize
          + ") bytes: " + length + "; datagrams are never split, listen with a larger"
          + " maxPacketSize or send less");
    }
  }

  /**
   * Checks a datagram's destination or peer: resolved, with a port in 1..65535.
   *
   * @param address the address
   * @param name the argument's name, for the message
   * @return {@code address}
   * @throws NullPointerException if null
   * @throws IllegalArgumentException if unresolved or its port is 0
   */
  public static InetSocketAddress datagramAddress(InetSocketAddress address, String name) {
    Objects.requireNonNull(address, name);
    if (address.isUnresolved()) {
      throw new IllegalArgumentException(name + " must be a resolved address (resolve host names"
          + " with the reactor's resolver first): " + address);
    }
    if (address.getPort() == 0) {
      throw new IllegalArgumentException(name + " port must be in 1..65535: " + address);
    }
    return address;
  }

  /**
   * Checks where a datagram written with an address may go, as both reactors decide it.
   *
   * @param to the destination given
   * @param peer the connected peer, or {@code null} if not connected
   * @param broadcastAllowed whether the port may send to the broadcast address
   * @throws IllegalArgumentException as {@link #datagramAddress}, or if connected to another peer
   * @throws IllegalStateException if {@code to} is 255.255.255.255 and broadcast is not allowed
   */
  public static void datagramTarget(
      InetSocketAddress to, @Nullable InetSocketAddress peer, boolean broadcastAllowed) {
    datagramAddress(to, "to");
    if (peer != null && !peer.equals(to)) {
      throw new IllegalArgumentException(
          "to must be the connected peer " + peer + " of a connected transport: " + to);
    }
    if (!broadcastAllowed && isLimitedBroadcast(to.getAddress())) {
      throw new IllegalStateException("cannot send to the broadcast address " + to
          + ": broadcast is not allowed on this port; call setBroadcastAllowed(true) first");
    }
  }

  /**
   * Returns the peer for a write without an address.
   *
   * @param peer the connected peer, or {@code null}
   * @return {@code peer}
   * @throws IllegalStateException if not connected
   */
  public static InetSocketAddress connectedPeer(@Nullable InetSocketAddress peer) {
    if (peer == null) {
      throw new IllegalStateException("write without an address needs a connected transport;"
          + " call connect(peer) first, or pass the destination");
    }
    return peer;
  }

  /**
   * Tells whether {@code address} is the limited broadcast address 255.255.255.255.
   *
   * @param address an address
   * @return whether it is
   */
  public static boolean isLimitedBroadcast(InetAddress address) {
    byte[] raw = address.getAddress();
    if (raw.length != 4) {
      return false;
    }
    for (byte b : raw) {
      if (b != (byte) 0xFF) {
        return false;
      }
    }
    return true;
  }

  /**
   * Checks the arguments of {@code joinGroup}/{@code leaveGroup}.
   *
   * @param group the group
   * @param networkInterface an IP literal or {@code ""}
   * @return the interface address, or {@code null} for the system's choice
   * @throws IllegalArgumentException if {@code group} is not a multicast address, or as
   *     {@link #networkInterface(String)}
   */
  public static @Nullable InetAddress multicastGroup(InetAddress group, String networkInterface) {
    Objects.requireNonNull(group, "group");
    if (!group.isMulticastAddress()) {
      throw new IllegalArgumentException("group must be a multicast address: "
          + group.getHostAddress());
    }
    return networkInterface(networkInterface);
  }

  /**
   * Checks a multicast time-to-live.
   *
   * @param ttl the hop limit
   * @return {@code ttl}
   * @throws IllegalArgumentException if outside 0..255
   */
  public static int multicastTtl(int ttl) {
    if (ttl < 0 || ttl > 255) {
      throw new IllegalArgumentException("ttl must be in 0..255: " + ttl);
    }
    return ttl;
  }
}
