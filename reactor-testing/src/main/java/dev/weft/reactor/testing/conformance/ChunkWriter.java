package dev.weft.reactor.testing.conformance;

import dev.weft.reactor.BaseProtocol;
import dev.weft.reactor.Transport;
import java.nio.ByteBuffer;

/**
 * What the flow-control scenarios' server-side producers share: they write {@link #CHUNK}-byte
 * chunks, read nothing, and let the scenario see whether the connection was made, whether the
 * transport told them to stop for good, and the transport itself.
 */
abstract class ChunkWriter extends BaseProtocol {
  static final int CHUNK = 16 * 1024;

  private volatile boolean made;
  private volatile boolean stopped;

  @Override
  public final void connectionMade() {
    made = true;
  }

  @Override
  public final void dataReceived(ByteBuffer data) {
    // The server sends nothing.
  }

  /** The transport's {@code stopProducing}: the producer writes nothing more. */
  public final void stopProducing() {
    stopped = true;
  }

  final boolean isMade() {
    return made;
  }

  final boolean isStopped() {
    return stopped;
  }

  final Transport link() {
    return transport();
  }
}
