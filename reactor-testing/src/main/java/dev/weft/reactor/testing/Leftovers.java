package dev.weft.reactor.testing;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

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
   * Deferred failures, then what the checks added with {@link MemoryReactor#addLeftoverCheck}
   * report (scripted peers, for instance).
   *
   * @param reactor the reactor to inspect
   * @return the leftovers, grouped by kind in the order of {@link Leftover.Kind}
   */
  public static List<Leftover> of(MemoryReactor reactor) {
    Objects.requireNonNull(reactor, "reactor");
    List<Leftover> found = new ArrayList<>();
    addPendingCalls(reactor.clock(), found);
    addReactorLeftovers(reactor, "", found);
    return List.copyOf(found);
  }

  /**
   * Lists the leftovers of {@code clock} and of every reactor created on it: its pending delayed
   * calls once, then each reactor's open connections, listening ports, queued thread work,
   * untaken callback errors and unobserved Deferred failures, named by reactor when there are
   * several. What the JUnit extension checks after each test.
   *
   * <p>A reactor whose network host crashed reports only its callback errors and unobserved
   * failures: its ports, connections, queued work and scripted peers went with the crash, as on
   * a real machine, but what its code threw before is still a bug.
   *
   * @param clock the Clock to inspect
   * @return the leftovers, grouped by kind in the order of {@link Leftover.Kind}
   */
  public static List<Leftover> of(Clock clock) {
    return of(clock, reactor -> null);
  }

  /**
   * Lists the leftovers of {@code clock} and of every reactor created on it, as
   * {@link #of(Clock)} does, each reactor's named by {@code names}: the JUnit extension names a
   * network host's reactor by the host. A delayed call a network host's reactor scheduled
   * itself is named by that reactor too.
   *
   * @param clock the Clock to inspect
   * @param names returns what identifies a reactor in the report (for example
   *     {@code "host db/10.0.0.2"}), or {@code null} for the default: its place on the Clock when
   *     there are several reactors, nothing when there is one
   * @return the leftovers, grouped by kind in the order of {@link Leftover.Kind}
   */
  public static List<Leftover> of(
      Clock clock, Function<? super MemoryReactor, @Nullable String> names) {
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(names, "names");
    List<MemoryReactor> reactors = clock.reactors();
    List<String> which = new ArrayList<>(reactors.size());
    for (int i = 0; i < reactors.size(); i++) {
      String name = names.apply(reactors.get(i));
      which.add(name != null
          ? " (" + name + ")"
          : reactors.size() == 1
              ? ""
              : " (reactor " + (i + 1) + " of " + reactors.size() + " on the Clock)");
    }
    List<Leftover> found = new ArrayList<>();
    for (PendingCall call : clock.pendingCalls()) {
      String by = "";
      for (int i = 0; i < reactors.size(); i++) {
        if (reactors.get(i).scheduled(call.call())) {
          by = which.get(i);
          break;
        }
      }
      found.add(pendingCall(call, by));
    }
    for (int i = 0; i < reactors.size(); i++) {
      addReactorLeftovers(reactors.get(i), which.get(i), found);
    }
    found.sort(java.util.Comparator.comparing(Leftover::kind));
    return List.copyOf(found);
  }

  private static void addPendingCalls(Clock clock, List<Leftover> found) {
    for (PendingCall call : clock.pendingCalls()) {
      found.add(pendingCall(call, ""));
    }
  }

  private static Leftover pendingCall(PendingCall call, String which) {
    return new Leftover(
        Leftover.Kind.PENDING_CALLS,
        "delayed call due at " + call.time() + ": " + call.describe() + which,
        call.creationSite());
  }

  private static void addReactorLeftovers(MemoryReactor reactor, String which, List<Leftover> found) {
    if (reactor.isForgotten()) {
      addErrors(reactor, which, found);
      return;
    }
    for (MemoryConnection connection : reactor.openConnections()) {
      found.add(
          new Leftover(
              Leftover.Kind.OPEN_CONNECTIONS, connection + which, connection.creationSite()));
    }
    for (MemoryListeningPort port : reactor.listeningPorts()) {
      found.add(new Leftover(Leftover.Kind.LISTENING_PORTS, port + which, port.creationSite()));
    }
    for (MemoryListeningPort port : reactor.unixListeningPorts()) {
      found.add(new Leftover(Leftover.Kind.LISTENING_PORTS, port + which, port.creationSite()));
    }
    for (QueuedCall queued : reactor.queuedCallsFromThread()) {
      found.add(
          new Leftover(
              Leftover.Kind.QUEUED_THREAD_WORK,
              "callFromThread: " + queued.description() + which,
              queued.creationSite()));
    }
    for (QueuedCall queued : reactor.threadPool().queued()) {
      found.add(
          new Leftover(
              Leftover.Kind.QUEUED_THREAD_WORK,
              "thread pool: " + queued.description() + which,
              queued.creationSite()));
    }
    addErrors(reactor, which, found);
    for (Supplier<? extends Collection<Leftover>> check : reactor.leftoverChecks()) {
      for (Leftover leftover : check.get()) {
        found.add(which.isEmpty()
            ? leftover
            : new Leftover(leftover.kind(), leftover.description() + which,
                leftover.creationSite()));
      }
    }
  }

  /** What a reactor's code threw and nobody took: reported even after its host crashed. */
  private static void addErrors(MemoryReactor reactor, String which, List<Leftover> found) {
    for (CallbackError error : reactor.callbackErrors()) {
      found.add(new Leftover(Leftover.Kind.CALLBACK_ERRORS, error + which, error.error()));
    }
    for (Throwable failure : reactor.unobservedFailures()) {
      found.add(
          new Leftover(
              Leftover.Kind.UNOBSERVED_FAILURES,
              "a Deferred failed and nothing observed it: " + failure + which,
              failure));
    }
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
   * Fails if {@code clock} or any reactor created on it has a leftover.
   *
   * @param clock the Clock to inspect
   * @throws AssertionError listing every leftover
   */
  public static void assertClean(Clock clock) {
    List<Leftover> leftovers = of(clock);
    if (!leftovers.isEmpty()) {
      throw failure(leftovers, clock.isCapturingCreationSites());
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
    if (leftovers.stream().anyMatch(l -> l.kind() == Leftover.Kind.SCRIPTED_PEERS)) {
      message.append(
          " A scripted peer must play its script to the end and read every byte it is sent:"
              + " pump until it has (flush the Pump, advance the Clock past its waits), fix the"
              + " code under test, or end the script where the test ends.");
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
