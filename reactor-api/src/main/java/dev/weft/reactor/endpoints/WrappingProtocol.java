package dev.weft.reactor.endpoints;

import dev.weft.reactor.ConnectionEndedException;
import dev.weft.reactor.HalfCloseableProtocol;
import dev.weft.reactor.Protocol;
import dev.weft.reactor.Transport;
import java.nio.ByteBuffer;

/**
 * Stands between the reactor and the user's protocol of an endpoint connection so the endpoint
 * (or a {@link ClientService}) learns when {@code connectionMade} has run and when the connection
 * ended; every callback is passed on unchanged, the hooks run after the user's callback.
 *
 * <p>Twisted: {@code endpoints._WrappingProtocol}.
 */
class WrappingProtocol implements Protocol {

  /** What the wrapper tells its owner. */
  interface Hooks {
    /** The user's {@code makeConnection}, and so its {@code connectionMade}, returned. */
    default void made(Protocol wrapped, Transport transport) {}

    /** The user's {@code connectionLost} returned (or threw). */
    default void lost(ConnectionEndedException reason) {}
  }

  final Protocol wrapped;
  private final Hooks hooks;

  WrappingProtocol(Protocol wrapped, Hooks hooks) {
    this.wrapped = wrapped;
    this.hooks = hooks;
  }

  /**
   * Wraps {@code wrapped}, keeping it half-closeable when it is, so the reactor treats the pair
   * exactly as it would treat the user's protocol.
   */
  static Protocol wrap(Protocol wrapped, Hooks hooks) {
    return wrapped instanceof HalfCloseableProtocol
        ? new HalfCloseable(wrapped, hooks)
        : new WrappingProtocol(wrapped, hooks);
  }

  @Override
  public void makeConnection(Transport transport) {
    wrapped.makeConnection(transport);
    hooks.made(wrapped, transport);
  }

  @Override
  public void dataReceived(ByteBuffer data) {
    wrapped.dataReceived(data);
  }

  @Override
  public void writabilityChanged(boolean writable) {
    wrapped.writabilityChanged(writable);
  }

  @Override
  public void connectionLost(ConnectionEndedException reason) {
    try {
      wrapped.connectionLost(reason);
    } finally {
      hooks.lost(reason);
    }
  }

  @Override
  public String toString() {
    return wrapped.toString();
  }

  private static final class HalfCloseable extends WrappingProtocol
      implements HalfCloseableProtocol {
    HalfCloseable(Protocol wrapped, Hooks hooks) {
      super(wrapped, hooks);
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
