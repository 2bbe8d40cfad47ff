package dev.weft.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Locale;

/**
 * What one more {@code write} system call costs against what moving the bytes costs, over a
 * loopback TCP connection on one thread, in CPU time of that thread: the weight of the extra
 * system calls a transport makes per GiB streamed when it does not batch its writes (issue 14
 * §1). Plain JDK channels, no Weft code.
 *
 * <p>Usage: {@code SyscallCostProbe [rounds]} (default 5).
 */
public final class SyscallCostProbe {
  private static final int SMALL_WRITES = 200_000;
  private static final int CHUNK = 64 * 1024;
  private static final int CHUNKS = 4_096;

  private SyscallCostProbe() {}

  /**
   * Runs the probe and prints a line per round.
   *
   * @param args optionally the number of rounds
   * @throws IOException if the loopback connection fails
   */
  public static void main(String[] args) throws IOException {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    try (ServerSocketChannel server =
            ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
        SocketChannel client = SocketChannel.open(server.getLocalAddress());
        SocketChannel peer = server.accept()) {
      peer.configureBlocking(false);
      ByteBuffer oneByte = ByteBuffer.allocateDirect(1);
      ByteBuffer chunk = ByteBuffer.allocateDirect(CHUNK);
      ByteBuffer sink = ByteBuffer.allocateDirect(1 << 20);
      for (int round = 1; round <= rounds; round++) {
        long start = threads.getCurrentThreadCpuTime();
        for (int i = 0; i < SMALL_WRITES; i++) {
          oneByte.clear();
          client.write(oneByte);
          if ((i & 1023) == 0) {
            drain(peer, sink);
          }
        }
        long small = threads.getCurrentThreadCpuTime() - start;
        drain(peer, sink);
        start = threads.getCurrentThreadCpuTime();
        for (int i = 0; i < CHUNKS; i++) {
          chunk.clear();
          while (chunk.hasRemaining()) {
            client.write(chunk);
          }
          for (int got = 0; got < CHUNK; ) {
            got += peer.read(sink);
            if (!sink.hasRemaining()) {
              sink.clear();
            }
          }
        }
        long bulk = threads.getCurrentThreadCpuTime() - start;
        System.out.printf(Locale.ROOT,
            "round %d: 1-byte write %.2f µs CPU per call; 64 KiB written and read back %.1f µs"
                + " (%.0f ms per GiB)%n",
            round, small / 1e3 / SMALL_WRITES, bulk / 1e3 / CHUNKS,
            bulk / 1e6 * (1L << 30) / ((double) CHUNKS * CHUNK));
      }
    }
  }

  private static void drain(SocketChannel peer, ByteBuffer sink) throws IOException {
    sink.clear();
    while (peer.read(sink) > 0) {
      sink.clear();
    }
  }
}
