/**
 * UDP: the {@link dev.weft.reactor.udp.ReactorUDP} facet, the
 * {@link dev.weft.reactor.udp.DatagramProtocol} user code implements and the
 * {@link dev.weft.reactor.udp.DatagramTransport} it sends with.
 *
 * <p>A datagram is whole: the reactor never splits or merges datagrams, in either direction. UDP
 * is lossy by contract, so protocols on it retry on their own timers; the fakes in
 * {@code dev.weft.reactor.testing} deliver datagrams by seed with loss, duplication, reordering
 * and latency, so that code can be tested against exactly those faults. Every parameter and
 * return value in this package is non-null unless it is annotated {@code @Nullable}.
 *
 * <p>Twisted: {@code twisted.internet.udp} and {@code IReactorUDP}.
 */
@NullMarked
package dev.weft.reactor.udp;

import org.jspecify.annotations.NullMarked;
