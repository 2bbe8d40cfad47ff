package dev.weft.reactor.testing;

/**
 * Where the datagrams a {@link MemoryReactor}'s UDP ports send go: its network card, as it were.
 * The default delivers on loopback only, to the reactor's own ports, on its next turn;
 * {@code dev.weft.reactor.testing.net.DatagramNetwork} installs a route that carries datagrams
 * between reactors with seeded faults. A test may install its own, for instance to answer as a
 * scripted server.
 *
 * <p>A route is called on the test's thread, inside the {@code write} that sent the datagram; it
 * must not call the sending protocol back from there (deliver later, on the Clock or on a turn),
 * as no real network delivers inside {@code write}.
 */
@FunctionalInterface
public interface DatagramRoute {

  /**
   * Carries one datagram; it was already recorded in {@code from}'s
   * {@link MemoryDatagramPort#sent()}.
   *
   * @param from the sending port
   * @param datagram the datagram, with the source address the receiver will see
   */
  void route(MemoryDatagramPort from, Datagram datagram);
}
