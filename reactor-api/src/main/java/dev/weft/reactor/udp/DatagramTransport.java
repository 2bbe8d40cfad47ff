package dev.weft.reactor.udp;

import dev.weft.reactor.Deferred;
import dev.weft.reactor.ReactorTCP;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import org.jspecify.annotations.Nullable;

/**
 * A listening UDP port, as its {@link DatagramProtocol} sees it: it sends datagrams, may be
 * connected to one peer, and stops listening. Methods are called on the reactor thread, except
 * {@link #host()} once listening, which any thread may read.
 *
 * <p><b>Whole datagrams.</b> Each {@code write} sends exactly one datagram, of at most
 * {@link #maxPacketSize()} bytes, or nothing: UDP never splits or merges them.
 *
 * <p><b>A full socket buffer drops.</b> A write the socket cannot take at once (its send buffer
 * is full) is dropped and counted in {@link #droppedOutgoing()}; it is never queued. That is what
 * UDP promises (a datagram may be lost anywhere on its way, the sender's own host included) and
 * what keeps a fast sender's memory bounded; protocols on UDP already retry what matters. The
 * same goes for a datagram the system refuses to send (no route, for instance): dropped,
 * counted, and the first such failure of a port reported to the reactor's log.
 *
 * <p><b>Connected mode.</b> After {@link #connect(InetSocketAddress)} the transport exchanges
 * datagrams with that peer only: datagrams from any other sender are discarded by the system,
 * {@link #write(ByteBuffer)} needs no address, and a refusal by the peer's host reaches
 * {@link DatagramProtocol#connectionRefused}.
 *
 * <p>Twisted: {@code udp.Port}, providing {@code IUDPTransport}, {@code IMulticastTransport} and
 * {@code IListeningPort}.
 */
public interface DatagramTransport {

  /**
   * Sends one datagram to {@code to}; a copy is taken before returning, so the buffer may be
   * reused at once. The buffer's position moves to its limit.
   *
   * @param datagram the bytes between position and limit, at most {@link #maxPacketSize()}
   * @param to a resolved address, port 1..65535; on a connected transport it must be the peer
   * @throws IllegalArgumentException if the datagram is longer than {@link #maxPacketSize()},
   *     {@code to} is unresolved or has port 0, or differs from the connected peer
   * @throws IllegalStateException if the port stopped listening, or {@code to} is the broadcast
   *     address 255.255.255.255 and {@linkplain #setBroadcastAllowed broadcast} is not allowed
   */
  void write(ByteBuffer datagram, InetSocketAddress to);

  /**
   * Sends one datagram to {@code to}; see {@link #write(ByteBuffer, InetSocketAddress)}.
   *
   * @param datagram the bytes, at most {@link #maxPacketSize()}; not kept
   * @param to a resolved address
   */
  default void write(byte[] datagram, InetSocketAddress to) {
    write(ByteBuffer.wrap(datagram), to);
  }

  /**
   * Sends one datagram to the connected peer; see {@link #write(ByteBuffer, InetSocketAddress)}.
   *
   * @param datagram the bytes between position and limit, at most {@link #maxPacketSize()}
   * @throws IllegalStateException if the transport is not connected, or stopped listening
   * @throws IllegalArgumentException if the datagram is too long
   */
  void write(ByteBuffer datagram);

  /**
   * Sends one datagram to the connected peer; see {@link #write(ByteBuffer)}.
   *
   * @param datagram the bytes, at most {@link #maxPacketSize()}; not kept
   */
  default void write(byte[] datagram) {
    write(ByteBuffer.wrap(datagram));
  }

  /**
   * Connects the transport to one peer, for good: from now on only that peer's datagrams are
   * received, writes without an address go to it, and refusals are reported to the protocol.
   * Nothing is sent; UDP has no handshake.
   *
   * @param peer a resolved address, port 1..65535
   * @throws IllegalArgumentException if {@code peer} is unresolved or has port 0
   * @throws IllegalStateException if already connected (Weft does not reconnect a port, as
   *     Twisted does not), or the port stopped listening
   * @throws dev.weft.reactor.CannotListenException if the system refuses (no route to the peer)
   */
  void connect(InetSocketAddress peer);

  /**
   * Returns the connected peer.
   *
   * @return the peer, or {@code null} if the transport is not connected
   */
  @Nullable InetSocketAddress peer();

  /**
   * Returns the address the port listens on, with the real port number when port 0 was asked
   * for.
   *
   * @return the local address
   */
  InetSocketAddress host();

  /**
   * Returns the largest datagram this port sends or receives, as given to {@code listenUDP}.
   *
   * @return bytes, 1..{@value ReactorUDP#MAX_PACKET_SIZE_LIMIT}
   */
  int maxPacketSize();

  /**
   * Counts the datagrams written but never sent: the socket buffer was full, or the system
   * refused them (see the class comment).
   *
   * @return the count since the port opened
   */
  long droppedOutgoing();

  /**
   * Counts the datagrams that arrived longer than {@link #maxPacketSize()} and were dropped
   * whole.
   *
   * @return the count since the port opened
   */
  long droppedIncoming();

  /**
   * Allows or forbids sending to the broadcast address ({@code SO_BROADCAST}); forbidden when
   * the port opens.
   *
   * @param allowed whether broadcast datagrams may be sent
   */
  void setBroadcastAllowed(boolean allowed);

  /**
   * Tells whether broadcast datagrams may be sent.
   *
   * @return the setting, {@code false} until changed
   */
  boolean isBroadcastAllowed();

  /**
   * Joins a multicast group, so that datagrams sent to the group at this port's number arrive
   * here. Completes at once on the reactors Weft ships.
   *
   * @param group a multicast address
   * @param networkInterface the IP address of the local interface to join on (an IP literal), or
   *     {@link ReactorTCP#ALL_INTERFACES} for the system's choice
   * @return completes when joined; fails with {@link MulticastGroupException} if the group was
   *     already joined on that interface, the interface does not exist or support multicast, or
   *     the system refused
   * @throws IllegalArgumentException if {@code group} is not a multicast address or
   *     {@code networkInterface} is not an IP literal nor {@code ""}
   */
  Deferred<Void> joinGroup(InetAddress group, String networkInterface);

  /**
   * Leaves a multicast group joined with {@link #joinGroup}.
   *
   * @param group the group
   * @param networkInterface the interface given to {@code joinGroup}
   * @return completes when left; fails with {@link MulticastGroupException} if the group was not
   *     joined on that interface
   * @throws IllegalArgumentException as {@link #joinGroup}
   */
  Deferred<Void> leaveGroup(InetAddress group, String networkInterface);

  /**
   * Sets whether this port's own multicast datagrams loop back to the sending host's members
   * ({@code IP_MULTICAST_LOOP}); on by default, as in the system.
   *
   * @param loopback whether to loop back
   */
  void setMulticastLoopback(boolean loopback);

  /**
   * Sets the time-to-live of multicast datagrams this port sends ({@code IP_MULTICAST_TTL}); 1
   * by default, as in the system: they do not leave the local network.
   *
   * @param ttl 0..255
   * @throws IllegalArgumentException if {@code ttl} is outside 0..255
   */
  void setMulticastTtl(int ttl);

  /**
   * Stops listening and closes the socket; datagrams that arrive later are not delivered.
   * {@link DatagramProtocol#stopProtocol()} runs on the next turn. Calling it again returns the
   * same result.
   *
   * @return completes on the reactor thread when the port is closed
   */
  Deferred<Void> stopListening();

  /**
   * Tells whether the port still listens.
   *
   * @return {@code false} once {@link #stopListening()} was called or the reactor stopped
   */
  boolean isListening();
}
