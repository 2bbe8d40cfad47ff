package dev.weft.reactor;

import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * A port listening for connections, returned by {@link ReactorTCP#listenTCP}. Methods are called
 * on the reactor thread.
 *
 * <p>Twisted: {@code IListeningPort}.
 */
public interface ListeningPort {

  /**
   * Stops accepting connections; connections already accepted stay open. The factory's
   * {@link ProtocolFactory#doStop()} runs once the port is closed. Calling it again returns the
   * same result.
   *
   * @return completes on the reactor thread when the port is closed
   */
  Deferred<Void> stopListening();

  /**
   * Returns the address the port listens on, with the real port number when port 0 was asked
   * for.
   *
   * @return the local address
   * @throws UnsupportedOperationException if the port is not an IP port (a UNIX-domain port,
   *     see {@link ReactorUNIX}); {@link #address()} answers for every kind
   */
  InetSocketAddress host();

  /**
   * Returns the address the port listens on, whatever its kind: {@link #host()} for a TCP port,
   * a {@link java.net.UnixDomainSocketAddress} for a UNIX-domain port.
   *
   * @return the local address, never {@code null}
   */
  default SocketAddress address() {
    return host();
  }
}
