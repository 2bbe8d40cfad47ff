package dev.weft.reactor.nio.internal;

import java.net.InetAddress;
import java.util.List;

/**
 * The blocking name lookup the resolver pool runs: {@code NioReactor} adapts its public
 * {@code HostResolver} to it, so this package never depends on the public one.
 */
@FunctionalInterface
public interface BlockingResolver {

  /**
   * Resolves {@code host}, blocking the calling pool thread.
   *
   * @param host a host name, never an IP literal the reactor could parse itself
   * @return the addresses; an empty list is reported as a failed lookup
   * @throws Exception if the lookup fails
   */
  List<InetAddress> resolve(String host) throws Exception;
}
