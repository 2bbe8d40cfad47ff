package dev.weft.reactor.endpoints;

import dev.weft.reactor.ConnectCancelledException;
import dev.weft.reactor.Deferred;
import dev.weft.reactor.Protocol;
import dev.weft.reactor.ProtocolFactory;
import dev.weft.reactor.ReactorTCP;
import dev.weft.reactor.internal.Checks;
import dev.weft.reactor.internal.ReactorExecutors;
import dev.weft.reactor.tls.ReactorTLS;
import dev.weft.reactor.tls.TlsConfig;
import dev.weft.reactor.tls.TlsLayer;
import dev.weft.reactor.tls.TlsRole;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Connects with one {@link ReactorTLS#connectTLS} call. Immutable and thread-safe as a value;
 * {@link #connect} must be called on the reactor thread.
 *
 * <p>As with {@link TcpClientEndpoint}, the returned Deferred completes with the user's protocol
 * after its {@code connectionMade}, which under TLS runs when TCP connects, before the
 * handshake: writes made then are sent once it completes, and a failed handshake reaches the
 * protocol's {@code connectionLost} as a {@link dev.weft.reactor.tls.TlsHandshakeException}.
 * Cancelling the Deferred before it completes stops the attempt.
 *
 * <p>Twisted: {@code SSL4ClientEndpoint}.
 */
public final class TlsClientEndpoint implements ClientEndpoint {
  private final ReactorTLS tls;
  private final String host;
  private final int port;
  private final TlsConfig config;
  private final Duration timeout;
  private final @Nullable SocketAddress bindAddress;

  /**
   * Creates an endpoint with the default TCP timeout, connecting from any local address.
   *
   * @param tls the reactor to connect with
   * @param host a host name or IP literal: the name the server's certificate must match unless
   *     {@link TlsConfig#serverName()} is set
   * @param port the port, 0..65535
   * @param config a client config
   * @throws IllegalArgumentException if {@code host} is blank, {@code port} is out of range or
   *     {@code config} is a server config
   */
  public TlsClientEndpoint(ReactorTLS tls, String host, int port, TlsConfig config) {
    this(tls, host, port, config, ReactorTCP.DEFAULT_CONNECT_TIMEOUT, null);
  }

  /**
   * Creates an endpoint.
   *
   * @param tls the reactor to connect with
   * @param host a host name or IP literal
   * @param port the port, 0..65535
   * @param config a client config
   * @param timeout how long the TCP attempt may take, not negative
   * @param bindAddress the local address to connect from, or {@code null} for any
   * @throws IllegalArgumentException if {@code host} is blank, {@code port} is out of range,
   *     {@code timeout} is negative or {@code config} is a server config
   */
  public TlsClientEndpoint(
      ReactorTLS tls,
      String host,
      int port,
      TlsConfig config,
      Duration timeout,
      @Nullable SocketAddress bindAddress) {
    this.tls = Objects.requireNonNull(tls, "tls");
    this.host = TcpClientEndpoint.checkHost(host);
    this.port = Checks.port(port);
    this.config = TlsLayer.requireRole(config, TlsRole.CLIENT, "TlsClientEndpoint");
    this.timeout = Checks.nonNegative(timeout, "timeout");
    this.bindAddress = bindAddress;
  }

  @Override
  public Deferred<Protocol> connect(ProtocolFactory factory) {
    Objects.requireNonNull(factory, "factory");
    ConnectingFactory[] attempt = new ConnectingFactory[1];
    Deferred<Protocol> result =
        new Deferred<>(
            ReactorExecutors.of(tls),
            self -> {
              attempt[0].stop();
              if (!self.isDone()) {
                self.completeExceptionally(
                    new ConnectCancelledException(
                        "TLS connection attempt to " + host + ":" + port + " was cancelled"));
              }
            });
    attempt[0] = new ConnectingFactory(factory, result);
    attempt[0].attach(tls.connectTLS(host, port, attempt[0], config, timeout, bindAddress));
    return result;
  }

  /**
   * Returns the host this endpoint connects to.
   *
   * @return the host name or IP literal
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
   * Returns the TLS config of every connection.
   *
   * @return the client config
   */
  public TlsConfig config() {
    return config;
  }

  @Override
  public String toString() {
    return "TlsClientEndpoint[" + host + ":" + port + ", " + config + "]";
  }
}
