package dev.weft.samples.echo;

import dev.weft.reactor.BaseProtocol;
import dev.weft.reactor.BaseProtocolFactory;
import dev.weft.reactor.ProtocolFactory;
import java.nio.ByteBuffer;

/**
 * Writes every byte it receives back to the peer, unchanged and in order. Not thread-safe; the
 * reactor calls it on its thread.
 *
 * <p>Twisted: the {@code Echo} protocol of the Twisted tutorial.
 */
public final class Echo extends BaseProtocol {

  /** Creates a protocol for one connection. */
  public Echo() {}

  /**
   * Returns a factory that builds a new {@code Echo} for each connection.
   *
   * @return the factory, never {@code null}
   */
  public static BaseProtocolFactory factory() {
    return ProtocolFactory.of(Echo::new);
  }

  /**
   * Writes {@code data} back. The transport copies it, so the reactor's buffer is not kept.
   *
   * @param data the bytes received
   */
  @Override
  public void dataReceived(ByteBuffer data) {
    transport().write(data);
  }
}
