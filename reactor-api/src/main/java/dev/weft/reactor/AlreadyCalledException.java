package dev.weft.reactor;

/**
 * A {@link DelayedCall} was cancelled, reset or delayed after it had run, or a
 * {@link Deferred} was completed a second time.
 *
 * <p>Twisted: {@code AlreadyCalled} and {@code AlreadyCalledError}.
 */
public class AlreadyCalledException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what happened and what to do instead
   */
  public AlreadyCalledException(String message) {
    super(message);
  }
}
