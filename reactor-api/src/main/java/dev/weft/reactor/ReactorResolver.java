package dev.weft.reactor;

import java.net.InetAddress;
import java.util.List;

/**
 * Host name resolution without blocking the reactor thread. Implementations are pluggable: the
 * production reactor resolves on a small pool, a fake answers from a table.
 *
 * <p>Twisted: {@code IReactorPluggableNameResolver}.
 */
public interface ReactorResolver {

  /**
   * Resolves {@code host} to its addresses. An IP literal resolves to itself, without any lookup:
   * an IPv4 dotted quad of four parts in 0..255 without leading zeros, or IPv6 in the text forms
   * of RFC 4291 (with {@code ::} and an embedded IPv4 tail), optionally in brackets and with a
   * numeric zone id. Anything else is a name for the resolver ({@code 999.1.1.1} and {@code g:h}
   * too). Must be called on the reactor thread.
   *
   * @param host a host name or IP literal
   * @return completes on the reactor thread with at least one address, or fails with
   *     {@link DnsLookupException}
   */
  Deferred<List<InetAddress>> resolve(String host);
}
