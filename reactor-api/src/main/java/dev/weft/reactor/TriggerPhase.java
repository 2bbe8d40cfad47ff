package dev.weft.reactor;

/**
 * When a system event trigger runs relative to the event: all {@code BEFORE} triggers run (and the
 * reactor waits for the results of async ones), then all {@code DURING}, then all {@code AFTER}.
 *
 * <p>Twisted: the phases {@code "before"}, {@code "during"} and {@code "after"}.
 */
public enum TriggerPhase {
  /** Runs first; async triggers here are awaited before the next phase. */
  BEFORE,
  /** Runs when the event happens. */
  DURING,
  /** Runs last. */
  AFTER
}
