package dev.weft.reactor;

/**
 * A {@link Transport} over TCP, with the socket options a protocol may tune. The reactor passes
 * a {@code TcpTransport} to protocols of {@link ReactorTCP} connections. Called on the reactor
 * thread.
 *
 * <p>Twisted: {@code ITCPTransport}.
 */
public interface TcpTransport extends Transport {

  /**
   * Enables or disables Nagle's algorithm ({@code TCP_NODELAY}).
   *
   * @param enabled {@code true} to send small writes at once
   */
  void setTcpNoDelay(boolean enabled);

  /**
   * Tells whether {@code TCP_NODELAY} is on.
   *
   * @return the option's value
   */
  boolean isTcpNoDelay();

  /**
   * Enables or disables TCP keep-alive probes ({@code SO_KEEPALIVE}).
   *
   * @param enabled {@code true} to probe idle connections
   */
  void setTcpKeepAlive(boolean enabled);

  /**
   * Tells whether {@code SO_KEEPALIVE} is on.
   *
   * @return the option's value
   */
  boolean isTcpKeepAlive();
}
