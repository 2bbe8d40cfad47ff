package dev.weft.reactor.testing;

import dev.weft.reactor.ClientFactory;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The arguments of one {@code connectTCP} attempt recorded by a {@link MemoryReactor}, exactly as
 * given. A retry with {@link dev.weft.reactor.Connector#connect()} records the same arguments
 * again as a new attempt.
 *
 * @param host the host name or IP literal
 * @param port the port
 * @param factory the client factory
 * @param timeout the connect timeout
 * @param bindAddress the local address to bind, or {@code null}
 */
public record ConnectTcpCall(
    String host, int port, ClientFactory factory, Duration timeout, @Nullable SocketAddress bindAddress) {

  /**
   * Checks the components.
   *
   * @param host the host name or IP literal
   * @param port the port
   * @param factory the client factory
   * @param timeout the connect timeout
   * @param bindAddress the local address to bind, or {@code null}
   */
  public ConnectTcpCall {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(factory, "factory");
    Objects.requireNonNull(timeout, "timeout");
  }
}
