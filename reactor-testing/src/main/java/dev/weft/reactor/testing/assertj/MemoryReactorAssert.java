package dev.weft.reactor.testing.assertj;

import dev.weft.reactor.testing.ConnectTcpCall;
import dev.weft.reactor.testing.ListenTcpCall;
import dev.weft.reactor.testing.MemoryReactor;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on what a {@link MemoryReactor} recorded. Obtain one with
 * {@link ReactorAssertions#assertThat(MemoryReactor)}.
 */
public final class MemoryReactorAssert extends AbstractAssert<MemoryReactorAssert, MemoryReactor> {

  MemoryReactorAssert(MemoryReactor actual) {
    super(actual, MemoryReactorAssert.class);
  }

  /**
   * Verifies that some {@code connectTCP} (or retry) went to {@code host:port}.
   *
   * @param host the expected host, as passed to {@code connectTCP}
   * @param port the expected port
   * @return this assertion
   */
  public MemoryReactorAssert hasClientAttemptTo(String host, int port) {
    Objects.requireNonNull(host, "host");
    isNotNull();
    List<ConnectTcpCall> calls = actual.connectTcpCalls();
    if (calls.stream().noneMatch(c -> c.host().equals(host) && c.port() == port)) {
      failWithMessage(
          "Expecting a connectTCP to %s:%d but the recorded attempts were:%n  %s",
          host, port, calls);
    }
    return this;
  }

  /**
   * Verifies that some {@code connectTCP} went to {@code host:port} with exactly this timeout.
   *
   * @param host the expected host
   * @param port the expected port
   * @param timeout the expected connect timeout
   * @return this assertion
   */
  public MemoryReactorAssert hasClientAttemptTo(String host, int port, Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    hasClientAttemptTo(host, port);
    List<ConnectTcpCall> calls = actual.connectTcpCalls();
    if (calls.stream()
        .noneMatch(c -> c.host().equals(host) && c.port() == port && c.timeout().equals(timeout))) {
      failWithMessage(
          "Expecting a connectTCP to %s:%d with timeout %s but the recorded attempts were:%n  %s",
          host, port, timeout, calls);
    }
    return this;
  }

  /**
   * Verifies that no {@code connectTCP} was made.
   *
   * @return this assertion
   */
  public MemoryReactorAssert hasNoClientAttempts() {
    isNotNull();
    if (!actual.connectTcpCalls().isEmpty()) {
      failWithMessage("Expecting no connectTCP but found:%n  %s", actual.connectTcpCalls());
    }
    return this;
  }

  /**
   * Verifies that a port is listening on {@code port} (as asked for in {@code listenTCP}, or as
   * assigned when 0 was asked for).
   *
   * @param port the port
   * @return this assertion
   */
  public MemoryReactorAssert hasListenerOn(int port) {
    isNotNull();
    if (actual.listeningPorts().stream().noneMatch(p -> p.port() == port)) {
      List<ListenTcpCall> calls = actual.listenTcpCalls();
      failWithMessage(
          "Expecting a port listening on %d but the listening ports were:%n  %s%nrecorded listenTCP calls:%n  %s",
          port, actual.listeningPorts(), calls);
    }
    return this;
  }

  /**
   * Verifies that no port is listening.
   *
   * @return this assertion
   */
  public MemoryReactorAssert hasNoListeners() {
    isNotNull();
    if (!actual.listeningPorts().isEmpty()) {
      failWithMessage("Expecting no listening port but found:%n  %s", actual.listeningPorts());
    }
    return this;
  }

  /**
   * Verifies the number of open fake connections.
   *
   * @param expected how many should be open
   * @return this assertion
   */
  public MemoryReactorAssert hasOpenConnections(int expected) {
    isNotNull();
    int open = actual.openConnections().size();
    if (open != expected) {
      failWithMessage(
          "Expecting %d open connections but found %d:%n  %s",
          expected, open, actual.openConnections());
    }
    return this;
  }
}
