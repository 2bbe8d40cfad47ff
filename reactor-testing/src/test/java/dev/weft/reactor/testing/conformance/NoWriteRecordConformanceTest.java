package dev.weft.reactor.testing.conformance;

import dev.weft.reactor.testing.net.Chunking;

/**
 * The conformance suite on the fakes with connections that keep no record of their writes
 * ({@code keepWritten(false)}), so the arrays writes were copied into are reused as soon as the
 * peer has read them; reads cut at random places drawn from seed 4. Every scenario must see the
 * same bytes as with the record kept.
 */
class NoWriteRecordConformanceTest extends MemoryConformanceSuite {

  @Override
  Chunking chunking() {
    return Chunking.random(4);
  }

  @Override
  boolean keepWritten() {
    return false;
  }
}
