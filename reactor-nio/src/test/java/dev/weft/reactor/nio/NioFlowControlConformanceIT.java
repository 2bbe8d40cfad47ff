package dev.weft.reactor.nio;

import dev.weft.reactor.testing.conformance.FlowControlConformanceTest;
import dev.weft.reactor.testing.conformance.ReactorDriver;
import java.time.Duration;

/** The flow-control conformance scenarios on real loopback sockets. */
class NioFlowControlConformanceIT extends FlowControlConformanceTest {

  @Override
  protected ReactorDriver createDriver(long writeBufferLimit) {
    return new NioReactorDriver(NioReactor.builder()
        .shutdownTimeout(Duration.ofSeconds(5))
        .writeBufferLimit(writeBufferLimit));
  }
}
