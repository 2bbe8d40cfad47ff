package dev.weft.reactor;

/**
 * The reactor-wide events that triggers can be attached to with
 * {@link ReactorCore#addSystemEventTrigger}.
 *
 * <p>Twisted: the event types {@code "startup"} and {@code "shutdown"}.
 */
public enum SystemEvent {
  /** Fired by {@link ReactorCore#run()} before the loop starts serving. */
  STARTUP,
  /** Fired by {@link ReactorCore#stop()} before the loop exits. */
  SHUTDOWN
}
