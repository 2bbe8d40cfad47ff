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
}
