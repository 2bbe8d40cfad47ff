package dev.weft.reactor.testing.conformance;

import dev.weft.reactor.testing.DeliveryPolicy;

/** The conformance suite on the fakes, each write arriving as one read. */
class WholeWritesConformanceTest extends MemoryConformanceSuite {

  @Override
  DeliveryPolicy chunking() {
    return DeliveryPolicy.wholeWrites();
  }
}
