package dev.weft.benchmarks.clients;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * Holds many idle connections open to a server, to measure what each costs the server.
 *
 * <p>Closing resets the connections (linger 0) so the test leaves no sockets in TIME_WAIT that a
 * later run on the same ports would trip over. Not thread-safe.
 */
public final class IdleClient implements AutoCloseable {
  private final List<SocketChannel> channels;

  private IdleClient(List<SocketChannel> channels) {
    this.channels = channels;
  }

  /**
   * Opens {@code count} connections, one after another.
   *
   * @param server a loopback address
   * @param count how many connections
   * @return the client holding them
   * @throws IOException if a connection fails; the ones already opened are closed
   */
  public static IdleClient open(InetSocketAddress server, int count) throws IOException {
    if (!server.getAddress().isLoopbackAddress()) {
      throw new IllegalArgumentException("server must be a loopback address: " + server);
    }
    IdleClient client = new IdleClient(new ArrayList<>(count));
    try {
      for (int i = 0; i < count; i++) {
        SocketChannel ch = SocketChannel.open(server);
        client.channels.add(ch);
        ch.setOption(StandardSocketOptions.SO_LINGER, 0);
      }
    } catch (IOException e) {
      client.close();
      throw new IOException(
          "opened " + client.channels.size() + " of " + count + " connections (ulimit -n?)", e);
    }
    return client;
  }

  @Override
  public void close() {
    for (SocketChannel ch : channels) {
      try {
        ch.close();
      } catch (IOException ignored) {
        // A reset socket that fails to close has nothing left to release.
      }
    }
    channels.clear();
  }
}
