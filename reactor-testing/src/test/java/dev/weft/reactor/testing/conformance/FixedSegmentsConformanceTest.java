package dev.weft.reactor.testing.conformance;

import dev.weft.reactor.testing.net.Chunking;

/**
 * The conformance suite on the fakes, what has arrived read 1460 bytes at a time (an Ethernet
 * TCP segment), across write boundaries.
 */
class FixedSegmentsConformanceTest extends MemoryConformanceSuite {

  @Override
  Chunking chunking() {
    return Chunking.fixed(1460);
  }
}
