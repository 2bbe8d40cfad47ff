package dev.weft.reactor.testing.conformance;

/** The TLS conformance scenarios on the fakes: real handshakes between real engines, in memory. */
class MemoryTlsConformanceTest extends TlsConformanceTest {

  @Override
  protected ReactorDriver createDriver() {
    return MemoryReactorDriver.create();
  }
}
