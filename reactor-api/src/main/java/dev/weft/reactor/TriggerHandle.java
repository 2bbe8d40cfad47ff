package dev.weft.reactor;

/**
 * Identifies a system event trigger so it can be removed with
 * {@link ReactorCore#removeSystemEventTrigger(TriggerHandle)}.
 *
 * @param event the event the trigger is attached to
 * @param phase the phase it runs in
 * @param id a number unique within the reactor
 */
public record TriggerHandle(SystemEvent event, TriggerPhase phase, long id) {
  /**
   * Checks the components.
   *
   * @param event the event the trigger is attached to
   * @param phase the phase it runs in
   * @param id a number unique within the reactor
   */
  public TriggerHandle {
    java.util.Objects.requireNonNull(event, "event");
    java.util.Objects.requireNonNull(phase, "phase");
  }
}
