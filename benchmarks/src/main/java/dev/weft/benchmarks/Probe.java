package dev.weft.benchmarks;

import dev.weft.benchmarks.servers.HttpHello;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Checks once per server that it echoes and answers HTTP correctly before it is measured. */
final class Probe {
  private Probe() {}

  static void check(ChildServer server) throws IOException {
    byte[] message = "probe: the quick brown fox".getBytes(StandardCharsets.US_ASCII);
    expect(server, server.echo(), message, message);
    if (server.servesHttp()) {
      expect(server, server.http(), HttpHello.REQUEST, HttpHello.RESPONSE);
    }
  }

  private static void expect(
      ChildServer server, InetSocketAddress address, byte[] send, byte[] expected)
      throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(address, 30_000);
      // Generous: a server JVM just started on a loaded machine may still be compiling.
      socket.setSoTimeout(30_000);
      socket.getOutputStream().write(send);
      byte[] got = socket.getInputStream().readNBytes(expected.length);
      if (!Arrays.equals(got, expected)) {
        throw new IOException(
            server.kind.label + " answered " + new String(got, StandardCharsets.US_ASCII)
                + " to " + new String(send, StandardCharsets.US_ASCII));
      }
    }
  }
}
