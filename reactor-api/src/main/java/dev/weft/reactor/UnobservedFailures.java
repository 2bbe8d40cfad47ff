package dev.weft.reactor;

import java.lang.ref.Cleaner;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import org.jspecify.annotations.Nullable;

/**
 * Reports the failures of {@link Deferred}s that became unreachable while nobody had observed
 * them, as Twisted reports an unhandled error in a Deferred when it is garbage-collected. One
 * {@link Cleaner} thread serves the whole JVM; it is started the first time a failure needs
 * watching, never before.
 */
final class UnobservedFailures {
  private UnobservedFailures() {}

  /** Starts the cleaner thread lazily: most programs never need it. */
  private static final class Holder {
    static final Cleaner CLEANER =
        Cleaner.create(
            task -> {
              Thread thread = new Thread(task, "weft-unobserved-failures");
              thread.setDaemon(true);
              return thread;
            });
  }

  /**
   * Tells whether a failure is a cancellation: cancelling is done by someone who knows, so a
   * cancelled Deferred is never reported.
   */
  static boolean isCancellation(Throwable failure) {
    Throwable cause = failure instanceof CompletionException && failure.getCause() != null
        ? failure.getCause()
        : failure;
    return cause instanceof CancellationException;
  }

  /**
   * Starts watching {@code deferred}: once it is unreachable, the report runs unless it was
   * marked observed.
   */
  static Report watch(Object deferred, Throwable failure, @Nullable ReactorExecutor reporter) {
    Report report = new Report(failure, reporter);
    Holder.CLEANER.register(deferred, report);
    return report;
  }

  /** Logs an unobserved failure, in the words every reporter uses. */
  static void log(System.Logger logger, Throwable failure) {
    logger.log(
        System.Logger.Level.ERROR,
        "Unobserved failure in a Deferred: it failed, and nothing chained a stage on it or read"
            + " its result before it became unreachable. Handle failures with exceptionally,"
            + " handle or whenComplete, or return the Deferred to a caller that does",
        failure);
  }

  /** What the cleaner runs; holds no reference to the Deferred, only its failure. */
  static final class Report implements Runnable {
    private final Throwable failure;
    private final @Nullable ReactorExecutor reporter;
    volatile boolean observed;

    private Report(Throwable failure, @Nullable ReactorExecutor reporter) {
      this.failure = failure;
      this.reporter = reporter;
    }

    @Override
    public void run() {
      if (observed) {
        return;
      }
      try {
        if (reporter != null) {
          reporter.reportUnobservedFailure(failure);
        } else {
          log(System.getLogger(Deferred.class.getName()), failure);
        }
      } catch (RuntimeException broken) {
        // The cleaner thread must survive a broken reporter; stderr is the last place left.
        System.err.println("weft: reporting an unobserved Deferred failure failed (" + broken
            + "): " + failure);
      }
    }
  }
}
