package dev.weft.reactor.testing.conformance;

import dev.weft.reactor.testing.net.Chunking;

/** The conformance suite on the fakes, reads cut at random places, across writes, drawn from seed 1. */
class RandomSeed1ConformanceTest extends MemoryConformanceSuite {

  @Override
  Chunking chunking() {
    return Chunking.random(1);
  }
}
