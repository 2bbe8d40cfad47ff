package dev.weft.reactor.testing.conformance;

/** The UDP conformance scenarios on the fakes: loopback datagrams delivered turn by turn. */
class MemoryDatagramConformanceTest extends DatagramConformanceTest {

  @Override
  protected ReactorDriver createDriver() {
    return MemoryReactorDriver.create();
  }
}
