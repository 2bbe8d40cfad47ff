package dev.weft.reactor.testing.net;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.LongFunction;

/**
 * Runs one test body under many {@link SweepCase}s (seeds times chunkings, each with the fault
 * plan drawn for its seed) and shrinks the first that fails: the engine behind {@code @Sweep},
 * usable without JUnit.
 *
 * <pre>{@code
 * SweepResult result = SweepRunner.builder().seeds(100).chunkings(SweepChunking.RANDOM).build()
 *     .run(sweepCase -> { Network network = sweepCase.network(); ... });
 * result.assertPassed();
 * }</pre>
 *
 * <p>Not thread-safe; the body runs on the calling thread, one case after another.
 */
public final class SweepRunner {
  private final long firstSeed;
  private final int seeds;
  private final List<SweepChunking> chunkings;
  private final int maxShrinkRuns;
  private final LongFunction<FaultPlan> faults;

  private SweepRunner(Builder b) {
    this.faults = b.faults;
    this.firstSeed = b.firstSeed;
    this.seeds = b.seeds;
    this.chunkings = List.copyOf(b.chunkings);
    this.maxShrinkRuns = b.maxShrinkRuns;
  }

  /**
   * Starts a builder: 20 seeds from 1, {@link SweepChunking#RANDOM}, no faults, at most
   * {@link Shrinker#DEFAULT_MAX_RUNS} shrink runs.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns the cases this sweep runs, in order: for each seed, each chunking.
   *
   * @return a new list
   */
  public List<SweepCase> cases() {
    List<SweepCase> cases = new ArrayList<>();
    for (int i = 0; i < seeds; i++) {
      long seed = firstSeed + i;
      for (SweepChunking chunking : chunkings) {
        FaultPlan plan = Objects.requireNonNull(faults.apply(seed), "the fault plans gave null");
        cases.add(SweepCase.of(seed, chunking.forSeed(seed), plan));
      }
    }
    return cases;
  }

  /**
   * Runs {@code body} under each case until one fails, then shrinks that one.
   *
   * @param body the test
   * @return what happened, never {@code null}
   */
  public SweepResult run(SweepBody body) {
    Objects.requireNonNull(body, "body");
    int ran = 0;
    for (SweepCase sweepCase : cases()) {
      ran++;
      try {
        body.run(sweepCase);
      } catch (VirtualMachineError fatal) {
        throw fatal;
      } catch (Throwable failure) {
        ShrinkResult shrunk = Shrinker.maxRuns(maxShrinkRuns).shrink(sweepCase, body);
        return new SweepResult(ran, sweepCase, failure, shrunk);
      }
    }
    return new SweepResult(ran, null, null, null);
  }

  /** Configures a {@link SweepRunner}; not thread-safe. */
  public static final class Builder {
    private long firstSeed = 1;
    private int seeds = 20;
    private List<SweepChunking> chunkings = List.of(SweepChunking.RANDOM);
    private int maxShrinkRuns = Shrinker.DEFAULT_MAX_RUNS;
    private LongFunction<FaultPlan> faults = seed -> FaultPlan.none();

    private Builder() {}

    /**
     * Gives each case the plan {@link FaultPlan#random(long, FaultRates)} draws from its seed
     * and {@code rates}. Default: no faults.
     *
     * @param rates which faults, how often, where
     * @return this builder
     */
    public Builder faults(FaultRates rates) {
      Objects.requireNonNull(rates, "rates");
      this.faults = seed -> FaultPlan.random(seed, rates);
      return this;
    }

    /**
     * Gives each case the plan {@code plans} makes for its seed. Default: no faults.
     *
     * @param plans makes a plan from a seed, the same plan for the same seed
     * @return this builder
     */
    public Builder faults(LongFunction<FaultPlan> plans) {
      this.faults = Objects.requireNonNull(plans, "plans");
      return this;
    }

    /**
     * Sets how many seeds to run, from the first seed on.
     *
     * @param count at least 1
     * @return this builder
     * @throws IllegalArgumentException if {@code count} is below 1
     */
    public Builder seeds(int count) {
      if (count < 1) {
        throw new IllegalArgumentException("seeds must be at least 1: " + count);
      }
      this.seeds = count;
      return this;
    }

    /**
     * Sets the first seed. Default 1.
     *
     * @param seed the first seed
     * @return this builder
     */
    public Builder firstSeed(long seed) {
      this.firstSeed = seed;
      return this;
    }

    /**
     * Sets the chunkings each seed runs under, in order.
     *
     * @param kinds at least one, no duplicates
     * @return this builder
     * @throws IllegalArgumentException if none are given or one repeats
     */
    public Builder chunkings(SweepChunking... kinds) {
      List<SweepChunking> list = List.of(kinds);
      if (list.isEmpty()) {
        throw new IllegalArgumentException("chunkings must name at least one: []");
      }
      if (list.stream().distinct().count() != list.size()) {
        throw new IllegalArgumentException("chunkings must not repeat: " + list);
      }
      this.chunkings = list;
      return this;
    }

    /**
     * Sets how many runs shrinking a failure may spend.
     *
     * @param runs at least 1
     * @return this builder
     * @throws IllegalArgumentException if {@code runs} is below 1
     */
    public Builder maxShrinkRuns(int runs) {
      Shrinker.maxRuns(runs);
      this.maxShrinkRuns = runs;
      return this;
    }

    /**
     * Builds the runner.
     *
     * @return the runner
     */
    public SweepRunner build() {
      return new SweepRunner(this);
    }
  }
}
