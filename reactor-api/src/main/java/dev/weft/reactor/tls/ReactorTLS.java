package dev.weft.reactor.tls;

import dev.weft.reactor.CannotListenException;
import dev.weft.reactor.ClientFactory;
import dev.weft.reactor.Connector;
import dev.weft.reactor.ListeningPort;
import dev.weft.reactor.ProtocolFactory;
import dev.weft.reactor.ReactorTCP;
import java.net.SocketAddress;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * TLS servers and clients over TCP. Methods must be called on the reactor thread.
 *
 * <p>A TLS connection is a TCP connection with the {@link TlsLayer} between the socket and the
 * protocol: the protocol's transport is a {@link TlsTransport}; its {@code connectionMade} runs
 * as soon as TCP connects (writes made before the handshake completes are sent after it), a
 * protocol that implements {@link TlsHandshakeListener} hears when the handshake completes, and a
 * failed handshake ends the connection with a {@link TlsHandshakeException}, reported to
 * {@code connectionLost} and to a client factory's {@code clientConnectionLost}. The same layer
 * runs on the production reactor and on the fakes.
 *
 * <p>Twisted: {@code IReactorSSL}.
 */
public interface ReactorTLS {

  /**
   * Listens for TLS connections; each accepted connection gets a protocol from {@code factory}
   * behind the TLS layer.
   *
   * @param port the port, or 0 for a free one
   * @param factory builds the protocols; its {@code doStart} runs now
   * @param config a {@link TlsRole#SERVER} config
   * @param backlog the accept queue length, not negative
   * @param networkInterface the local IP address to listen on, or {@link ReactorTCP#ALL_INTERFACES}
   * @return the listening port
   * @throws CannotListenException if the port cannot be opened
   * @throws IllegalArgumentException if {@code config} is a client config, or as
   *     {@link ReactorTCP#listenTCP(int, ProtocolFactory, int, String)}
   */
  ListeningPort listenTLS(
      int port, ProtocolFactory factory, TlsConfig config, int backlog, String networkInterface);

  /**
   * Listens on all interfaces with the default backlog; see
   * {@link #listenTLS(int, ProtocolFactory, TlsConfig, int, String)}.
   *
   * @param port the port, or 0 for a free one
   * @param factory builds the protocols
   * @param config a server config
   * @return the listening port
   */
  default ListeningPort listenTLS(int port, ProtocolFactory factory, TlsConfig config) {
    return listenTLS(port, factory, config, ReactorTCP.DEFAULT_BACKLOG, ReactorTCP.ALL_INTERFACES);
  }

  /**
   * Connects to a TLS server. Returns at once; {@code factory} hears how the TCP attempt goes as
   * with {@link ReactorTCP#connectTCP}, and a failed handshake as {@code clientConnectionLost}
   * with a {@link TlsHandshakeException}.
   *
   * @param host a host name or IP literal; unless {@link TlsConfig#serverName()} is set, the
   *     server's certificate must be valid for it and a host name is sent as SNI
   * @param port the port
   * @param factory builds the protocol and hears how the attempt goes
   * @param config a {@link TlsRole#CLIENT} config
   * @param timeout how long the TCP attempt may take, not negative (the handshake has its own
   *     {@link TlsConfig#handshakeTimeout()})
   * @param bindAddress the local address to connect from, or {@code null} for any
   * @return the connector for this attempt
   * @throws IllegalArgumentException if {@code config} is a server config, or as
   *     {@link ReactorTCP#connectTCP(String, int, ClientFactory, Duration, SocketAddress)}
   */
  Connector connectTLS(
      String host,
      int port,
      ClientFactory factory,
      TlsConfig config,
      Duration timeout,
      @Nullable SocketAddress bindAddress);

  /**
   * Connects with the default TCP timeout from any local address; see
   * {@link #connectTLS(String, int, ClientFactory, TlsConfig, Duration, SocketAddress)}.
   *
   * @param host a host name or IP literal
   * @param port the port
   * @param factory builds the protocol and hears how the attempt goes
   * @param config a client config
   * @return the connector
   */
  default Connector connectTLS(String host, int port, ClientFactory factory, TlsConfig config) {
    return connectTLS(host, port, factory, config, ReactorTCP.DEFAULT_CONNECT_TIMEOUT, null);
  }
}
