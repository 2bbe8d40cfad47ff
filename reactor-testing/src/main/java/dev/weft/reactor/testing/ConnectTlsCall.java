package dev.weft.reactor.testing;

import dev.weft.reactor.ClientFactory;
import dev.weft.reactor.tls.TlsConfig;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The arguments of one {@code connectTLS} call recorded by a {@link MemoryReactor}, exactly as
 * given, with the connector it returned. A TLS connect is a TCP connect with the TLS layer in
 * front of {@code factory}: its attempts are {@link ClientAttempt}s like any other (see
 * {@link MemoryConnector#attempts()}), and completing one with
 * {@link ClientAttempt#connectTo(MemoryListeningPort)} a port opened by {@code listenTLS} runs a
 * real TLS handshake in memory.
 *
 * @param host the host name or IP literal
 * @param port the port
 * @param factory the application's client factory
 * @param config the client config
 * @param timeout the connect timeout
 * @param bindAddress the local address to bind, or {@code null}
 * @param connector the connector the call returned
 */
public record ConnectTlsCall(
    String host,
    int port,
    ClientFactory factory,
    TlsConfig config,
    Duration timeout,
    @Nullable SocketAddress bindAddress,
    MemoryConnector connector) {

  /**
   * Checks the components.
   *
   * @param host the host name or IP literal
   * @param port the port
   * @param factory the application's client factory
   * @param config the client config
   * @param timeout the connect timeout
   * @param bindAddress the local address to bind, or {@code null}
   * @param connector the connector the call returned
   */
  public ConnectTlsCall {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(factory, "factory");
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(connector, "connector");
  }
}
