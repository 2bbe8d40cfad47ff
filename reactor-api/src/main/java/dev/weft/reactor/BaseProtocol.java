package dev.weft.reactor;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A convenient base for protocols: it keeps the transport and lets subclasses override only the
 * callbacks they need. Not thread-safe; the reactor calls it on its own thread.
 *
 * <p>Twisted: {@code Protocol}.
 */
public abstract class BaseProtocol implements Protocol {
  private @Nullable Transport transport;

  /** Creates a protocol that is not yet connected. */
  protected BaseProtocol() {}

  /**
   * Stores {@code transport} and calls {@link #connectionMade()}.
   *
   * @throws IllegalStateException if this protocol is already connected
   */
  @Override
  public void makeConnection(Transport transport) {
    Objects.requireNonNull(transport, "transport");
    if (this.transport != null) {
      throw new IllegalStateException(
          "protocol is already connected to " + this.transport
              + "; build a new protocol for each connection");
    }
    this.transport = transport;
    connectionMade();
  }

  /**
   * Returns this connection's transport.
   *
   * @return the transport, never {@code null}
   * @throws IllegalStateException before {@link #makeConnection(Transport)}
   */
  protected final Transport transport() {
    Transport t = transport;
    if (t == null) {
      throw new IllegalStateException("protocol is not connected yet: no transport before makeConnection");
    }
    return t;
  }

  /**
   * Tells whether a transport was attached. It stays attached after the connection ends.
   *
   * @return {@code true} once {@link #makeConnection(Transport)} has run
   */
  public final boolean hasTransport() {
    return transport != null;
  }
}
