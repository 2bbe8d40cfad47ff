package dev.weft.reactor.testing.assertj;

import dev.weft.reactor.testing.net.Host;
import dev.weft.reactor.testing.net.Link;
import dev.weft.reactor.testing.net.Network;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on a simulated network as a whole: its hosts, its partitions, its links, and
 * whether anything is still on its way. Obtain one with
 * {@link ReactorAssertions#assertThat(Network)}.
 */
public final class NetworkAssert extends AbstractAssert<NetworkAssert, Network> {

  NetworkAssert(Network actual) {
    super(actual, NetworkAssert.class);
  }

  /**
   * Verifies that the network has exactly these hosts, by name, in any order.
   *
   * @param names the expected host names
   * @return this assertion
   */
  public NetworkAssert hasHosts(String... names) {
    Objects.requireNonNull(names, "names");
    isNotNull();
    List<String> actualNames = actual.hosts().stream().map(Host::name).sorted().toList();
    List<String> expected = Arrays.stream(names).sorted().toList();
    if (!actualNames.equals(expected)) {
      failWithMessage("Expecting the network to have exactly the hosts:%n  %s%nbut it has:%n  %s",
          Arrays.asList(names), actual.hosts());
    }
    return this;
  }

  /**
   * Verifies that a partition cuts {@code a} and {@code b} both ways.
   *
   * @param a one host
   * @param b the other
   * @return this assertion
   */
  public NetworkAssert isPartitioned(Host a, Host b) {
    requireHosts(a, b);
    if (!actual.isCut(a, b) || !actual.isCut(b, a)) {
      failWithMessage("Expecting %s and %s to be partitioned both ways but %s",
          a.name(), b.name(), cuts(a, b));
    }
    return this;
  }

  /**
   * Verifies that packets from {@code from} to {@code to} are cut, and those back are not.
   *
   * @param from the sending host
   * @param to the receiving host
   * @return this assertion
   */
  public NetworkAssert isPartitionedOneWay(Host from, Host to) {
    requireHosts(from, to);
    if (!actual.isCut(from, to) || actual.isCut(to, from)) {
      failWithMessage("Expecting only %s -> %s to be cut but %s",
          from.name(), to.name(), cuts(from, to));
    }
    return this;
  }

  /**
   * Verifies that no partition cuts {@code a} and {@code b}, either way.
   *
   * @param a one host
   * @param b the other
   * @return this assertion
   */
  public NetworkAssert isNotPartitioned(Host a, Host b) {
    requireHosts(a, b);
    if (actual.isCut(a, b) || actual.isCut(b, a)) {
      failWithMessage("Expecting %s and %s not to be partitioned but %s",
          a.name(), b.name(), cuts(a, b));
    }
    return this;
  }

  /**
   * Verifies how many links are open (at least one end not ended).
   *
   * @param count the expected number
   * @return this assertion
   */
  public NetworkAssert hasOpenLinks(int count) {
    isNotNull();
    List<Link> open = actual.links().stream().filter(Link::isOpen).toList();
    if (open.size() != count) {
      failWithMessage("Expecting %d open links but found %d:%n  %s", count, open.size(),
          lines(open));
    }
    return this;
  }

  /**
   * Verifies that the network is quiet: no link has bytes in flight, nor bytes held by a hold or
   * a partition that would arrive on release or heal.
   *
   * @return this assertion
   */
  public NetworkAssert isQuiet() {
    isNotNull();
    List<String> busy = new ArrayList<>();
    for (Link link : actual.links()) {
      if (link.bytesInFlight() != 0 || link.bytesHeld() != 0) {
        busy.add(link.bytesInFlight() + " bytes in flight, " + link.bytesHeld()
            + " bytes held on " + link);
      }
    }
    if (!busy.isEmpty()) {
      failWithMessage("Expecting the network to be quiet but found:%n  %s", String.join(
          System.lineSeparator() + "  ", busy));
    }
    return this;
  }

  private void requireHosts(Host a, Host b) {
    Objects.requireNonNull(a, "a");
    Objects.requireNonNull(b, "b");
    isNotNull();
  }

  private String cuts(Host a, Host b) {
    return a.name() + " -> " + b.name() + (actual.isCut(a, b) ? " is cut" : " is open") + " and "
        + b.name() + " -> " + a.name() + (actual.isCut(b, a) ? " is cut" : " is open");
  }

  private static String lines(List<Link> links) {
    List<String> out = new ArrayList<>();
    for (Link link : links) {
      out.add(link.toString());
    }
    return out.isEmpty() ? "(none)" : String.join(System.lineSeparator() + "  ", out);
  }
}
