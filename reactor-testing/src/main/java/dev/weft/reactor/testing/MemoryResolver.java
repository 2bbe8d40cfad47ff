package dev.weft.reactor.testing;

import dev.weft.reactor.Deferred;
import dev.weft.reactor.DnsLookupException;
import dev.weft.reactor.ReactorResolver;
import dev.weft.reactor.internal.IpLiterals;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * A resolver that answers from a table the test fills: host names map to addresses or to a DNS
 * failure, IP literals resolve to themselves, and every lookup is recorded. It never touches the
 * system resolver.
 *
 * <p>Lookups complete at once, inside {@link #resolve(String)}, as every Deferred of a fake
 * reactor does. A name not in the table fails with {@link DnsLookupException}. Not thread-safe:
 * use it on the test thread.
 *
 * <p>Twisted: what users build on {@code IReactorPluggableNameResolver} in tests.
 */
public final class MemoryResolver implements ReactorResolver {
  private final Map<String, List<InetAddress>> addresses = new HashMap<>();
  private final Map<String, DnsLookupException> failures = new HashMap<>();
  private final List<String> lookups = new ArrayList<>();
  // A simulated network's table of host names, consulted after this resolver's own entries and
  // failures: the network's names need not be copied into every host's resolver.
  private @Nullable Function<String, @Nullable InetAddress> network;

  /** Creates a resolver with an empty table. */
  public MemoryResolver() {}

  /**
   * Makes {@code host} resolve to {@code first} and {@code more}, in that order, replacing any
   * earlier entry for it. Names compare case-insensitively.
   *
   * @param host the host name
   * @param first the first address
   * @param more further addresses
   * @return this resolver
   */
  public MemoryResolver map(String host, InetAddress first, InetAddress... more) {
    String key = key(host);
    List<InetAddress> all = new ArrayList<>();
    all.add(Objects.requireNonNull(first, "first"));
    for (InetAddress a : more) {
      all.add(Objects.requireNonNull(a, "more"));
    }
    failures.remove(key);
    addresses.put(key, List.copyOf(all));
    return this;
  }

  /**
   * Makes {@code host} resolve to the addresses given as IP literals.
   *
   * @param host the host name
   * @param ipLiterals at least one IPv4 or IPv6 literal
   * @return this resolver
   * @throws IllegalArgumentException if one of them is not an IP literal
   */
  public MemoryResolver map(String host, String... ipLiterals) {
    if (ipLiterals.length == 0) {
      throw new IllegalArgumentException("ipLiterals must not be empty for host " + host);
    }
    InetAddress[] parsed = new InetAddress[ipLiterals.length];
    for (int i = 0; i < ipLiterals.length; i++) {
      InetAddress a = IpLiterals.parse(Objects.requireNonNull(ipLiterals[i], "ipLiterals"));
      if (a == null) {
        throw new IllegalArgumentException("not an IP literal: " + ipLiterals[i]);
      }
      parsed[i] = a;
    }
    return map(host, parsed[0], java.util.Arrays.copyOfRange(parsed, 1, parsed.length));
  }

  /**
   * Makes lookups of {@code host} fail with a {@link DnsLookupException}.
   *
   * @param host the host name
   * @return this resolver
   */
  public MemoryResolver fail(String host) {
    return fail(host, new DnsLookupException("DNS lookup failed for " + host + " (fake resolver)"));
  }

  /**
   * Makes lookups of {@code host} fail with {@code reason}.
   *
   * @param host the host name
   * @param reason the failure each lookup gets
   * @return this resolver
   */
  public MemoryResolver fail(String host, DnsLookupException reason) {
    String key = key(host);
    addresses.remove(key);
    failures.put(key, Objects.requireNonNull(reason, "reason"));
    return this;
  }

  /**
   * Tells whether the table answers for {@code host}: it maps the name to addresses or to a
   * failure, or {@code host} is an IP literal. Records no lookup.
   *
   * @param host a host name or IP literal, not empty
   * @return {@code false} for a name the test never mapped or failed
   */
  public boolean hasEntry(String host) {
    return lookup(host) != null || failures.containsKey(key(host));
  }

  /**
   * Returns every host looked up, in order, as given.
   *
   * @return a snapshot
   */
  public List<String> lookups() {
    return List.copyOf(lookups);
  }

  /**
   * Resolves {@code host} from the table.
   *
   * @param host a host name or IP literal
   * @return already complete: the addresses, or a failure with {@link DnsLookupException}
   */
  @Override
  public Deferred<List<InetAddress>> resolve(String host) {
    Objects.requireNonNull(host, "host");
    lookups.add(host);
    List<InetAddress> found = lookup(host);
    if (found != null) {
      return Deferred.succeeded(found);
    }
    DnsLookupException failure = failures.get(key(host));
    return Deferred.failed(failure != null ? failure : new DnsLookupException(
        "no address for " + host + " in the fake resolver; add one with map(host, addresses)"));
  }

  /** Looks up without recording: literal, then table. */
  @Nullable List<InetAddress> lookup(String host) {
    InetAddress literal = IpLiterals.parse(host);
    if (literal != null) {
      return List.of(literal);
    }
    String key = key(host);
    List<InetAddress> own = addresses.get(key);
    if (own != null || network == null || failures.containsKey(key)) {
      return own;
    }
    InetAddress onNetwork = network.apply(key);
    return onNetwork == null ? null : List.of(onNetwork);
  }

  /** Whether the test gave this resolver an address or a failure for {@code host} itself. */
  boolean hasOwnEntry(String host) {
    String key = key(host);
    return addresses.containsKey(key) || failures.containsKey(key);
  }

  /**
   * Makes this the resolver of a network host: names this resolver has no entry (or failure) for
   * are looked up in {@code names}, given the lower-cased name.
   */
  void resolveThrough(Function<String, @Nullable InetAddress> names) {
    this.network = names;
  }

  private static String key(String host) {
    Objects.requireNonNull(host, "host");
    if (host.isEmpty()) {
      throw new IllegalArgumentException("host must not be empty");
    }
    return host.toLowerCase(Locale.ROOT);
  }
}
