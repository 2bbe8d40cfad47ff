package dev.weft.reactor.testing.assertj;

import dev.weft.reactor.testing.ConnectTcpCall;
import dev.weft.reactor.testing.ConnectUnixCall;
import dev.weft.reactor.testing.ListenTcpCall;
import dev.weft.reactor.testing.MemoryReactor;
import java.nio.file.Path;
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

  /**
   * Verifies that some {@code connectUNIX} (or retry) went to {@code path}.
   *
   * @param path the expected socket path, as passed to {@code connectUNIX}
   * @return this assertion
   */
  public MemoryReactorAssert hasUnixClientAttemptTo(Path path) {
    Objects.requireNonNull(path, "path");
    isNotNull();
    List<ConnectUnixCall> calls = actual.connectUnixCalls();
    if (calls.stream().noneMatch(c -> c.path().equals(path))) {
      failWithMessage(
          "Expecting a connectUNIX to %s but the recorded attempts were:%n  %s", path, calls);
    }
    return this;
  }

  /**
   * Verifies that some {@code connectUNIX} went to {@code path} with exactly this timeout.
   *
   * @param path the expected socket path
   * @param timeout the expected connect timeout
   * @return this assertion
   */
  public MemoryReactorAssert hasUnixClientAttemptTo(Path path, Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    hasUnixClientAttemptTo(path);
    List<ConnectUnixCall> calls = actual.connectUnixCalls();
    if (calls.stream().noneMatch(c -> c.path().equals(path) && c.timeout().equals(timeout))) {
      failWithMessage(
          "Expecting a connectUNIX to %s with timeout %s but the recorded attempts were:%n  %s",
          path, timeout, calls);
    }
    return this;
  }

  /**
   * Verifies that no {@code connectUNIX} was made.
   *
   * @return this assertion
   */
  public MemoryReactorAssert hasNoUnixClientAttempts() {
    isNotNull();
    if (!actual.connectUnixCalls().isEmpty()) {
      failWithMessage("Expecting no connectUNIX but found:%n  %s", actual.connectUnixCalls());
    }
    return this;
  }

  /**
   * Verifies that a {@code listenUNIX} port is listening on {@code path}.
   *
   * @param path the socket path
   * @return this assertion
   */
  public MemoryReactorAssert hasUnixListenerOn(Path path) {
    Objects.requireNonNull(path, "path");
    isNotNull();
    if (actual.unixListenerAt(path) == null) {
      failWithMessage(
          "Expecting a UNIX port listening on %s but the listening UNIX ports were:%n  %s%n"
              + "recorded listenUNIX calls:%n  %s",
          path, actual.unixListeningPorts(), actual.listenUnixCalls());
    }
    return this;
  }

  /**
   * Verifies that no {@code listenUNIX} port is listening.
   *
   * @return this assertion
   */
  public MemoryReactorAssert hasNoUnixListeners() {
    isNotNull();
    if (!actual.unixListeningPorts().isEmpty()) {
      failWithMessage(
          "Expecting no listening UNIX port but found:%n  %s", actual.unixListeningPorts());
    }
    return this;
  }
}
