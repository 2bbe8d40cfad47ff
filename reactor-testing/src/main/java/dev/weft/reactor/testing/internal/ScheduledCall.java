package dev.weft.reactor.testing.internal;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a fake Clock keeps with a delayed call when it captures where the call came from: the
 * user's action, the line of user code that scheduled it and, when asked for, the whole stack.
 *
 * @param action the code to run
 * @param scheduledAt the first frame of user code that called {@code callLater}, or {@code null}
 * @param creationSite the whole stack of that call, or {@code null}
 */
public record ScheduledCall(
    Runnable action, @Nullable StackTraceElement scheduledAt, @Nullable Throwable creationSite)
    implements Runnable {

  /**
   * Checks the components.
   *
   * @param action the code to run
   * @param scheduledAt where user code scheduled it, or {@code null}
   * @param creationSite the whole stack, or {@code null}
   */
  public ScheduledCall {
    Objects.requireNonNull(action, "action");
  }

  @Override
  public void run() {
    action.run();
  }

  @Override
  public String toString() {
    return Actions.describe(action, scheduledAt);
  }
}
