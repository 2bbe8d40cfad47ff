package dev.weft.reactor.nio.internal;

/**
 * One kind of work the reactor serves (TCP, the blocking pools; UNIX sockets, UDP and TLS next),
 * as {@link Lifecycle} sees it: what to end when the reactor shuts down and what to release when
 * the loop is gone. A new facet is registered once, with {@link Lifecycle#add(Facet)}; the
 * lifecycle then takes care of it in every way the reactor can stop.
 */
public interface Facet {

  /**
   * Ends everything in progress in order, telling user code as the facet's contracts say (an
   * attempt fails with {@code ConnectCancelledException}, a connection hears
   * {@code connectionLost}). Called on the loop thread between the DURING and AFTER shutdown
   * triggers, in registration order.
   */
  void shutDown();

  /**
   * Forgets what is left and releases threads and other resources without calling user code.
   * Called once the loop has exited (or the reactor crashed); the loop has already closed every
   * registered channel.
   */
  void release();
}
