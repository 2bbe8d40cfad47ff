package dev.weft.reactor;

import java.net.SocketAddress;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * A {@link ProtocolFactory} for outgoing connections, told how each attempt made with
 * {@link ReactorTCP#connectTCP} goes. Called on the reactor thread, in this order per attempt:
 *
 * <ol>
 *   <li>{@link #startedConnecting(Connector)}: the attempt has begun (not inside
 *       {@code connectTCP}, but on a later turn of the reactor, as Twisted does);
 *   <li>then either {@link #buildProtocol(SocketAddress)} and, when that connection ends,
 *       {@link #clientConnectionLost(Connector, ConnectionEndedException)};
 *   <li>or {@link #clientConnectionFailed(Connector, ConnectFailedException)}.
 * </ol>
 *
 * <p>Calling {@link Connector#connect()} from {@code clientConnectionLost} or
 * {@code clientConnectionFailed} starts a new attempt with the same connector.
 *
 * <p>Twisted: {@code ClientFactory}.
 */
@FunctionalInterface
public interface ClientFactory extends ProtocolFactory {

  /**
   * An attempt has begun.
   *
   * @param connector the connector making the attempt
   */
  default void startedConnecting(Connector connector) {}

  /**
   * The attempt failed before a connection was established.
   *
   * @param connector the connector that made the attempt
   * @param reason why: refused, timed out, DNS failure, cancelled, or another connect failure
   */
  default void clientConnectionFailed(Connector connector, ConnectFailedException reason) {}

  /**
   * An established connection ended, after its protocol's {@code connectionLost}.
   *
   * @param connector the connector that made the connection
   * @param reason the same reason the protocol received
   */
  default void clientConnectionLost(Connector connector, ConnectionEndedException reason) {}

  /**
   * Returns a client factory that builds each protocol with {@code protocols} and ignores the
   * attempt callbacks.
   *
   * @param protocols supplies a new protocol per connection
   * @return the factory
   */
  static ClientFactory of(Supplier<? extends Protocol> protocols) {
    Objects.requireNonNull(protocols, "protocols");
    return peer -> Objects.requireNonNull(protocols.get(), "protocol supplier returned null");
  }
}
