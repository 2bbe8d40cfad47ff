package dev.weft.reactor.testing.conformance;

import dev.weft.reactor.testing.MemoryReactorClock;

/** The file-region conformance scenarios on the fakes, through {@link MemoryReactorDriver}. */
class MemoryReactorFileRegionConformanceTest extends FileRegionConformanceTest {

  @Override
  protected ReactorDriver createDriver() {
    return MemoryReactorDriver.builder().reactor(new MemoryReactorClock()).build();
  }

  /** The fake network buffers a few hundred KiB at most: 2 MiB is plenty to stall. */
  @Override
  protected int largeRegionBytes() {
    return 2 * 1024 * 1024;
  }
}
