package dev.weft.reactor.testing.net;

import dev.weft.reactor.internal.Checks;
import java.time.Duration;
import java.util.Objects;

/**
 * A fault of name resolution, as a value: lookups of a host name fail, or answer only after a
 * delay on the fake Clock. It acts on the {@link dev.weft.reactor.testing.MemoryResolver} of the
 * hosts it is applied to: their {@code resolve} calls, and on a {@link Network} their
 * {@code connectTCP} to that name too (a failed lookup fails the attempt with a
 * {@link dev.weft.reactor.DnsLookupException}; a slow one delays it). Made by {@link Fault}'s
 * factories. Immutable and thread-safe; {@code toString()} recreates it.
 */
public sealed interface ResolverFault extends Fault
    permits ResolverFault.LookupFails, ResolverFault.LookupDelayed {

  /**
   * Returns the host name whose lookups fail or wait.
   *
   * @return the name, compared case-insensitively
   */
  String host();

  /**
   * Lookups of {@code host} fail; see {@link Fault#lookupFails(String)}.
   *
   * @param host the name
   */
  record LookupFails(String host) implements ResolverFault {
    /**
     * Checks the name.
     *
     * @param host the name
     */
    public LookupFails {
      Objects.requireNonNull(host, "host");
    }

    @Override
    public String toString() {
      return "Fault.lookupFails(" + JavaText.string(host) + ")";
    }
  }

  /**
   * Lookups of {@code host} answer after {@code delay}; see
   * {@link Fault#lookupDelayed(String, Duration)}.
   *
   * @param host the name
   * @param delay how long each lookup waits on the fake Clock
   */
  record LookupDelayed(String host, Duration delay) implements ResolverFault {
    /**
     * Checks the arguments.
     *
     * @param host the name
     * @param delay not negative
     */
    public LookupDelayed {
      Objects.requireNonNull(host, "host");
      Checks.nonNegative(delay, "delay");
    }

    @Override
    public String toString() {
      return "Fault.lookupDelayed(" + JavaText.string(host) + ", " + JavaText.duration(delay)
          + ")";
    }
  }
}
