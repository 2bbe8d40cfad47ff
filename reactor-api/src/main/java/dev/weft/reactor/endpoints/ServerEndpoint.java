package dev.weft.reactor.endpoints;

import dev.weft.reactor.Deferred;
import dev.weft.reactor.ListeningPort;
import dev.weft.reactor.ProtocolFactory;

/**
 * Somewhere to listen. Called on the reactor thread.
 *
 * <p>Twisted: {@code IStreamServerEndpoint}.
 */
@FunctionalInterface
public interface ServerEndpoint {

  /**
   * Starts listening; each accepted connection gets a protocol from {@code factory}.
   *
   * @param factory builds a protocol per connection
   * @return completes on the reactor thread with the listening port, or fails with a
   *     {@link dev.weft.reactor.CannotListenException}
   */
  Deferred<ListeningPort> listen(ProtocolFactory factory);
}
