package dev.weft.reactor.nio.internal;

import java.time.Duration;
import java.util.Objects;

/**
 * The knobs of one event loop, checked by {@code NioReactor.Builder}.
 *
 * @param threadName name of the loop thread and prefix of the pool threads
 * @param resolver the blocking host resolver run on the resolver pool
 * @param resolverThreads size of the resolver pool
 * @param threadPoolSize size of the pool behind {@code callInThread}
 * @param lowWaterMark pending bytes at or below which a paused producer is resumed
 * @param highWaterMark pending bytes above which a push producer is paused
 * @param writeBufferLimit pending bytes above which a connection is aborted
 * @param readBufferSize capacity of the shared read buffer
 * @param shutdownTimeout how long shutdown waits for async BEFORE triggers
 * @param logger where callback exceptions and I/O trouble are reported
 */
public record LoopSettings(
    String threadName,
    BlockingResolver resolver,
    int resolverThreads,
    int threadPoolSize,
    int lowWaterMark,
    int highWaterMark,
    long writeBufferLimit,
    int readBufferSize,
    Duration shutdownTimeout,
    System.Logger logger) {

  /**
   * Checks the components are present; ranges are checked by the builder.
   *
   * @param threadName name of the loop thread
   * @param resolver the blocking host resolver
   * @param resolverThreads size of the resolver pool
   * @param threadPoolSize size of the work pool
   * @param lowWaterMark the resume mark
   * @param highWaterMark the pause mark
   * @param writeBufferLimit the abort mark
   * @param readBufferSize capacity of the read buffer
   * @param shutdownTimeout bound on waiting for BEFORE triggers
   * @param logger where problems are reported
   */
  public LoopSettings {
    Objects.requireNonNull(threadName, "threadName");
    Objects.requireNonNull(resolver, "resolver");
    Objects.requireNonNull(shutdownTimeout, "shutdownTimeout");
    Objects.requireNonNull(logger, "logger");
  }
}
