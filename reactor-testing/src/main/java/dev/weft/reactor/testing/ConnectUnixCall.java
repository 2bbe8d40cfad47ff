package dev.weft.reactor.testing;

import dev.weft.reactor.ClientFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * The arguments of one {@code connectUNIX} attempt recorded by a {@link MemoryReactor}, exactly
 * as given. A retry with {@link dev.weft.reactor.Connector#connect()} records the same arguments
 * again as a new attempt.
 *
 * @param path the server's socket path
 * @param factory the client factory
 * @param timeout the connect timeout
 */
public record ConnectUnixCall(Path path, ClientFactory factory, Duration timeout) {

  /**
   * Checks the components.
   *
   * @param path the server's socket path
   * @param factory the client factory
   * @param timeout the connect timeout
   */
  public ConnectUnixCall {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(factory, "factory");
    Objects.requireNonNull(timeout, "timeout");
  }
}
