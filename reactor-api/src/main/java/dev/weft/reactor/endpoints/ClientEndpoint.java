package dev.weft.reactor.endpoints;

import dev.weft.reactor.Deferred;
import dev.weft.reactor.Protocol;
import dev.weft.reactor.ProtocolFactory;

/**
 * Somewhere to connect to. Called on the reactor thread.
 *
 * <p>Twisted: {@code IStreamClientEndpoint}.
 */
@FunctionalInterface
public interface ClientEndpoint {

  /**
   * Connects and builds the connection's protocol with {@code factory}.
   *
   * @param factory builds the protocol once the connection is established
   * @return completes on the reactor thread with the connected protocol (after its
   *     {@code connectionMade}), or fails with a {@link dev.weft.reactor.ConnectFailedException};
   *     cancelling it stops the attempt
   */
  Deferred<Protocol> connect(ProtocolFactory factory);
}
