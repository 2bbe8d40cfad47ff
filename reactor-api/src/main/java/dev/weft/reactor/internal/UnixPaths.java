package dev.weft.reactor.internal;

import dev.weft.reactor.CannotListenException;
import java.nio.file.Path;

/**
 * The UNIX-domain outcomes the real and the fake reactors must word alike, so a test that
 * asserts on one passes on the other.
 */
public final class UnixPaths {
  private UnixPaths() {}

  /**
   * The failure of a listen on a path where a server already accepts connections.
   *
   * @param path the path
   * @return the exception to throw
   */
  public static CannotListenException inUse(Path path) {
    return new CannotListenException(
        "cannot listen on " + path + ": the path is in use, a server is accepting connections on"
            + " it; stop that server or choose another path");
  }
}
