package dev.weft.reactor.testing.assertj;

import dev.weft.reactor.Deferred;
import dev.weft.reactor.testing.Clock;
import dev.weft.reactor.testing.MemoryReactor;
import dev.weft.reactor.testing.RecordingTransport;
import dev.weft.reactor.testing.net.Host;
import dev.weft.reactor.testing.net.Link;
import dev.weft.reactor.testing.net.Network;

/**
 * The AssertJ entry point for Weft's fakes. Named so it does not clash with AssertJ's own
 * {@code Assertions}: import both statically.
 *
 * <pre>{@code
 * import static dev.weft.reactor.testing.assertj.ReactorAssertions.assertThat;
 *
 * assertThat(reactor).hasClientAttemptTo("example.com", 80);
 * assertThat(connection.transport()).hasWrittenText("GET / HTTP/1.1\r\n...");
 * assertThat(page).failedWith(ConnectTimeoutException.class);
 * assertThat(network).isPartitioned(client, server).isQuiet();
 * }</pre>
 */
public final class ReactorAssertions {
  private ReactorAssertions() {}

  /**
   * Starts assertions on a Deferred; they never wait.
   *
   * @param actual the Deferred
   * @param <T> its result type
   * @return the assertion
   */
  public static <T> DeferredAssert<T> assertThat(Deferred<T> actual) {
    return new DeferredAssert<>(actual);
  }

  /**
   * Starts assertions on what a fake reactor recorded.
   *
   * @param actual the reactor
   * @return the assertion
   */
  public static MemoryReactorAssert assertThat(MemoryReactor actual) {
    return new MemoryReactorAssert(actual);
  }

  /**
   * Starts assertions on what a protocol wrote to a recording transport.
   *
   * @param actual the transport
   * @return the assertion
   */
  public static RecordingTransportAssert assertThat(RecordingTransport actual) {
    return new RecordingTransportAssert(actual);
  }

  /**
   * Starts assertions on a fake Clock.
   *
   * @param actual the Clock
   * @return the assertion
   */
  public static ClockAssert assertThat(Clock actual) {
    return new ClockAssert(actual);
  }

  /**
   * Starts assertions on one host of a simulated network.
   *
   * @param actual the host
   * @return the assertion
   */
  public static HostAssert assertThat(Host actual) {
    return new HostAssert(actual);
  }

  /**
   * Starts assertions on one link of a simulated network.
   *
   * @param actual the link
   * @return the assertion
   */
  public static LinkAssert assertThat(Link actual) {
    return new LinkAssert(actual);
  }

  /**
   * Starts assertions on a simulated network.
   *
   * @param actual the network
   * @return the assertion
   */
  public static NetworkAssert assertThat(Network actual) {
    return new NetworkAssert(actual);
  }
}
