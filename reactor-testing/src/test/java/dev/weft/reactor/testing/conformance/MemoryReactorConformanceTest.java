package dev.weft.reactor.testing.conformance;

/**
 * The conformance scenarios on the fakes, through {@link MemoryReactorDriver}: the same
 * scenarios reactor-nio runs on real sockets, so the fakes are held to the production reactor's
 * behaviour.
 */
class MemoryReactorConformanceTest extends ReactorConformanceTest {

  @Override
  protected ReactorDriver createDriver() {
    return MemoryReactorDriver.create();
  }
}
