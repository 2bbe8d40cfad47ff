package dev.weft.reactor.testing.junit;

import dev.weft.reactor.testing.net.Shrinker;
import dev.weft.reactor.testing.net.SweepChunking;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs a test once per {@link dev.weft.reactor.testing.net.SweepCase}: each seed from
 * {@link #firstSeed()} on ({@link #seeds()} of them) under each of {@link #chunkings()}, with the
 * fault plan {@link #faults()} draws for the seed; and, when a case fails, shrinks it to a
 * smallest case that fails the same way and prints that as a replay to paste.
 *
 * <p>The method takes a {@code SweepCase} parameter, a {@code Network} parameter (built from the
 * case: its seed, chunking and faults, on the test reactor's Clock when the class uses
 * {@link ReactorExtension}), or both. Each invocation is named by its case's replay expression,
 * for example {@code SweepCase.of(7L, Chunking.random(7L))}.
 *
 * <pre>{@code
 * @Sweep(seeds = 100, faults = Resets.class)
 * void transfersApplyOnce(Network network) { ... }
 * }</pre>
 *
 * <p><b>Shrinking.</b> The first failing case of a sweep is shrunk: the extension calls the
 * method again, in-process, with smaller cases (fewer faults, earlier fault offsets, fewer read
 * cut points; see {@link Shrinker}), at most {@link #maxShrinkRuns()} times, and fails the case
 * with an {@link AssertionError} whose message gives the shrunk case as a {@code SweepCase}
 * expression and as the {@code @Sweep(replay = ...)} that runs just it. A call counts as failing
 * when it throws an exception of the original failure's class. Shrink calls get a fresh
 * {@code SweepCase}, {@code Network}, {@code MemoryReactor} and {@code Clock}; every other
 * argument and the test instance's fields are the original invocation's, so a test that shrinks
 * well takes what it needs from its parameters. Later failures of the same sweep are reported
 * with their replay, unshrunk.
 *
 * <p><b>Replay.</b> {@code @Sweep(replay = "SweepCase.of(7L, Chunking.cuts(\"1:7\"))")} runs that
 * one case (the other attributes are ignored); {@code SweepCase.parse} reads the same text.
 *
 * <p><b>With other annotations.</b> A sweep is a {@code @TestTemplate}: put {@link ReactorTest}
 * or {@link WithFakeReactor} on the class (or {@code @WithFakeReactor} on the method) for a fake
 * reactor and the dirty-reactor check, never {@code @ReactorTest} on the method, which would also
 * run it as a plain test. {@code @ParameterizedTest} methods live beside it in the same class.
 */
@Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@TestTemplate
@ExtendWith(SweepExtension.class)
public @interface Sweep {

  /**
   * Returns how many seeds to run.
   *
   * @return at least 1; default 20
   */
  int seeds() default 20;

  /**
   * Returns the first seed.
   *
   * @return the first seed; default 1
   */
  long firstSeed() default 1;

  /**
   * Returns the chunkings each seed runs under.
   *
   * @return at least one, no repeats; default {@link SweepChunking#RANDOM}
   */
  SweepChunking[] chunkings() default {SweepChunking.RANDOM};

  /**
   * Returns the class that draws each seed's fault plan: a {@link SweepFaults} with a no-argument
   * constructor.
   *
   * @return the class; default {@link SweepFaults.None}, no faults
   */
  Class<? extends SweepFaults> faults() default SweepFaults.None.class;

  /**
   * Returns the one case to run instead of the sweep: a {@code SweepCase} replay expression, as
   * a failing sweep prints it.
   *
   * @return the replay, or {@code ""} (the default) to sweep
   */
  String replay() default "";

  /**
   * Returns how many calls shrinking the first failure may make.
   *
   * @return at least 1; default {@link Shrinker#DEFAULT_MAX_RUNS}
   */
  int maxShrinkRuns() default Shrinker.DEFAULT_MAX_RUNS;
}
