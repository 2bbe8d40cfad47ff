package dev.weft.reactor;

import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * Running and stopping the reactor, and the triggers that run at startup and shutdown.
 *
 * <p>Unless a method says otherwise it must be called on the reactor thread (before
 * {@link #run()}, the thread that will call it).
 *
 * <p>Twisted: {@code IReactorCore}.
 */
public interface ReactorCore {

  /**
   * Runs the reactor on the calling thread until {@link #stop()} or {@link #crash()}: fires
   * {@link SystemEvent#STARTUP}, runs the calls queued by {@link #callWhenRunning(Runnable)}, then
   * serves I/O and timers. Returns after the shutdown triggers have run.
   *
   * @throws IllegalStateException if the reactor is already running or has been stopped
   */
  void run();

  /**
   * Stops the reactor: fires {@link SystemEvent#SHUTDOWN} (waiting for the results of async
   * {@link TriggerPhase#BEFORE} triggers), closes every connection and port, and makes
   * {@link #run()} return. May be called from any thread.
   *
   * @throws IllegalStateException if the reactor is not running
   */
  void stop();

  /**
   * Stops the reactor at once, without running the shutdown triggers: for emergencies and tests.
   * May be called from any thread.
   */
  void crash();

  /**
   * Tells whether the reactor is running: {@code true} from the start of {@link #run()} until
   * {@link #stop()} or {@link #crash()} takes effect. May be called from any thread.
   *
   * @return whether the loop is running
   */
  boolean isRunning();

  /**
   * Runs {@code call} as soon as the reactor is running: after the startup triggers if it has not
   * started yet, otherwise on the next turn of the loop.
   *
   * @param call what to run
   */
  void callWhenRunning(Runnable call);

  /**
   * Adds a trigger that runs when {@code event} fires, in {@code phase}.
   *
   * @param phase when, relative to the event
   * @param event which event
   * @param trigger what to run; if it throws, the reactor reports the exception and carries on
   * @return a handle for {@link #removeSystemEventTrigger(TriggerHandle)}
   */
  TriggerHandle addSystemEventTrigger(TriggerPhase phase, SystemEvent event, Runnable trigger);

  /**
   * Adds a trigger whose work finishes later: in the {@link TriggerPhase#BEFORE} phase the
   * reactor waits for the returned stage (for at most a bounded time) before moving on, as
   * Twisted waits for the {@code Deferred}s of "before" triggers. In other phases the stage is not
   * awaited.
   *
   * @param phase when, relative to the event
   * @param event which event
   * @param trigger starts the work and returns a stage that completes when it is done
   * @return a handle for {@link #removeSystemEventTrigger(TriggerHandle)}
   */
  TriggerHandle addAsyncSystemEventTrigger(
      TriggerPhase phase, SystemEvent event, Supplier<? extends CompletionStage<?>> trigger);

  /**
   * Removes a trigger that has not run yet.
   *
   * @param handle what {@code addSystemEventTrigger} returned
   * @throws IllegalArgumentException if no such trigger is registered
   */
  void removeSystemEventTrigger(TriggerHandle handle);

  /**
   * Fires {@code event} now: runs its triggers phase by phase, as {@link #run()} and
   * {@link #stop()} do. Triggers stay registered.
   *
   * @param event the event to fire
   * @return completes when the AFTER phase has run
   */
  Deferred<Void> fireSystemEvent(SystemEvent event);
}
