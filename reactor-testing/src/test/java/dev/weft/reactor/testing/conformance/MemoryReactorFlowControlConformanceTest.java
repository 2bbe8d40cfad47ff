package dev.weft.reactor.testing.conformance;

import dev.weft.reactor.testing.MemoryReactor;

/** The flow-control conformance scenarios on the fakes, through {@link MemoryReactorDriver}. */
class MemoryReactorFlowControlConformanceTest extends FlowControlConformanceTest {

  @Override
  protected ReactorDriver createDriver(long writeBufferLimit) {
    MemoryReactor reactor = new MemoryReactor();
    reactor.writeBufferLimit(writeBufferLimit);
    return MemoryReactorDriver.builder().reactor(reactor).build();
  }
}
