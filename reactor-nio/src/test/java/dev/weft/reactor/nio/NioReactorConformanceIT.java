package dev.weft.reactor.nio;

import dev.weft.reactor.testing.conformance.ReactorConformanceTest;
import dev.weft.reactor.testing.conformance.ReactorDriver;

/** The conformance scenarios on real loopback sockets. */
class NioReactorConformanceIT extends ReactorConformanceTest {

  @Override
  protected ReactorDriver createDriver() {
    return new NioReactorDriver();
  }
}
