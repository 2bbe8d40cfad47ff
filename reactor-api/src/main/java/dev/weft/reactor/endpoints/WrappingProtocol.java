package dev.weft.reactor.endpoints;

import dev.weft.reactor.ConnectionEndedException;
import dev.weft.reactor.HalfCloseableProtocol;
import dev.weft.reactor.Protocol;
import dev.weft.reactor.Transport;
import java.nio.ByteBuffer;
import java.util.function.Consumer;

/**
 * Stands between the reactor and the user's protocol of an endpoint connection so the endpoint
 * learns when {@code connectionMade} has run; every callback is passed on unchanged.
 *
 * <p>Twisted: {@code endpoints._WrappingProtocol}.
 */
class WrappingProtocol implements Protocol {
  final Protocol wrapped;
  private final Consumer<Protocol> onConnected;

  WrappingProtocol(Protocol wrapped, Consumer<Protocol> onConnected) {
    this.wrapped = wrapped;
    this.onConnected = onConnected;
  }

  /**
   * Wraps {@code wrapped}, keeping it half-closeable when it is, so the reactor treats the pair
   * exactly as it would treat the user's protocol.
   */
  static Protocol wrap(Protocol wrapped, Consumer<Protocol> onConnected) {
    return wrapped instanceof HalfCloseableProtocol
        ? new HalfCloseable(wrapped, onConnected)
        : new WrappingProtocol(wrapped, onConnected);
  }

  @Override
  public void makeConnection(Transport transport) {
    wrapped.makeConnection(transport);
    onConnected.accept(wrapped);
  }

  @Override
  public void dataReceived(ByteBuffer data) {
    wrapped.dataReceived(data);
  }

  @Override
  public void connectionLost(ConnectionEndedException reason) {
    wrapped.connectionLost(reason);
  }

  @Override
  public String toString() {
    return wrapped.toString();
  }

  private static final class HalfCloseable extends WrappingProtocol
      implements HalfCloseableProtocol {
    HalfCloseable(Protocol wrapped, Consumer<Protocol> onConnected) {
      super(wrapped, onConnected);
    }

    @Override
    public void readConnectionLost() {
      ((HalfCloseableProtocol) wrapped).readConnectionLost();
    }

    @Override
    public void writeConnectionLost() {
      ((HalfCloseableProtocol) wrapped).writeConnectionLost();
    }
  }
}
