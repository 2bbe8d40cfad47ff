package dev.weft.reactor.testing.conformance;

import dev.weft.reactor.testing.DeliveryPolicy;

/** The conformance suite on the fakes, writes cut at random places drawn from seed 3. */
class RandomSplitsSeed3ConformanceTest extends MemoryConformanceSuite {

  @Override
  DeliveryPolicy chunking() {
    return DeliveryPolicy.randomSplits(3);
  }
}
