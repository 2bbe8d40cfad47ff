package dev.weft.reactor.endpoints;

import dev.weft.reactor.ClientFactory;
import dev.weft.reactor.ConnectFailedException;
import dev.weft.reactor.ConnectionEndedException;
import dev.weft.reactor.Connector;
import dev.weft.reactor.Deferred;
import dev.weft.reactor.Protocol;
import dev.weft.reactor.ProtocolFactory;
import dev.weft.reactor.Transport;
import java.net.SocketAddress;
import org.jspecify.annotations.Nullable;

/**
 * The client factory an endpoint hands to {@code connectTCP} for one attempt: it builds the
 * user's protocol, completes {@code result} once that protocol's {@code connectionMade} has run,
 * and fails it with the attempt's failure. Passes {@code doStart}/{@code doStop} on to the user's
 * factory. A protocol built after {@code result} settled (cancelled, or another attempt won) is
 * refused by returning {@code null}, which makes the reactor close that connection.
 *
 * <p>Twisted: {@code endpoints._WrappingFactory}.
 */
final class ConnectingFactory implements ClientFactory {
  /** Hears how the attempt went; lets the hostname endpoint race several attempts. */
  interface Listener {
    /** Called once when the attempt failed, unless the shared result is already settled. */
    void failed(ConnectingFactory attempt, ConnectFailedException reason);

    /**
     * Called when a connection was established, before the user's protocol is built.
     *
     * @return whether this connection may proceed; {@code false} closes it
     */
    default boolean connected(ConnectingFactory attempt) {
      return true;
    }
  }

  private static final Listener FAIL_RESULT =
      (attempt, reason) -> attempt.result.completeExceptionally(reason);

  private final ProtocolFactory factory;
  private final Deferred<Protocol> result;
  private final Listener listener;
  private @Nullable Connector connector;

  ConnectingFactory(ProtocolFactory factory, Deferred<Protocol> result) {
    this(factory, result, FAIL_RESULT);
  }

  ConnectingFactory(ProtocolFactory factory, Deferred<Protocol> result, Listener listener) {
    this.factory = factory;
    this.result = result;
    this.listener = listener;
  }

  void attach(Connector connector) {
    this.connector = connector;
  }

  /**
   * Words what {@code connectTCP} threw as the failure of the attempt, so an endpoint's Deferred
   * fails with it instead of the exception escaping from {@code connect} or, inside a callback,
   * being lost.
   *
   * @param destination host and port, for the message
   * @param thrown what {@code connectTCP} threw
   * @return {@code thrown} itself if it is a {@link ConnectFailedException}, otherwise one that
   *     wraps it
   */
  static ConnectFailedException connectTcpFailed(String destination, RuntimeException thrown) {
    return thrown instanceof ConnectFailedException failure
        ? failure
        : new ConnectFailedException("connectTCP to " + destination + " threw " + thrown, thrown);
  }

  /** Stops this attempt if it is still connecting; the reactor then reports it cancelled. */
  void stop() {
    Connector c = connector;
    if (c != null && c.state() == Connector.State.CONNECTING) {
      c.stopConnecting();
    }
  }

  @Override
  public @Nullable Protocol buildProtocol(SocketAddress peer) {
    if (result.isDone() || !listener.connected(this)) {
      return null;
    }
    Protocol protocol;
    try {
      protocol = factory.buildProtocol(peer);
    } catch (RuntimeException e) {
      result.completeExceptionally(
          new ConnectFailedException("protocol factory " + factory + " threw for " + peer, e));
      return null;
    }
    if (protocol == null) {
      result.completeExceptionally(
          new ConnectFailedException(
              "protocol factory " + factory + " returned no protocol for " + peer));
      return null;
    }
    return WrappingProtocol.wrap(
        protocol,
        new WrappingProtocol.Hooks() {
          @Override
          public void made(Protocol connected, Transport transport) {
            if (!result.isDone()) {
              result.complete(connected);
            }
          }
        });
  }

  @Override
  public void clientConnectionFailed(Connector connector, ConnectFailedException reason) {
    if (!result.isDone()) {
      listener.failed(this, reason);
    }
  }

  @Override
  public void clientConnectionLost(Connector connector, ConnectionEndedException reason) {
    // Only when the user's connectionMade threw: the reactor aborted the connection before the
    // endpoint could hand the protocol out.
    if (!result.isDone()) {
      result.completeExceptionally(
          new ConnectFailedException("connection ended before connectionMade completed", reason));
    }
  }

  @Override
  public void doStart() {
    factory.doStart();
  }

  @Override
  public void doStop() {
    factory.doStop();
  }

  @Override
  public String toString() {
    return "ConnectingFactory[" + factory + "]";
  }
}
