package dev.weft.reactor.testing.conformance;

/** The error-handling scenarios on the fakes, as reactor-nio runs them on real sockets. */
class MemoryReactorErrorHandlingConformanceTest extends ErrorHandlingConformanceTest {

  @Override
  protected ReactorDriver createDriver() {
    return MemoryReactorDriver.create();
  }
}
