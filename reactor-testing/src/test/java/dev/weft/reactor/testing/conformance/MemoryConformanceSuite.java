package dev.weft.reactor.testing.conformance;

import dev.weft.reactor.testing.net.Chunking;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Nested;

/**
 * Every topic of the conformance suite on the fakes, through {@link MemoryReactorDriver}, under
 * one chunking of reads: each subclass names a chunking and JUnit runs every topic (the nested
 * classes, inherited) under it. These are the same scenarios reactor-nio runs on real sockets
 * ({@code NioConformanceIT}), so the fakes are held to the production reactor's behaviour
 * whatever way the bytes are cut.
 *
 * <p>A new topic class gets one nested class here and one in {@code NioConformanceIT}.
 */
abstract class MemoryConformanceSuite {

  /** How the fakes cut what arrives into reads, for every connection of every scenario. */
  abstract Chunking chunking();

  /** How many bytes the bulk-transfer scenarios move under this chunking. */
  long bulkBytes() {
    return ReactorConformanceTest.BULK_BYTES;
  }

  /** How many bytes the TLS bulk-transfer scenario moves under this chunking. */
  long tlsBulkBytes() {
    return ReactorConformanceTest.BULK_BYTES;
  }

  /** Whether the connections keep a record of their writes: the default does. */
  boolean keepWritten() {
    return true;
  }

  MemoryReactorDriver newDriver(long writeBufferLimit) {
    MemoryReactorDriver driver = MemoryReactorDriver.builder().chunking(chunking()).build();
    driver.reactor().writeBufferLimit(writeBufferLimit).keepWritten(keepWritten());
    return driver;
  }

  @Nested
  class Connecting extends ConnectingConformanceTest {
    @Override
    protected ReactorDriver createDriver() {
      return newDriver(Long.MAX_VALUE);
    }
  }

  @Nested
  class Closing extends ClosingConformanceTest {
    @Override
    protected ReactorDriver createDriver() {
      return newDriver(Long.MAX_VALUE);
    }
  }

  @Nested
  class HalfClose extends HalfCloseConformanceTest {
    @Override
    protected ReactorDriver createDriver() {
      return newDriver(Long.MAX_VALUE);
    }
  }

  @Nested
  class DataTransfer extends DataTransferConformanceTest {
    @Override
    protected ReactorDriver createDriver() {
      return newDriver(Long.MAX_VALUE);
    }

    @Override
    protected long bulkBytes() {
      return MemoryConformanceSuite.this.bulkBytes();
    }
  }

  @Nested
  class FlowControl extends FlowControlConformanceTest {
    @Override
    protected ReactorDriver createDriver(long writeBufferLimit) {
      return newDriver(writeBufferLimit);
    }
  }

  @Nested
  class Resolution extends ResolutionConformanceTest {
    @Override
    protected ReactorDriver createDriver() {
      return newDriver(Long.MAX_VALUE);
    }
  }

  @Nested
  class Time extends TimeConformanceTest {
    @Override
    protected ReactorDriver createDriver() {
      return newDriver(Long.MAX_VALUE);
    }
  }

  @Nested
  class Threads extends ThreadsConformanceTest {
    @Override
    protected ReactorDriver createDriver() {
      return newDriver(Long.MAX_VALUE);
    }
  }

  @Nested
  class SystemEvents extends SystemEventsConformanceTest {
    @Override
    protected ReactorDriver createDriver() {
      return newDriver(Long.MAX_VALUE);
    }
  }

  @Nested
  class Shutdown extends ShutdownConformanceTest {
    @Override
    protected ReactorDriver createDriver() {
      return newDriver(Long.MAX_VALUE);
    }
  }

  @Nested
  class ErrorHandling extends ErrorHandlingConformanceTest {
    @Override
    protected ReactorDriver createDriver() {
      return newDriver(Long.MAX_VALUE);
    }
  }

  @Nested
  class Deferreds extends DeferredConformanceTest {
    @Override
    protected ReactorDriver createDriver() {
      return newDriver(Long.MAX_VALUE);
    }
  }

  @Nested
  class Tls extends TlsConformanceTest {
    @Override
    protected ReactorDriver createDriver() {
      return newDriver(Long.MAX_VALUE);
    }

    @Override
    protected long bulkBytes() {
      return MemoryConformanceSuite.this.tlsBulkBytes();
    }
  }

  @Nested
  class Lifecycle extends LifecycleConformanceTest {
    @Override
    protected ReactorDriver createDriver() {
      return newDriver(Long.MAX_VALUE);
    }

    @Override
    protected void runOnAnotherThread(Runnable action) {
      AtomicReference<@Nullable Throwable> failure = new AtomicReference<>();
      Thread thread = new Thread(() -> {
        try {
          action.run();
        } catch (Throwable t) {
          failure.set(t);
        }
      }, "not-the-reactor-thread");
      thread.start();
      try {
        thread.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted", e);
      }
      if (thread.isAlive()) {
        throw new AssertionError("the other thread did not finish within 10 s");
      }
      Throwable t = failure.get();
      if (t instanceof RuntimeException r) {
        throw r;
      }
      if (t instanceof Error e) {
        throw e;
      }
    }
  }

  @Nested
  class Unix extends UnixConformanceTest {
    @Override
    protected ReactorDriver createDriver() {
      return newDriver(Long.MAX_VALUE);
    }
  }

  @Nested
  class Datagrams extends DatagramConformanceTest {
    @Override
    protected ReactorDriver createDriver() {
      return newDriver(Long.MAX_VALUE);
    }
  }

  @Nested
  class FileRegions extends FileRegionConformanceTest {
    @Override
    protected ReactorDriver createDriver() {
      return newDriver(Long.MAX_VALUE);
    }

    /** The fake network buffers a few hundred KiB at most: 2 MiB is plenty to stall. */
    @Override
    protected int largeRegionBytes() {
      return 2 * 1024 * 1024;
    }
  }
}
