package dev.weft.reactor;

import java.net.InetSocketAddress;

/**
 * One client connection made by {@link ReactorTCP#connectTCP}: its attempts, and the connection
 * once it is established. Methods are called on the reactor thread.
 *
 * <p>Twisted: {@code IConnector}.
 */
public interface Connector {

  /** The state of a connector. */
  enum State {
    /** An attempt is in progress. */
    CONNECTING,
    /** The connection is established. */
    CONNECTED,
    /** No attempt is in progress and no connection is open. */
    DISCONNECTED
  }

  /**
   * Starts a new attempt with the same factory and destination, for example from
   * {@link ClientFactory#clientConnectionFailed} to retry.
   *
   * @throws IllegalStateException if an attempt is in progress or the connection is open
   */
  void connect();

  /**
   * Cancels the attempt in progress; the factory receives
   * {@link ClientFactory#clientConnectionFailed} with a {@link ConnectCancelledException}.
   *
   * @throws IllegalStateException if no attempt is in progress
   */
  void stopConnecting();

  /**
   * Ends whatever is in progress: cancels a pending attempt as {@link #stopConnecting()} does, or
   * closes an established connection as {@link Transport#loseConnection()} does. Does nothing
   * when disconnected.
   */
  void disconnect();

  /**
   * Returns where this connector connects to. The address is unresolved when a host name was
   * given.
   *
   * @return the destination host and port
   */
  InetSocketAddress destination();

  /**
   * Returns the connector's state.
   *
   * @return the current state, never {@code null}
   */
  State state();
}
