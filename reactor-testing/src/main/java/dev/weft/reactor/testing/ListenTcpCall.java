package dev.weft.reactor.testing;

import dev.weft.reactor.ProtocolFactory;
import java.util.Objects;

/**
 * The arguments of one {@code listenTCP} call recorded by a {@link MemoryReactor}, exactly as
 * given (port 0 stays 0 here; the assigned port is {@link MemoryListeningPort#host()}).
 *
 * @param port the requested port
 * @param factory the factory
 * @param backlog the backlog
 * @param networkInterface the interface, {@code ""} for all
 */
public record ListenTcpCall(int port, ProtocolFactory factory, int backlog, String networkInterface) {

  /**
   * Checks the components.
   *
   * @param port the requested port
   * @param factory the factory
   * @param backlog the backlog
   * @param networkInterface the interface
   */
  public ListenTcpCall {
    Objects.requireNonNull(factory, "factory");
    Objects.requireNonNull(networkInterface, "networkInterface");
  }
}
