package dev.weft.reactor.testing.assertj;

import dev.weft.reactor.testing.MemoryListeningPort;
import dev.weft.reactor.testing.net.Host;
import java.util.List;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on one host of a simulated network: up or down, its crashes, the ports it listens
 * on and its open connections (those of the reactor it runs now). Obtain one with
 * {@link ReactorAssertions#assertThat(Host)}.
 */
public final class HostAssert extends AbstractAssert<HostAssert, Host> {

  HostAssert(Host actual) {
    super(actual, HostAssert.class);
  }

  /**
   * Verifies that the host is up: never crashed, or restarted since.
   *
   * @return this assertion
   */
  public HostAssert isUp() {
    isNotNull();
    if (!actual.isUp()) {
      failWithMessage("Expecting host %s to be up but it is down (crashed %d times, not restarted)",
          actual.name(), actual.crashes());
    }
    return this;
  }

  /**
   * Verifies that the host is down: crashed and not restarted.
   *
   * @return this assertion
   */
  public HostAssert isDown() {
    isNotNull();
    if (actual.isUp()) {
      failWithMessage("Expecting host %s to be down but it is up (crashed %d times)",
          actual.name(), actual.crashes());
    }
    return this;
  }

  /**
   * Verifies that the host crashed exactly {@code times} times.
   *
   * @param times the expected number of crashes, not negative
   * @return this assertion
   * @throws IllegalArgumentException if {@code times} is negative
   */
  public HostAssert hasCrashed(int times) {
    if (times < 0) {
      throw new IllegalArgumentException("times must not be negative: " + times);
    }
    isNotNull();
    if (actual.crashes() != times) {
      failWithMessage("Expecting host %s to have crashed %d times but it crashed %d times (now %s)",
          actual.name(), times, actual.crashes(), actual.isUp() ? "up" : "down");
    }
    return this;
  }

  /**
   * Verifies that the host's reactor listens on TCP port {@code port}.
   *
   * @param port the port
   * @return this assertion
   */
  public HostAssert hasListenerOn(int port) {
    isNotNull();
    List<MemoryListeningPort> ports = actual.reactor().listeningPorts();
    if (ports.stream().noneMatch(p -> p.port() == port)) {
      failWithMessage("Expecting host %s to listen on port %d but its listening ports were:%n  %s",
          actual, port, ports);
    }
    return this;
  }

  /**
   * Verifies that the host's reactor listens on no TCP port.
   *
   * @return this assertion
   */
  public HostAssert hasNoListeners() {
    isNotNull();
    List<MemoryListeningPort> ports = actual.reactor().listeningPorts();
    if (!ports.isEmpty()) {
      failWithMessage("Expecting host %s to listen on no port but it listens on:%n  %s",
          actual, ports);
    }
    return this;
  }

  /**
   * Verifies how many connections of the host's reactor are open, both those it made and those
   * it accepted.
   *
   * @param count the expected number
   * @return this assertion
   */
  public HostAssert hasOpenConnections(int count) {
    isNotNull();
    var open = actual.reactor().openConnections();
    if (open.size() != count) {
      failWithMessage("Expecting host %s to have %d open connections but it has %d:%n  %s",
          actual, count, open.size(), open);
    }
    return this;
  }
}
