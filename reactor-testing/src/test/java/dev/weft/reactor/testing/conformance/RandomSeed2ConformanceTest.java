package dev.weft.reactor.testing.conformance;

import dev.weft.reactor.testing.net.Chunking;

/** The conformance suite on the fakes, reads cut at random places, across writes, drawn from seed 2. */
class RandomSeed2ConformanceTest extends MemoryConformanceSuite {

  @Override
  Chunking chunking() {
    return Chunking.random(2);
  }
}
