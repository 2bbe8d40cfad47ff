package dev.weft.reactor.testing;

import dev.weft.reactor.ProtocolFactory;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The arguments of one {@code listenUNIX} call recorded by a {@link MemoryReactor}, exactly as
 * given.
 *
 * @param path the socket path
 * @param factory the factory
 * @param backlog the backlog
 */
public record ListenUnixCall(Path path, ProtocolFactory factory, int backlog) {

  /**
   * Checks the components.
   *
   * @param path the socket path
   * @param factory the factory
   * @param backlog the backlog
   */
  public ListenUnixCall {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(factory, "factory");
  }
}
