package dev.weft.reactor.tls;

/**
 * Where the TLS layer runs the slow steps of a handshake that {@link javax.net.ssl.SSLEngine}
 * hands out as delegated tasks (certificate path validation, key agreement, signatures).
 *
 * <p>{@link #INLINE} is the default: no thread hop, no extra reactor turn, every step on the
 * thread that owns the connection (and deterministic on the fakes), as Netty's {@code SslHandler}
 * defaults to. {@link #THREAD_POOL} spreads the crypto of many simultaneous handshakes over the
 * machine's cores. The TLS section of {@code docs/benchmarks.md} has the measurements.
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
