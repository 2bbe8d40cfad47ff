package dev.weft.reactor.internal;

/**
 * Decides which throwables caught from user code a reactor cannot survive; the nio reactor and
 * the fakes ask the same question here, so they give up in the same cases.
 *
 * <p>Everything a callback throws is caught at the callback's boundary. Almost all of it is the
 * callback's own problem: the reactor reports it and aborts that one connection (or drops that one
 * delayed call, thread call or trigger) and carries on. Only an error that says the Java virtual
 * machine itself can no longer be trusted is <em>fatal</em>: the reactor then stops in order
 * (shutdown triggers, every connection told) and reports the error as the reason it stopped.
 *
 * <p>The classification, and why:
 *
 * <ul>
 *   <li><b>{@link StackOverflowError}: not fatal.</b> It is thrown on the overflowing thread at
 *       its deepest frame and unwinds; when it reaches the callback's boundary the stack is
 *       shallow again. Deep recursion driven by what a peer sends is that connection's problem.
 *       The connection is aborted, so whatever state its protocol half-updated is dropped with it.
 *   <li><b>{@link OutOfMemoryError}: not fatal.</b> An allocation sized by a peer (a length field
 *       read off the wire) fails without the memory ever being handed out, and what the callback
 *       had allocated becomes garbage as its stack unwinds, so the heap is as it was. When the heap
 *       is genuinely exhausted the error recurs, sooner or later in the reactor's own code, where
 *       any error stops the reactor. A process that prefers to die at the first one can run with
 *       the JVM's {@code -XX:+ExitOnOutOfMemoryError}.
 *   <li><b>Every other {@link VirtualMachineError}: fatal.</b> {@link InternalError} and
 *       {@link UnknownError} (and any subclass a future JDK adds) say the virtual machine is
 *       broken or in an unknown state; no code on it, the reactor's included, can be trusted to
 *       keep its invariants.
 *   <li><b>{@link LinkageError}: not fatal.</b> A class that cannot be found, linked or
 *       initialised fails the code that uses it, every time, and leaves the virtual machine
 *       consistent; each failure is reported.
 *   <li><b>Everything else</b> ({@link RuntimeException}, checked exceptions thrown sneakily,
 *       {@link AssertionError}, other {@link Error}s): not fatal.
 * </ul>
 *
 * <p>Stateless and thread-safe.
 */
public final class FatalErrors {
  private FatalErrors() {}

  /**
   * Tells whether a reactor that caught {@code failure} from a callback must stop; see the class
   * comment.
   *
   * @param failure what the callback threw, never {@code null}
   * @return {@code true} for a {@link VirtualMachineError} other than {@link StackOverflowError}
   *     and {@link OutOfMemoryError}
   */
  public static boolean isFatal(Throwable failure) {
    return failure instanceof VirtualMachineError
        && !(failure instanceof StackOverflowError)
        && !(failure instanceof OutOfMemoryError);
  }

  /**
   * Throws {@code failure} as it is when it is an unchecked throwable, for a reactor that hands a
   * recorded fatal error back to the caller of its {@code run()}.
   *
   * @param failure the error that stopped the reactor
   * @return never returns normally; declared so callers can write {@code throw rethrow(e)}
   * @throws Error or {@link RuntimeException} {@code failure} itself; any other throwable wrapped
   *     in an {@link IllegalStateException}
   */
  public static RuntimeException rethrow(Throwable failure) {
    if (failure instanceof Error e) {
      throw e;
    }
    if (failure instanceof RuntimeException r) {
      throw r;
    }
    throw new IllegalStateException("the reactor stopped because of " + failure, failure);
  }
}
