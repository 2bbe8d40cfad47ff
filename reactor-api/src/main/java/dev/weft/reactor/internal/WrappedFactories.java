package dev.weft.reactor.internal;

import dev.weft.reactor.ClientFactory;
import dev.weft.reactor.ConnectFailedException;
import dev.weft.reactor.ConnectionEndedException;
import dev.weft.reactor.Connector;
import dev.weft.reactor.Protocol;
import dev.weft.reactor.ProtocolFactory;
import java.net.SocketAddress;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * Factories that wrap each protocol another factory builds (in a TLS layer, a recorder, ...) and
 * pass every other call through unchanged; a factory that builds no protocol still builds none.
 */
public final class WrappedFactories {
  private WrappedFactories() {}

  /**
   * Wraps a server factory.
   *
   * @param factory the factory whose protocols are wrapped
   * @param wrap wraps one built protocol
   * @param label what the wrapper adds, for {@code toString}: {@code "recording"}
   * @return the wrapping factory
   */
  public static ProtocolFactory server(
      ProtocolFactory factory, UnaryOperator<Protocol> wrap, String label) {
    return new Server(factory, wrap, label);
  }

  /**
   * Wraps a client factory; its connection callbacks are passed through.
   *
   * @param factory the factory whose protocols are wrapped
   * @param wrap wraps one built protocol
   * @param label what the wrapper adds, for {@code toString}
   * @return the wrapping factory
   */
  public static ClientFactory client(
      ClientFactory factory, UnaryOperator<Protocol> wrap, String label) {
    return new Client(factory, wrap, label);
  }

  /** Wraps what {@code factory} builds; passes its start and stop through. */
  private static class Server implements ProtocolFactory {
    private final ProtocolFactory factory;
    private final UnaryOperator<Protocol> wrap;
    private final String label;

    Server(ProtocolFactory factory, UnaryOperator<Protocol> wrap, String label) {
      this.factory = Objects.requireNonNull(factory, "factory");
      this.wrap = Objects.requireNonNull(wrap, "wrap");
      this.label = label;
    }

    @Override
    public @Nullable Protocol buildProtocol(SocketAddress peer) {
      Protocol built = factory.buildProtocol(peer);
      return built == null ? null : wrap.apply(built);
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
      return label + " " + factory;
    }
  }

  /** {@link Server}, and the client factory's connection callbacks passed through too. */
  private static final class Client extends Server implements ClientFactory {
    private final ClientFactory client;

    Client(ClientFactory factory, UnaryOperator<Protocol> wrap, String label) {
      super(factory, wrap, label);
      this.client = factory;
    }

    @Override
    public void startedConnecting(Connector connector) {
      client.startedConnecting(connector);
    }

    @Override
    public void clientConnectionFailed(Connector connector, ConnectFailedException reason) {
      client.clientConnectionFailed(connector, reason);
    }

    @Override
    public void clientConnectionLost(Connector connector, ConnectionEndedException reason) {
      client.clientConnectionLost(connector, reason);
    }
  }
}
