package dev.weft.reactor.testing.conformance;

/** The UNIX-socket scenarios on the fakes, over the driver's in-memory network routed by path. */
class MemoryUnixConformanceTest extends UnixConformanceTest {

  @Override
  protected ReactorDriver createDriver() {
    return MemoryReactorDriver.create();
  }
}
