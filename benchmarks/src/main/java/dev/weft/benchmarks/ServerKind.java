package dev.weft.benchmarks;

import dev.weft.benchmarks.servers.BenchServer;
import dev.weft.benchmarks.servers.NettyServer;
import dev.weft.benchmarks.servers.SelectorEchoServer;
import dev.weft.benchmarks.servers.WeftServer;

/** The servers the harness compares, in the order of the table's columns. */
enum ServerKind {
  WEFT("Weft NioReactor", "Weft"),
  NETTY_NIO("Netty NIO", "NIO"),
  NETTY_EPOLL("Netty epoll", "epoll"),
  FLOOR("selector floor", "floor");

  /** Listen backlog for every server, so 10,000 quick connects are not dropped at the door. */
  static final int BACKLOG = 1024;

  final String label;
  final String shortLabel;

  ServerKind(String label, String shortLabel) {
    this.label = label;
    this.shortLabel = shortLabel;
  }

  BenchServer start() throws Exception {
    return switch (this) {
      case WEFT -> WeftServer.start(BACKLOG);
      case NETTY_NIO -> NettyServer.start(false, BACKLOG);
      case NETTY_EPOLL -> NettyServer.start(true, BACKLOG);
      case FLOOR -> SelectorEchoServer.start(BACKLOG);
    };
  }
}
