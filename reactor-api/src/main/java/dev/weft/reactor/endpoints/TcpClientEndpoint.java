package dev.weft.reactor.endpoints;

import dev.weft.reactor.ConnectCancelledException;
import dev.weft.reactor.Connector;
import dev.weft.reactor.Deferred;
import dev.weft.reactor.Protocol;
import dev.weft.reactor.ProtocolFactory;
import dev.weft.reactor.ReactorTCP;
import dev.weft.reactor.internal.Checks;
import dev.weft.reactor.internal.ReactorExecutors;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Connects with one {@link ReactorTCP#connectTCP} call: the reactor resolves a host name and
 * connects to its first address. Immutable and thread-safe as a value; {@link #connect} must be
 * called on the reactor thread.
 *
 * <p>The returned Deferred completes with the user's protocol after its {@code connectionMade},
 * or fails with the attempt's {@link dev.weft.reactor.ConnectFailedException} (refused, timed
 * out, DNS failure); when {@code connectTCP} itself throws (a stopped reactor, a call from the
 * wrong thread), the Deferred fails with that exception, wrapped in a
 * {@code ConnectFailedException} unless it is one, and {@code connect} returns normally. Cancelling it before then stops the attempt
 * ({@link Connector#stopConnecting()}) and fails it with {@link ConnectCancelledException}.
 *
 * <p>Twisted: {@code TCP4ClientEndpoint}.
 */
public final class TcpClientEndpoint implements ClientEndpoint {
  private final ReactorTCP tcp;
  private final String host;
  private final int port;
  private final Duration timeout;
  private final @Nullable SocketAddress bindAddress;

  /**
   * Creates an endpoint with the default timeout ({@link ReactorTCP#DEFAULT_CONNECT_TIMEOUT}),
   * connecting from any local address.
   *
   * @param tcp the reactor to connect with
   * @param host a host name or IP literal
   * @param port the port, 0..65535
   * @throws IllegalArgumentException if {@code host} is empty or {@code port} is out of range
   */
  public TcpClientEndpoint(ReactorTCP tcp, String host, int port) {
    this(tcp, host, port, ReactorTCP.DEFAULT_CONNECT_TIMEOUT, null);
  }

  /**
   * Creates an endpoint.
   *
   * @param tcp the reactor to connect with
   * @param host a host name or IP literal
   * @param port the port, 0..65535
   * @param timeout how long each attempt may take, not negative
   * @param bindAddress the local address to connect from, or {@code null} for any
   * @throws IllegalArgumentException if {@code host} is empty, {@code port} is out of range or
   *     {@code timeout} is negative
   */
  public TcpClientEndpoint(
      ReactorTCP tcp,
      String host,
      int port,
      Duration timeout,
      @Nullable SocketAddress bindAddress) {
    this.tcp = Objects.requireNonNull(tcp, "tcp");
    this.host = checkHost(host);
    this.port = Checks.port(port);
    this.timeout = Checks.nonNegative(timeout, "timeout");
    this.bindAddress = bindAddress;
  }

  static String checkHost(String host) {
    Objects.requireNonNull(host, "host");
    if (host.isBlank()) {
      throw new IllegalArgumentException("host must not be blank: \"" + host + "\"");
    }
    return host;
  }

  @Override
  public Deferred<Protocol> connect(ProtocolFactory factory) {
    Objects.requireNonNull(factory, "factory");
    ConnectingFactory[] attempt = new ConnectingFactory[1];
    Deferred<Protocol> result =
        new Deferred<>(
            ReactorExecutors.of(tcp),
            self -> {
              attempt[0].stop();
              if (!self.isDone()) {
                self.completeExceptionally(
                    new ConnectCancelledException(
                        "connection attempt to " + host + ":" + port + " was cancelled"));
              }
            });
    attempt[0] = new ConnectingFactory(factory, result);
    try {
      attempt[0].attach(tcp.connectTCP(host, port, attempt[0], timeout, bindAddress));
    } catch (RuntimeException thrown) {
      // The contract: a connect failure fails the Deferred; nothing escapes from here.
      if (!result.isDone()) {
        result.completeExceptionally(
            ConnectingFactory.connectTcpFailed(host + ":" + port, thrown));
      }
    }
    return result;
  }

  /**
   * Returns the host this endpoint connects to.
   *
   * @return the host name or IP literal, never {@code null}
   */
  public String host() {
    return host;
  }

  /**
   * Returns the port this endpoint connects to.
   *
   * @return the port
   */
  public int port() {
    return port;
  }

  /**
   * Returns how long an attempt may take.
   *
   * @return the connect timeout, never {@code null}
   */
  public Duration timeout() {
    return timeout;
  }

  /**
   * Returns the local address connections are made from.
   *
   * @return the bind address, or {@code null} for any
   */
  public @Nullable SocketAddress bindAddress() {
    return bindAddress;
  }

  @Override
  public String toString() {
    return "TcpClientEndpoint[" + host + ":" + port + ", timeout=" + timeout
        + (bindAddress == null ? "" : ", bindAddress=" + bindAddress) + "]";
  }
}
