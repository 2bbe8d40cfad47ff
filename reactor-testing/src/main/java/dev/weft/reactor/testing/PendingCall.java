package dev.weft.reactor.testing;

import dev.weft.reactor.DelayedCall;
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
 * @param creationSite where {@code callLater} was called, when
 *     {@link Clock#captureCreationSites(boolean)} was on at that time; otherwise {@code null}
 */
public record PendingCall(
    Instant time, DelayedCall call, Runnable action, @Nullable Throwable creationSite) {

  /**
   * Checks the components.
   *
   * @param time when the call is due
   * @param call the live handle
   * @param action the code that will run
   * @param creationSite where the call was scheduled, or {@code null}
   */
  public PendingCall {
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(call, "call");
    Objects.requireNonNull(action, "action");
  }
}
