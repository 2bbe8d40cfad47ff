package dev.weft.reactor.testing;

import dev.weft.reactor.DelayedCall;
import dev.weft.reactor.testing.internal.Actions;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A snapshot of one delayed call waiting in a {@link Clock}, as listed by
 * {@link Clock#pendingCalls()}.
 *
 * @param time when the call is due
 * @param call the live handle, which can still cancel, reset or delay the call
 * @param action the code that will run
 * @param creationSite the whole stack where {@code callLater} was called, when
 *     {@link Clock#captureCreationSites(boolean)} was on at that time; otherwise {@code null}
 * @param scheduledAt the line of user code that called {@code callLater} (the first frame outside
 *     Weft, the JDK and test frameworks), when {@link Clock#captureCallSites(boolean)} was on
 *     (the default) and such a frame was found; otherwise {@code null}
 */
public record PendingCall(
    Instant time,
    DelayedCall call,
    Runnable action,
    @Nullable Throwable creationSite,
    @Nullable StackTraceElement scheduledAt) {

  /**
   * Checks the components.
   *
   * @param time when the call is due
   * @param call the live handle
   * @param action the code that will run
   * @param creationSite where the call was scheduled, or {@code null}
   * @param scheduledAt the line of user code that scheduled it, or {@code null}
   */
  public PendingCall {
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(call, "call");
    Objects.requireNonNull(action, "action");
  }

  /**
   * Describes the call as a dirty-reactor report does: what it is, if it says, and the line that
   * scheduled it, e.g. {@code "scheduled at com.example.Foo.bar(Foo.java:42)"}.
   *
   * @return the description, never empty
   */
  public String describe() {
    return Actions.describe(action, scheduledAt);
  }
}
