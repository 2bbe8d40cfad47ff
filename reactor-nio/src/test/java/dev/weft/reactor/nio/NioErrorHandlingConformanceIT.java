package dev.weft.reactor.nio;

import dev.weft.reactor.testing.conformance.ErrorHandlingConformanceTest;
import dev.weft.reactor.testing.conformance.ReactorDriver;

/** The error-handling conformance scenarios on real loopback sockets. */
class NioErrorHandlingConformanceIT extends ErrorHandlingConformanceTest {

  @Override
  protected ReactorDriver createDriver() {
    return new NioReactorDriver();
  }
}
