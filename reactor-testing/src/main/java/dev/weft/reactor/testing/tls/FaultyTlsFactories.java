package dev.weft.reactor.testing.tls;

import dev.weft.reactor.ClientFactory;
import dev.weft.reactor.ConnectFailedException;
import dev.weft.reactor.ConnectionEndedException;
import dev.weft.reactor.Connector;
import dev.weft.reactor.Protocol;
import dev.weft.reactor.ProtocolFactory;
import java.net.SocketAddress;
import org.jspecify.annotations.Nullable;

/**
 * Factories that put a {@link TlsFault} in front of every TLS layer another factory builds, so
 * a fault reaches connections the test does not pump by hand (a simulated network's links).
 * Everything but {@code buildProtocol} is forwarded unchanged.
 */
final class FaultyTlsFactories {
  private FaultyTlsFactories() {}

  static ProtocolFactory server(TlsFault fault, ProtocolFactory layers) {
    return new Server<>(fault, layers);
  }

  static ClientFactory client(TlsFault fault, ClientFactory layers) {
    return new Client(fault, layers);
  }

  /** Wraps what {@code layers} builds; forwards the lifecycle. */
  private static class Server<F extends ProtocolFactory> implements ProtocolFactory {
    final TlsFault fault;
    final F layers;

    Server(TlsFault fault, F layers) {
      this.fault = fault;
      this.layers = layers;
    }

    @Override
    public @Nullable Protocol buildProtocol(SocketAddress peer) {
      Protocol layer = layers.buildProtocol(peer);
      return layer == null ? null : fault.wrap(layer);
    }

    @Override
    public void doStart() {
      layers.doStart();
    }

    @Override
    public void doStop() {
      layers.doStop();
    }

    @Override
    public String toString() {
      return fault + " on " + layers;
    }
  }

  /** The same, plus the client callbacks, forwarded unchanged. */
  private static final class Client extends Server<ClientFactory> implements ClientFactory {
    Client(TlsFault fault, ClientFactory layers) {
      super(fault, layers);
    }

    @Override
    public void startedConnecting(Connector connector) {
      layers.startedConnecting(connector);
    }

    @Override
    public void clientConnectionFailed(Connector connector, ConnectFailedException reason) {
      layers.clientConnectionFailed(connector, reason);
    }

    @Override
    public void clientConnectionLost(Connector connector, ConnectionEndedException reason) {
      layers.clientConnectionLost(connector, reason);
    }
  }
}
