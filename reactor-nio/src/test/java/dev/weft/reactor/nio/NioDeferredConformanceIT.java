package dev.weft.reactor.nio;

import dev.weft.reactor.testing.conformance.DeferredConformanceTest;
import dev.weft.reactor.testing.conformance.ReactorDriver;

/** The Deferred conformance scenarios on the real loop. */
class NioDeferredConformanceIT extends DeferredConformanceTest {

  @Override
  protected ReactorDriver createDriver() {
    return new NioReactorDriver();
  }
}
