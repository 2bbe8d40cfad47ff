package dev.weft.samples.echo;

import dev.weft.reactor.BaseProtocol;
import dev.weft.reactor.BaseProtocolFactory;
import dev.weft.reactor.ProtocolFactory;
import java.nio.ByteBuffer;

/**
 * Writes every byte it receives back to the peer, unchanged and in order, and never buffers more
 * than its transport's water marks allow. Not thread-safe; the reactor calls it on its thread.
 *
 * <p><b>Back-pressure with no code of its own.</b> The echo registers its transport as the
 * producer of that same transport: what it reads is what it writes. When the peer stops reading,
 * the echo's buffered bytes rise above the high-water mark, the transport pauses itself as a
 * producer, which stops reading, and the kernel buffers fill up to the peer, whose writes stall.
 * Against a peer that writes hundreds of megabytes and never reads, the echo holds at most the
 * high-water mark plus one read.
 *
 * <p>Twisted: the {@code Echo} protocol of the Twisted tutorial, plus the
 * {@code registerProducer(transport, True)} idiom of Twisted's port forwarder.
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

  /** Paces reading by writing: the transport is the producer of its own output. */
  @Override
  public void connectionMade() {
    transport().registerProducer(transport(), true);
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
