package dev.weft.reactor.nio;

import dev.weft.reactor.testing.conformance.DatagramConformanceTest;
import dev.weft.reactor.testing.conformance.ReactorDriver;

/** The UDP conformance scenarios on real loopback sockets. */
class NioDatagramConformanceIT extends DatagramConformanceTest {

  @Override
  protected ReactorDriver createDriver() {
    return new NioReactorDriver();
  }
}
