package dev.weft.reactor.nio;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Turns a host name into addresses, blocking: the pluggable back end of
 * {@link NioReactor#resolve(String)}. The reactor calls it on its small resolver pool, never on the
 * reactor thread, and delivers the answer back on the reactor thread.
 *
 * <p>Implementations must be thread-safe: calls may run concurrently on the pool's threads.
 *
 * <p>Twisted: the blocking {@code IHostResolution} back end of {@code IReactorPluggableNameResolver}.
 */
@FunctionalInterface
public interface HostResolver {

  /**
   * The JDK's resolver: {@link InetAddress#getAllByName(String)} (hosts file, then DNS).
   *
   * @return the system resolver, never {@code null}
   */
  static HostResolver system() {
    return host -> List.of(InetAddress.getAllByName(host));
  }

  /**
   * Resolves {@code host}, blocking the calling pool thread as long as it takes.
   *
   * @param host a host name, never an IPv4 or IPv6 literal (the reactor answers those itself,
   *     without any lookup); an IPv6 literal with a named zone id ({@code fe80::1%eth0}) does
   *     come here, since only the system knows its interfaces
   * @return at least one address; an empty list is reported as a failed lookup
   * @throws UnknownHostException if the name does not resolve; any other exception thrown is
   *     reported as a failed lookup too
   */
  List<InetAddress> resolve(String host) throws UnknownHostException;
}
