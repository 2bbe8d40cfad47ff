package dev.weft.reactor.tls;

import dev.weft.reactor.ClientFactory;
import dev.weft.reactor.ConnectFailedException;
import dev.weft.reactor.ConnectionEndedException;
import dev.weft.reactor.Connector;
import dev.weft.reactor.Protocol;
import dev.weft.reactor.ProtocolFactory;
import dev.weft.reactor.Reactor;
import dev.weft.reactor.internal.WrappedFactories;
import java.net.SocketAddress;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The TLS layer: wraps a protocol (or every protocol a factory builds) so that it speaks TLS over
 * whatever transport the wrapper is attached to. {@link ReactorTLS} implementations are this
 * layer over TCP, on the production reactor and on the fakes alike; use it directly to run TLS
 * over a transport of your own, or for STARTTLS.
 *
 * <pre>{@code
 * // A server that starts plaintext and upgrades when its protocol calls startTLS:
 * reactor.listenTCP(port, TlsLayer.startTlsServer(SmtpServer.factory(), reactor));
 * // ...later, inside the protocol, once it answered "220 Ready to start TLS":
 * ((TlsTransport) transport()).startTLS(serverConfig);
 * }</pre>
 *
 * <p>The wrapped protocol receives a {@link TlsTransport}; the returned protocol is what the
 * transport underneath drives. All of it runs on the reactor thread: the reactor's time bounds
 * the handshake ({@link TlsConfig#handshakeTimeout()}), and its blocking pool runs the engine's
 * delegated tasks if the config asks for that.
 *
 * <p>Twisted: {@code twisted.protocols.tls.TLSMemoryBIOFactory} and
 * {@code TLSMemoryBIOProtocol}; Netty: {@code SslHandler}.
 */
public final class TlsLayer {
  private TlsLayer() {}

  /**
   * Wraps one protocol in TLS.
   *
   * @param protocol the application protocol; it sees a {@link TlsTransport}
   * @param config the config for this side
   * @param reactor gives the handshake timeout its clock and delegated tasks their pool
   * @param peerHost for a client, the server's host name or IP literal (checked against its
   *     certificate and sent as SNI, unless {@link TlsConfig#serverName()} is set); for a server,
   *     ignored ({@code null} is fine)
   * @param peerPort the peer's port, or -1
   * @return the protocol to attach to the transport underneath
   * @throws IllegalArgumentException if a verifying client has no host to verify
   */
  public static Protocol wrap(
      Protocol protocol, TlsConfig config, Reactor reactor, @Nullable String peerHost, int peerPort) {
    Objects.requireNonNull(protocol, "protocol");
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(reactor, "reactor");
    if (config.role() == TlsRole.CLIENT && config.hostnameVerification()
        && config.serverName() == null && peerHost == null) {
      throw new IllegalArgumentException(
          "a TLS client that verifies host names needs the server's host: pass peerHost, or set "
              + "TlsConfig.Builder.serverName(String)");
    }
    return new TlsConnection(protocol, config, reactor, peerHost, peerPort);
  }

  /**
   * Wraps every protocol {@code factory} builds in TLS as a server; {@code doStart} and
   * {@code doStop} pass through.
   *
   * @param factory builds the application protocols
   * @param config a {@link TlsRole#SERVER} config
   * @param reactor the reactor the connections run on
   * @return the factory to give {@code listenTCP}
   * @throws IllegalArgumentException if {@code config} is a client config
   */
  public static ProtocolFactory server(ProtocolFactory factory, TlsConfig config, Reactor reactor) {
    Objects.requireNonNull(factory, "factory");
    requireRole(config, TlsRole.SERVER, "listenTLS");
    Objects.requireNonNull(reactor, "reactor");
    return serverFactory(factory, reactor, config);
  }

  /**
   * Wraps every protocol {@code factory} builds in TLS as a client of {@code host}; every other
   * callback passes through with the same connector and reason.
   *
   * @param factory builds the application protocol and hears how attempts go
   * @param config a {@link TlsRole#CLIENT} config
   * @param reactor the reactor the connection runs on
   * @param host the host given to {@code connectTCP}: what the certificate must match
   * @param port the port given to {@code connectTCP}
   * @return the factory to give {@code connectTCP}
   * @throws IllegalArgumentException if {@code config} is a server config
   */
  public static ClientFactory client(
      ClientFactory factory, TlsConfig config, Reactor reactor, String host, int port) {
    Objects.requireNonNull(factory, "factory");
    requireRole(config, TlsRole.CLIENT, "connectTLS");
    Objects.requireNonNull(reactor, "reactor");
    Objects.requireNonNull(host, "host");
    return new ClientFactoryWrapper(factory, reactor, config, host, port);
  }

  /**
   * Wraps every protocol {@code factory} builds in a layer that carries plaintext until the
   * protocol calls {@link TlsTransport#startTLS(TlsConfig)}: the server side of STARTTLS.
   *
   * @param factory builds the application protocols
   * @param reactor the reactor the connections run on
   * @return the factory to give {@code listenTCP}
   */
  public static ProtocolFactory startTlsServer(ProtocolFactory factory, Reactor reactor) {
    Objects.requireNonNull(factory, "factory");
    Objects.requireNonNull(reactor, "reactor");
    return serverFactory(factory, reactor, null);
  }

  /**
   * Wraps every protocol {@code factory} builds in a layer that carries plaintext until the
   * protocol calls {@link TlsTransport#startTLS(TlsConfig)}: the client side of STARTTLS. Give
   * the client config a {@link TlsConfig.Builder#serverName(String) server name} to verify.
   *
   * @param factory builds the application protocol and hears how attempts go
   * @param reactor the reactor the connection runs on
   * @return the factory to give {@code connectTCP}
   */
  public static ClientFactory startTlsClient(ClientFactory factory, Reactor reactor) {
    Objects.requireNonNull(factory, "factory");
    Objects.requireNonNull(reactor, "reactor");
    return new ClientFactoryWrapper(factory, reactor, null, null, -1);
  }

  /**
   * Wraps one protocol in a plaintext-first STARTTLS layer; see {@link #startTlsServer}.
   *
   * @param protocol the application protocol; it sees a {@link TlsTransport}
   * @param reactor the reactor the connection runs on
   * @return the protocol to attach to the transport underneath
   */
  public static Protocol startTls(Protocol protocol, Reactor reactor) {
    return new TlsConnection(
        Objects.requireNonNull(protocol, "protocol"), null, Objects.requireNonNull(reactor, "reactor"),
        null, -1);
  }

  /**
   * Returns the application protocol inside a TLS layer, for tests and tools that hold the
   * protocol a transport drives.
   *
   * @param protocol a protocol, wrapped or not
   * @return the protocol the layer wraps, or {@code protocol} itself if it is not a TLS layer
   */
  public static Protocol unwrap(Protocol protocol) {
    return protocol instanceof TlsConnection layer ? layer.user : protocol;
  }

  /**
   * Returns the transport a TLS layer gives the protocol it wraps, for tests and tools that hold
   * the layer (the protocol the transport underneath drives) and need the TLS side of it: its
   * session, its handshake.
   *
   * @param protocol a protocol, wrapped or not
   * @return the layer's {@link TlsTransport}, or {@code null} if {@code protocol} is not a TLS
   *     layer made by this class
   */
  public static @Nullable TlsTransport transportOf(Protocol protocol) {
    return protocol instanceof TlsConnection layer ? layer.front : null;
  }

  /**
   * Tells whether {@code protocol} is a TLS layer made by this class.
   *
   * @param protocol any protocol
   * @return {@code true} for a layer
   */
  public static boolean isLayer(Protocol protocol) {
    return protocol instanceof TlsConnection;
  }

  /**
   * Checks that {@code config} is for {@code role}, for the methods of {@link ReactorTLS}.
   *
   * @param config the config
   * @param role the role the method needs
   * @param method the method's name, for the message
   * @return {@code config}
   * @throws IllegalArgumentException naming the method and the config if the role is wrong
   */
  public static TlsConfig requireRole(TlsConfig config, TlsRole role, String method) {
    Objects.requireNonNull(config, "config");
    if (config.role() != role) {
      throw new IllegalArgumentException(
          method + " needs a " + role + " config (TlsConfig." + role.name().toLowerCase(Locale.ROOT)
              + "(...)): " + config);
    }
    return config;
  }

  /** Wraps each protocol {@code factory} builds in a server-side TLS layer. */
  private static ProtocolFactory serverFactory(
      ProtocolFactory factory, Reactor reactor, @Nullable TlsConfig config) {
    return WrappedFactories.server(
        factory,
        built -> new TlsConnection(built, config, reactor, null, -1),
        config == null ? "STARTTLS" : "TLS");
  }

  private static final class ClientFactoryWrapper implements ClientFactory {
    private final ClientFactory factory;
    private final Reactor reactor;
    private final @Nullable TlsConfig config;
    private final @Nullable String host;
    private final int port;
    private @Nullable TlsConnection current;

    ClientFactoryWrapper(
        ClientFactory factory, Reactor reactor, @Nullable TlsConfig config, @Nullable String host,
        int port) {
      this.factory = factory;
      this.reactor = reactor;
      this.config = config;
      this.host = host;
      this.port = port;
    }

    @Override
    public @Nullable Protocol buildProtocol(SocketAddress peer) {
      Protocol built = factory.buildProtocol(peer);
      if (built == null) {
        return null;
      }
      TlsConnection layer = new TlsConnection(built, config, reactor, host, port);
      current = layer;
      return layer;
    }

    @Override
    public void startedConnecting(Connector connector) {
      factory.startedConnecting(connector);
    }

    @Override
    public void clientConnectionFailed(Connector connector, ConnectFailedException reason) {
      factory.clientConnectionFailed(connector, reason);
    }

    @Override
    public void clientConnectionLost(Connector connector, ConnectionEndedException reason) {
      // The factory hears what the protocol heard (a failed handshake, a truncation), not the
      // plain TCP reason underneath.
      TlsConnection layer = current;
      current = null;
      ConnectionEndedException told = layer == null ? null : layer.reasonTold();
      factory.clientConnectionLost(connector, told != null ? told : reason);
    }

    @Override
    public void doStart() {
      factory.doStart();
    }

    @Override
    public void doStop() {
      factory.doStop();
    }

    @Override
    public String toString() {
      return (config == null ? "STARTTLS " : "TLS ") + factory;
    }
  }
}
