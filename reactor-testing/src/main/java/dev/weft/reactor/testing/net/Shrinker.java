package dev.weft.reactor.testing.net;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * Shrinks a failing {@link SweepCase} to a smallest one that fails the same way, by running the
 * test body again in-process under smaller cases: the fakes are deterministic, so a case fails
 * every time or never. A run counts as failing when the body throws an exception of the same
 * class as the original failure (so shrinking does not slip to another bug).
 *
 * <p>Steps, repeated until none helps or the budget of runs is spent: the faults go (all of
 * them, else each one that is not needed, by {@link FaultPlan#shrink}), and each stream
 * fault's byte offset moves as early as it still fails; the chunking becomes
 * {@link Chunking#coalesced()} if the case still fails with it; otherwise the chunking is written
 * down as explicit {@linkplain Chunking#cuts(String) cut points} (one run under a recorder) and
 * those are cut down by delta debugging to a set from which no single cut point can be removed.
 * The result is 1-minimal: every cut point left is needed. The budget ({@link #maxRuns(int)},
 * default 200) bounds the work; a result that hit it says so.
 *
 * <p>Not thread-safe; the body runs on the calling thread.
 */
public final class Shrinker {
  /** Runs a shrink may spend unless told otherwise. */
  public static final int DEFAULT_MAX_RUNS = 200;

  private final int maxRuns;

  private Shrinker(int maxRuns) {
    this.maxRuns = maxRuns;
  }

  /**
   * A shrinker that spends at most {@link #DEFAULT_MAX_RUNS} runs.
   *
   * @return the shrinker
   */
  public static Shrinker create() {
    return new Shrinker(DEFAULT_MAX_RUNS);
  }

  /**
   * A shrinker that spends at most {@code maxRuns} runs of the body, the first (which checks that
   * the case still fails) included.
   *
   * @param maxRuns at least 1
   * @return the shrinker
   * @throws IllegalArgumentException if {@code maxRuns} is below 1
   */
  public static Shrinker maxRuns(int maxRuns) {
    if (maxRuns < 1) {
      throw new IllegalArgumentException("maxRuns must be at least 1: " + maxRuns);
    }
    return new Shrinker(maxRuns);
  }

  /**
   * Shrinks {@code failing}: runs it once more to learn how it fails (and that it fails again),
   * then smaller cases.
   *
   * @param failing the case that failed
   * @param body the test, run once per try
   * @return what the shrink found, never {@code null}
   */
  public ShrinkResult shrink(SweepCase failing, SweepBody body) {
    Objects.requireNonNull(failing, "failing");
    Objects.requireNonNull(body, "body");
    Search search = new Search(body);
    Throwable first = search.run(failing);
    if (first == null) {
      return new ShrinkResult(failing, null, failing, null, search.runs, maxRuns, false, true);
    }
    search.kind = first.getClass();
    search.best = failing;
    search.bestFailure = first;
    // Each pass that helped may open the way for another (fewer faults, then fewer cuts, then
    // an earlier offset...); stop when a round changes nothing. Both passes run every round.
    while (!search.exhausted() && (shrinkFaults(search) | shrinkChunking(search))) {
      // Another round.
    }
    return new ShrinkResult(failing, first, search.best(), search.bestFailure, search.runs,
        maxRuns, true, !search.exhausted());
  }

  /**
   * One pass over the faults: none at all, else as few as still fail ({@link FaultPlan#shrink}),
   * then each byte offset as early as it still fails (a binary search, which assumes that a
   * fault that fails at offset n fails at later ones too; the result is checked by running it).
   */
  private boolean shrinkFaults(Search search) {
    SweepCase start = search.best();
    List<Fault> faults = start.faults().faults();
    if (faults.isEmpty()) {
      return false;
    }
    if (search.tryCase(start.withFaults(FaultPlan.none()))) {
      search.minimized = null;
      return true;
    }
    // FaultPlan's own shrink (one fault out at a time) holds the rule; a plan has few faults.
    int left = start.faults().shrink(plan -> search.tryCase(start.withFaults(plan)))
        .faults().size();
    boolean changed = left < faults.size();
    for (int i = 0; i < left && !search.exhausted(); i++) {
      changed |= earlierOffset(search, i);
    }
    if (changed) {
      search.minimized = null; // Other faults may need other cut points.
    }
    return changed;
  }

  /** Moves the {@code index}-th fault's byte offset as early as it still fails. */
  private static boolean earlierOffset(Search search, int index) {
    Fault fault = search.best().faults().faults().get(index);
    long offset = offset(fault);
    if (offset <= 0) {
      return false;
    }
    long passes = -1; // Below every offset tried: 0 has not been tried.
    long fails = offset;
    while (fails - passes > 1 && !search.exhausted()) {
      long mid = passes + (fails - passes) / 2;
      List<Fault> faults = new ArrayList<>(search.best().faults().faults());
      faults.set(index, withOffset(fault, mid));
      if (search.tryCase(search.best().withFaults(FaultPlan.of(faults)))) {
        fails = mid;
      } else {
        passes = mid;
      }
    }
    return fails < offset;
  }

  /** The byte offset of a stream fault triggered after a byte count, or -1. */
  static long offset(Fault fault) {
    Fault inner = fault instanceof Fault.Scoped scoped ? scoped.fault() : fault;
    if (inner instanceof StreamFault stream
        && stream.trigger() instanceof Trigger.AfterBytes after) {
      return after.bytes();
    }
    return -1;
  }

  /** The same fault, triggered after {@code bytes} bytes instead. */
  static Fault withOffset(Fault fault, long bytes) {
    if (fault instanceof Fault.Scoped scoped) {
      return new Fault.Scoped(withOffset(scoped.fault(), bytes), scoped.scope());
    }
    StreamFault stream = (StreamFault) fault;
    return new StreamFault(stream.action(), stream.direction(), Trigger.afterBytes(bytes),
        stream.delay());
  }

  /** One pass over the chunking; tells whether the case got smaller. */
  private boolean shrinkChunking(Search search) {
    SweepCase best = search.best();
    Chunking chunking = best.chunking();
    if (chunking.equals(Chunking.coalesced()) || chunking.equals(search.minimized)) {
      return false;
    }
    if (search.tryCase(best.withChunking(Chunking.coalesced()))) {
      return true;
    }
    boolean changed = false;
    CutPoints cuts;
    if (chunking instanceof CutPoints explicit) {
      cuts = explicit;
    } else {
      RecordingChunking recorder = new RecordingChunking(chunking);
      if (search.run(best.withChunking(recorder)) == null) {
        return false; // The policy does not cut the same way twice; leave it as it is.
      }
      if (!search.tryCase(best.withChunking(recorder.recorded()))) {
        return false;
      }
      cuts = recorder.recorded();
      changed = true;
    }
    List<CutPoints.Cut> all = cuts.all();
    List<CutPoints.Cut> fewest = minimize(all, search,
        subset -> search.tryCase(best.withChunking(CutPoints.of(subset))));
    search.minimized = CutPoints.of(fewest);
    return changed || fewest.size() < all.size();
  }

  /**
   * Delta debugging (Zeller's ddmin): the smallest subset of {@code items} found that still
   * fails, with no single item removable. Never tries the empty set (the caller did).
   */
  static <T> List<T> minimize(List<T> items, Search search, Predicate<List<T>> fails) {
    List<T> current = items;
    int parts = 2;
    while (current.size() >= 2 && !search.exhausted()) {
      int size = current.size();
      List<T> smaller = null;
      for (int i = 0; i < parts && smaller == null; i++) {
        List<T> part = List.copyOf(current.subList(i * size / parts, (i + 1) * size / parts));
        if (!part.isEmpty() && fails.test(part)) {
          smaller = part;
          parts = 2;
        }
      }
      // With two parts each complement is the other part, already tried.
      for (int i = 0; i < parts && smaller == null && parts > 2; i++) {
        List<T> rest = new ArrayList<>(current.subList(0, i * size / parts));
        rest.addAll(current.subList((i + 1) * size / parts, size));
        if (fails.test(rest)) {
          smaller = List.copyOf(rest);
          parts = Math.max(parts - 1, 2);
        }
      }
      if (smaller != null) {
        current = smaller;
      } else if (parts >= current.size()) {
        break;
      } else {
        parts = Math.min(parts * 2, current.size());
      }
    }
    return current;
  }

  /** The state of one shrink: the runs spent and the smallest failing case so far. */
  final class Search {
    private final SweepBody body;
    private int runs;
    private Class<?> kind = Throwable.class;
    private @Nullable SweepCase best;
    private @Nullable Throwable bestFailure;
    /** Cut points already cut down to a minimum, not worth another pass. */
    private @Nullable CutPoints minimized;

    Search(SweepBody body) {
      this.body = body;
    }

    SweepCase best() {
      return Objects.requireNonNull(best);
    }

    boolean exhausted() {
      return runs >= maxRuns;
    }

    /** Runs {@code candidate}; if it fails the same way, it becomes the best case. */
    boolean tryCase(SweepCase candidate) {
      Throwable failure = run(candidate);
      if (failure != null && failure.getClass() == kind) {
        best = candidate;
        bestFailure = failure;
        return true;
      }
      return false;
    }

    /** Runs the body once under {@code candidate}: what it threw, or null. */
    @Nullable Throwable run(SweepCase candidate) {
      if (exhausted()) {
        return null;
      }
      runs++;
      try {
        body.run(candidate);
        return null;
      } catch (VirtualMachineError fatal) {
        throw fatal;
      } catch (Throwable failure) {
        return failure;
      }
    }
  }
}
