package dev.weft.reactor.nio;

import dev.weft.reactor.testing.conformance.ReactorDriver;
import dev.weft.reactor.testing.conformance.UnixConformanceTest;

/** The UNIX-socket scenarios on real UNIX-domain sockets, in a short temporary directory. */
class NioUnixConformanceIT extends UnixConformanceTest {

  @Override
  protected ReactorDriver createDriver() {
    return new NioUnixDriver();
  }
}
