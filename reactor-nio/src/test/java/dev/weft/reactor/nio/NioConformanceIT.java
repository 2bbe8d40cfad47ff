package dev.weft.reactor.nio;

import dev.weft.reactor.testing.conformance.ClosingConformanceTest;
import dev.weft.reactor.testing.conformance.ConnectingConformanceTest;
import dev.weft.reactor.testing.conformance.DataTransferConformanceTest;
import dev.weft.reactor.testing.conformance.DatagramConformanceTest;
import dev.weft.reactor.testing.conformance.DeferredConformanceTest;
import dev.weft.reactor.testing.conformance.ErrorHandlingConformanceTest;
import dev.weft.reactor.testing.conformance.FileRegionConformanceTest;
import dev.weft.reactor.testing.conformance.FlowControlConformanceTest;
import dev.weft.reactor.testing.conformance.HalfCloseConformanceTest;
import dev.weft.reactor.testing.conformance.LifecycleConformanceTest;
import dev.weft.reactor.testing.conformance.ReactorDriver;
import dev.weft.reactor.testing.conformance.ResolutionConformanceTest;
import dev.weft.reactor.testing.conformance.ShutdownConformanceTest;
import dev.weft.reactor.testing.conformance.SystemEventsConformanceTest;
import dev.weft.reactor.testing.conformance.ThreadsConformanceTest;
import dev.weft.reactor.testing.conformance.TimeConformanceTest;
import dev.weft.reactor.testing.conformance.TlsConformanceTest;
import dev.weft.reactor.testing.conformance.UnixConformanceTest;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Nested;

/**
 * Every topic of the conformance suite on real loopback sockets: the same scenarios the fakes
 * run under every chunking ({@code MemoryConformanceSuite} in reactor-testing). A new topic
 * class gets one nested class here and one there.
 */
class NioConformanceIT {

  static ReactorDriver newDriver(long writeBufferLimit) {
    return NioReactorDriver.withHostTable(NioReactor.builder()
        // Shutdown gives up on BEFORE triggers well within the bound of close().
        .shutdownTimeout(Duration.ofSeconds(5))
        .writeBufferLimit(writeBufferLimit));
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
  }

  @Nested
  class Lifecycle extends LifecycleConformanceTest {
    @Override
    protected ReactorDriver createDriver() {
      return new NioReactorDriver();
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
    /** Real UNIX-domain sockets, in a short temporary directory. */
    @Override
    protected ReactorDriver createDriver() {
      return new NioUnixDriver();
    }
  }

  @Nested
  class Datagrams extends DatagramConformanceTest {
    @Override
    protected ReactorDriver createDriver() {
      return new NioReactorDriver();
    }
  }

  @Nested
  class FileRegions extends FileRegionConformanceTest {
    /** Regions go by sendfile. */
    @Override
    protected ReactorDriver createDriver() {
      return new NioReactorDriver(NioReactor.builder().shutdownTimeout(Duration.ofSeconds(5)));
    }
  }
}
