package dev.weft.reactor.testing.internal;

/**
 * The stack of the code that created something a fake keeps (a delayed call, a connection, a
 * port), captured only when the test asked for it, so a leftover can say where it came from.
 */
public final class CreationSite extends Throwable {
  private static final long serialVersionUID = 1L;

  /**
   * Captures the current stack.
   *
   * @param what what was created here, for the message
   */
  public CreationSite(String what) {
    super(what + " was created here", null, false, true);
  }
}
