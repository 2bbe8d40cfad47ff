package dev.weft.reactor;

import java.net.SocketAddress;
import java.util.Objects;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Builds a {@link Protocol} for each connection of a listening port or a connector. Called on the
 * reactor thread.
 *
 * <p>The reactor calls {@link #doStart()} when a port starts listening with this factory (or a
 * connector starts using it) and {@link #doStop()} when that port or connector is done, so a
 * factory shared by several ports sees balanced calls. {@link BaseProtocolFactory} counts them
 * and runs its start and stop hooks only on the first start and the last stop.
 *
 * <p>Twisted: {@code IProtocolFactory}.
 */
@FunctionalInterface
public interface ProtocolFactory {

  /**
   * Builds the protocol for a new connection.
   *
   * @param peer the remote address of the connection
   * @return the protocol, or {@code null} to refuse the connection (the reactor closes it)
   */
  @Nullable Protocol buildProtocol(SocketAddress peer);

  /** A port or connector starts using this factory. */
  default void doStart() {}

  /** A port or connector stopped using this factory. */
  default void doStop() {}

  /**
   * Returns a counting factory that builds each protocol with {@code protocols}.
   *
   * @param protocols supplies a new protocol per connection
   * @return the factory
   */
  static BaseProtocolFactory of(Supplier<? extends Protocol> protocols) {
    Objects.requireNonNull(protocols, "protocols");
    return new BaseProtocolFactory() {
      @Override
      public Protocol buildProtocol(SocketAddress peer) {
        return Objects.requireNonNull(protocols.get(), "protocol supplier returned null");
      }
    };
  }
}
