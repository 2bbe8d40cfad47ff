package dev.weft.reactor;

/**
 * A {@link DelayedCall} was cancelled, reset or delayed after it had been cancelled.
 *
 * <p>Twisted: {@code AlreadyCancelled}.
 */
public class AlreadyCancelledException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what happened and what to do instead
   */
  public AlreadyCancelledException(String message) {
    super(message);
  }
}
