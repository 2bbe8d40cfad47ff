package dev.weft.reactor.testing.conformance;

import dev.weft.reactor.testing.net.Chunking;

/** The conformance suite on the fakes, what has arrived read at once, as TCP does. */
class CoalescedConformanceTest extends MemoryConformanceSuite {

  @Override
  Chunking chunking() {
    return Chunking.coalesced();
  }
}
