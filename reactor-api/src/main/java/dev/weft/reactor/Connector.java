package dev.weft.reactor;

import java.net.InetSocketAddress;
import java.net.SocketAddress;

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
   * @throws UnsupportedOperationException if the destination is not an IP address and port (a
   *     UNIX-domain connector, see {@link ReactorUNIX}); {@link #destinationAddress()} answers
   *     for every kind
   */
  InetSocketAddress destination();

  /**
   * Returns where this connector connects to, whatever its kind: {@link #destination()} for a
   * TCP connector, a {@link java.net.UnixDomainSocketAddress} for a UNIX-domain connector.
   *
   * @return the destination, never {@code null}
   */
  default SocketAddress destinationAddress() {
    return destination();
  }

  /**
   * Returns the connector's state.
   *
   * @return the current state, never {@code null}
   */
  State state();
}
