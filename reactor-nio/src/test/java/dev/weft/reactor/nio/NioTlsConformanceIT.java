package dev.weft.reactor.nio;

import dev.weft.reactor.testing.conformance.ReactorDriver;
import dev.weft.reactor.testing.conformance.TlsConformanceTest;

/** The TLS conformance scenarios on real loopback sockets. */
class NioTlsConformanceIT extends TlsConformanceTest {

  @Override
  protected ReactorDriver createDriver() {
    return new NioReactorDriver();
  }
}
