package dev.weft.reactor;

/**
 * A reactor or transport method was called from a thread other than the reactor's own.
 * Hand work to the reactor thread with {@link ReactorThreads#callFromThread(Runnable)}.
 */
public class WrongThreadException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message which method was called from which thread, and the remedy
   */
  public WrongThreadException(String message) {
    super(message);
  }
}
