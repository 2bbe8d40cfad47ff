package dev.weft.reactor.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Finds what a test left behind in a fake reactor, and words the "dirty reactor" failure. The
 * JUnit extension uses it after each test; a test without JUnit can call
 * {@link #assertClean(MemoryReactor)} itself.
 */
public final class Leftovers {
  private Leftovers() {}

  /**
   * Lists the leftovers of {@code reactor} and its Clock: pending delayed calls, open
   * connections, listening ports, queued thread work, untaken callback errors and unobserved
   * Deferred failures.
   *
   * @param reactor the reactor to inspect
   * @return the leftovers, grouped by kind in the order of {@link Leftover.Kind}
   */
  public static List<Leftover> of(MemoryReactor reactor) {
    Objects.requireNonNull(reactor, "reactor");
    List<Leftover> found = new ArrayList<>();
    for (PendingCall call : reactor.pendingCalls()) {
      found.add(
          new Leftover(
              Leftover.Kind.PENDING_CALLS,
              "delayed call due at " + call.time() + ": " + call.describe(),
              call.creationSite()));
    }
    for (MemoryConnection connection : reactor.openConnections()) {
      found.add(
          new Leftover(
              Leftover.Kind.OPEN_CONNECTIONS, connection.toString(), connection.creationSite()));
    }
    for (MemoryListeningPort port : reactor.listeningPorts()) {
      found.add(new Leftover(Leftover.Kind.LISTENING_PORTS, port.toString(), port.creationSite()));
    }
    for (MemoryListeningPort port : reactor.unixListeningPorts()) {
      found.add(new Leftover(Leftover.Kind.LISTENING_PORTS, port.toString(), port.creationSite()));
    }
    for (QueuedCall queued : reactor.queuedCallsFromThread()) {
      found.add(
          new Leftover(
              Leftover.Kind.QUEUED_THREAD_WORK,
              "callFromThread: " + queued.description(),
              queued.creationSite()));
    }
    for (QueuedCall queued : reactor.threadPool().queued()) {
      found.add(
          new Leftover(
              Leftover.Kind.QUEUED_THREAD_WORK,
              "thread pool: " + queued.description(),
              queued.creationSite()));
    }
    for (CallbackError error : reactor.callbackErrors()) {
      found.add(new Leftover(Leftover.Kind.CALLBACK_ERRORS, error.toString(), error.error()));
    }
    for (Throwable failure : reactor.unobservedFailures()) {
      found.add(
          new Leftover(
              Leftover.Kind.UNOBSERVED_FAILURES,
              "a Deferred failed and nothing observed it: " + failure,
              failure));
    }
    return List.copyOf(found);
  }

  /**
   * Fails if {@code reactor} has any leftover.
   *
   * @param reactor the reactor to inspect
   * @throws AssertionError listing every leftover
   */
  public static void assertClean(MemoryReactor reactor) {
    List<Leftover> leftovers = of(reactor);
    if (!leftovers.isEmpty()) {
      throw failure(leftovers, reactor.clock().isCapturingCreationSites());
    }
  }

  /**
   * Words the failure for a dirty reactor: a header line, one line per leftover, and a hint. Each
   * creation site (and each callback error) is attached as a suppressed exception so its stack
   * shows in the report.
   *
   * @param leftovers what was left, not empty
   * @param creationSitesCaptured whether creation sites were captured (otherwise the hint says
   *     how to turn them on)
   * @return the error to throw
   */
  public static AssertionError failure(List<Leftover> leftovers, boolean creationSitesCaptured) {
    if (leftovers.isEmpty()) {
      throw new IllegalArgumentException("leftovers must not be empty: nothing to report");
    }
    StringBuilder message =
        new StringBuilder("Reactor is dirty: the test left ")
            .append(leftovers.size())
            .append(leftovers.size() == 1 ? " thing" : " things")
            .append(" behind");
    for (Leftover leftover : leftovers) {
      message
          .append(System.lineSeparator())
          .append("  - ")
          .append(leftover.kind())
          .append(": ")
          .append(leftover.description());
    }
    message
        .append(System.lineSeparator())
        .append("Hint: cancel delayed calls, close connections, stop listening ports and run queued")
        .append(" work before the test ends; take callback errors with takeCallbackErrors(); or")
        .append(" allow a kind with @AllowLeftovers.");
    if (leftovers.stream().anyMatch(l -> l.kind() == Leftover.Kind.UNOBSERVED_FAILURES)) {
      message.append(
          " Handle each Deferred's failure (exceptionally, handle, whenComplete) or return the"
              + " Deferred to code that does; take expected ones with takeUnobservedFailures().");
    }
    if (!creationSitesCaptured) {
      message.append(
          " To see the whole stack where each leftover was created, use"
              + " @WithFakeReactor(captureCreationSites = true) or"
              + " @ReactorTest(captureCreationSites = true).");
    }
    AssertionError error = new AssertionError(message.toString());
    for (Leftover leftover : leftovers) {
      if (leftover.creationSite() != null) {
        error.addSuppressed(leftover.creationSite());
      }
    }
    return error;
  }
}
