package dev.weft.reactor.testing;

import java.util.Objects;

/**
 * An exception that user code threw into a fake (a protocol or factory callback, a trigger,
 * thread-pool work) and that the fake caught, as the production reactor would, instead of letting
 * it escape into the test's unrelated code. Listed by {@link MemoryReactor#callbackErrors()}.
 *
 * @param context where it was thrown: which callback, on which connection, under which delivery
 *     policy (with its seed, so the run can be replayed)
 * @param error what was thrown
 */
public record CallbackError(String context, Throwable error) {

  /**
   * Checks the components.
   *
   * @param context where it was thrown
   * @param error what was thrown
   */
  public CallbackError {
    Objects.requireNonNull(context, "context");
    Objects.requireNonNull(error, "error");
  }

  @Override
  public String toString() {
    return context + ": " + error;
  }
}
