package dev.weft.reactor.testing.conformance;

/** The Deferred scenarios on the fakes, as reactor-nio runs them on its loop. */
class MemoryReactorDeferredConformanceTest extends DeferredConformanceTest {

  @Override
  protected ReactorDriver createDriver() {
    return MemoryReactorDriver.create();
  }
}
