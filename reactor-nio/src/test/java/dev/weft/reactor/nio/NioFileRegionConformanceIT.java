package dev.weft.reactor.nio;

import dev.weft.reactor.testing.conformance.FileRegionConformanceTest;
import dev.weft.reactor.testing.conformance.ReactorDriver;
import java.time.Duration;

/** The file-region conformance scenarios on real loopback sockets: regions go by sendfile. */
class NioFileRegionConformanceIT extends FileRegionConformanceTest {

  @Override
  protected ReactorDriver createDriver() {
    return new NioReactorDriver(NioReactor.builder().shutdownTimeout(Duration.ofSeconds(5)));
  }
}
