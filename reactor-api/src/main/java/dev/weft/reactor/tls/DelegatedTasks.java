package dev.weft.reactor.tls;

/**
 * Where the TLS layer runs the slow steps of a handshake that {@link javax.net.ssl.SSLEngine}
 * hands out as delegated tasks (certificate path validation, key agreement, signatures).
 *
 * <p>{@link #INLINE} is the default: on this JDK those tasks take well under a millisecond each,
 * and handing them to a pool costs a thread hop each way plus a reactor turn; see the TLS
 * section of {@code docs/benchmarks.md} for the measurements behind the choice.
 */
public enum DelegatedTasks {
  /** On the reactor thread, as soon as the engine asks: the handshake never waits for a turn. */
  INLINE,
  /**
   * On the reactor's blocking pool ({@link dev.weft.reactor.ReactorThreads#deferToThread}); the
   * handshake goes on, on the reactor thread, once they are done. Keeps the loop free while a
   * slow trust manager (one that goes to the network, say) decides.
   */
  THREAD_POOL
}
