package dev.weft.benchmarks.jmh;

/**
 * An event loop whose timers are measured. Both operations run a batch on the loop's own thread
 * (where protocol code schedules its timers) and block the caller until the batch is done, so
 * the one cross-thread hand-off per batch is spread over {@link TimerBenchmark#BATCH} timers.
 */
interface TimerLoop extends AutoCloseable {

  /**
   * Schedules {@code count} timers a minute away, then cancels them all, on the loop thread.
   *
   * @param count the batch size
   * @throws Exception if the batch fails or takes more than ten seconds
   */
  void scheduleThenCancel(int count) throws Exception;

  /**
   * Schedules {@code count} timers due now and waits until the last has fired.
   *
   * @param count the batch size
   * @throws Exception if the batch fails or takes more than ten seconds
   */
  void scheduleAndFire(int count) throws Exception;

  /**
   * Schedules {@code count} timers at scrambled delays of up to one millisecond (so the heap
   * works as it does for timers scheduled in no particular order) and waits until every one
   * has fired: a million timers that all come due together.
   *
   * @param count how many timers
   * @throws Exception if they fail or take more than sixty seconds
   */
  void scheduleScrambledAndDrain(int count) throws Exception;

  /**
   * The delay of the {@code i}th of {@code count} scrambled timers: a stride coprime with the
   * count visits every nanosecond slot of the millisecond once, out of order.
   *
   * @param i the timer's index
   * @param count how many timers
   * @return nanoseconds, 0 to 999,999
   */
  static long scrambledDelayNanos(int i, int count) {
    return (long) i * 7_919 % count * 1_000_000L / count;
  }
}
