package dev.weft.reactor.testing.junit;

import dev.weft.reactor.testing.Clock;
import dev.weft.reactor.testing.MemoryReactor;
import dev.weft.reactor.testing.net.Host;
import dev.weft.reactor.testing.net.Network;
import java.lang.reflect.AnnotatedElement;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * One test's simulated network: made from the nearest {@link SimulatedNetwork} on the test's
 * Clock, or adopted from an {@link InjectReactor} field; gives out its hosts by
 * {@link HostNamed}, names them in the dirty-reactor report and words the replay line.
 */
final class TestNetwork {
  private final Network network;
  private final boolean adopted;
  private final boolean captureCreationSites;

  private TestNetwork(Network network, boolean adopted, boolean captureCreationSites) {
    this.network = network;
    this.adopted = adopted;
    this.captureCreationSites = captureCreationSites;
  }

  /** A fresh network on {@code clock}, as the nearest {@code @SimulatedNetwork} says. */
  static TestNetwork created(ExtensionContext context, Clock clock, boolean captureSites) {
    Optional<SimulatedNetwork> options = annotation(context);
    Network network = Network.builder()
        .clock(clock)
        .seed(options.map(SimulatedNetwork::seed).orElse(SimulatedNetwork.DEFAULT_SEED))
        .chunking(ChunkingSpec.parse(
            options.map(SimulatedNetwork::chunking).orElse("Chunking.coalesced()")))
        .build();
    return new TestNetwork(network, false, captureSites);
  }

  /** A network the test built itself and left in a field; no annotation may contradict it. */
  static TestNetwork adopted(ExtensionContext context, Network network, String field) {
    if (annotation(context).isPresent()) {
      throw new ExtensionConfigurationException("@InjectReactor field " + field + " holds a"
          + " Network the test built, so @SimulatedNetwork would be ignored; set the seed and"
          + " chunking on Network.builder() and remove the annotation");
    }
    return new TestNetwork(network, true, false);
  }

  /** The nearest {@code @SimulatedNetwork}: on the method, else its class, else outer ones. */
  static Optional<SimulatedNetwork> annotation(ExtensionContext context) {
    for (Optional<ExtensionContext> c = Optional.of(context);
        c.isPresent();
        c = c.get().getParent()) {
      Optional<AnnotatedElement> element = c.get().getElement();
      Optional<SimulatedNetwork> found =
          AnnotationSupport.findAnnotation(element, SimulatedNetwork.class);
      if (found.isPresent()) {
        return found;
      }
    }
    return Optional.empty();
  }

  Network network() {
    return network;
  }

  /**
   * The host {@code named} names, added on first mention.
   *
   * @param where the parameter or field, for the error message
   */
  Host host(HostNamed named, String where) {
    String name = named.value();
    String address = named.address();
    if (name.isBlank()) {
      throw new ExtensionConfigurationException(
          "@HostNamed on " + where + " has an empty name; name the host, e.g. @HostNamed(\"server\")");
    }
    for (Host host : network.hosts()) {
      if (host.name().equals(name)) {
        if (!address.isEmpty() && !address.equals(host.address().getHostAddress())) {
          throw new ExtensionConfigurationException("@HostNamed on " + where + " asks for host "
              + name + " at " + address + ", but the test's network has it at "
              + host.address().getHostAddress() + "; give the address once, or the same one");
        }
        return host;
      }
    }
    try {
      Host host = address.isEmpty() ? network.host(name) : network.host(name, address);
      host.reactor().captureCreationSites(captureCreationSites);
      return host;
    } catch (IllegalArgumentException e) {
      throw new ExtensionConfigurationException(
          "@HostNamed on " + where + " cannot add host " + name + ": " + e.getMessage(), e);
    }
  }

  /**
   * How the dirty-reactor report names {@code reactor}: by its host, or as the test's own
   * reactor; {@code null} for any other reactor on the Clock.
   */
  @Nullable String label(MemoryReactor reactor, @Nullable MemoryReactor testReactor) {
    Optional<Host> host = network.hostOf(reactor);
    if (host.isPresent()) {
      Host h = host.get();
      return h.reactor() == reactor
          ? "host " + h
          : "host " + h.name() + ", its reactor before a crash";
    }
    return reactor == testReactor ? "the test's own reactor, not a network host" : null;
  }

  /** The replay line: the seed and chunking, as the code that replays the run writes them. */
  String replayLine() {
    String seed = network.seed() + "L";
    String chunking = network.chunking().toString();
    String how = adopted
        ? "build it again with Network.builder().seed(" + seed + ").chunking(" + chunking
            + ") and the same other options"
        : "@SimulatedNetwork(seed = " + seed + ", chunking = \"" + chunking.replace("\"", "\\\"")
            + "\")";
    return "Simulated network of this test: seed " + seed + ", " + chunking
        + "; to replay this run exactly: " + how;
  }
}
