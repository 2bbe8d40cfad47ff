package dev.weft.reactor.udp;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A convenient base for datagram protocols: it keeps the transport and lets subclasses override
 * only the callbacks they need. Not thread-safe; the reactor calls it on its own thread.
 *
 * <p>Twisted: {@code DatagramProtocol}.
 */
public abstract class BaseDatagramProtocol implements DatagramProtocol {
  private @Nullable DatagramTransport transport;

  /** Creates a protocol that is not yet listening. */
  protected BaseDatagramProtocol() {}

  /**
   * Stores {@code transport} and calls {@link #protocolStarted()}.
   *
   * @throws IllegalStateException if this protocol already listens on a port
   */
  @Override
  public void startProtocol(DatagramTransport transport) {
    Objects.requireNonNull(transport, "transport");
    if (this.transport != null) {
      throw new IllegalStateException(
          "protocol already listens on " + this.transport + "; create a new protocol per port");
    }
    this.transport = transport;
    protocolStarted();
  }

  /** Called once after the transport is stored. The default does nothing. */
  protected void protocolStarted() {}

  /**
   * Returns this port's transport.
   *
   * @return the transport, never {@code null}
   * @throws IllegalStateException before {@link #startProtocol(DatagramTransport)}
   */
  protected final DatagramTransport transport() {
    DatagramTransport t = transport;
    if (t == null) {
      throw new IllegalStateException("protocol is not listening yet: no transport before startProtocol");
    }
    return t;
  }

  /**
   * Tells whether a transport was attached. It stays attached after the port stops.
   *
   * @return {@code true} once {@link #startProtocol(DatagramTransport)} has run
   */
  public final boolean hasTransport() {
    return transport != null;
  }
}
