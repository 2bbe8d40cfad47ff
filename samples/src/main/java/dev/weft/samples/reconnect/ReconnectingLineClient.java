package dev.weft.samples.reconnect;

import dev.weft.reactor.ConnectionEndedException;
import dev.weft.reactor.Deferred;
import dev.weft.reactor.Reactor;
import dev.weft.reactor.endpoints.ClientService;
import dev.weft.reactor.endpoints.RetryPolicy;
import dev.weft.reactor.endpoints.TcpClientEndpoint;
import dev.weft.reactor.protocols.LineReceiver;
import dev.weft.reactor.protocols.ReplyQueue;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;

/**
 * A client of a line server that answers each request line with one reply line, in order, and
 * that stays connected through failures and restarts of the server. Everything generic is Weft's:
 * a {@link ClientService} keeps the connection up with backoff, {@code whenConnected()} queues
 * requests while disconnected, a {@link ReplyQueue} matches replies in order, and
 * {@link Deferred#withTimeout} bounds each request, dropping its late reply. What is left here is
 * the protocol. Not thread-safe; use it on the reactor thread.
 */
public final class ReconnectingLineClient {
  /** How long a request may take, waiting for a connection included, unless told otherwise. */
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);

  private final Reactor reactor;
  private final ClientService<Session> service;
  private final Duration requestTimeout;
  private boolean closing;

  private ReconnectingLineClient(
      Reactor reactor, String host, int port, Duration requestTimeout, RetryPolicy retryPolicy) {
    this.reactor = reactor;
    this.requestTimeout = Objects.requireNonNull(requestTimeout, "requestTimeout");
    this.service =
        ClientService.builder(reactor, new TcpClientEndpoint(reactor, host, port),
                () -> new Session(new ReplyQueue<>(reactor.executor())))
            .retryPolicy(retryPolicy)
            .build();
  }

  /**
   * Starts a client with Twisted's backoff and {@link #DEFAULT_REQUEST_TIMEOUT}.
   *
   * @param reactor the reactor to connect and keep time with
   * @param host the server's host
   * @param port the server's port
   * @return the running client
   */
  public static ReconnectingLineClient start(Reactor reactor, String host, int port) {
    return start(reactor, host, port, DEFAULT_REQUEST_TIMEOUT, RetryPolicy.twistedDefault());
  }

  /**
   * Starts a client.
   *
   * @param reactor the reactor to connect and keep time with
   * @param host the server's host
   * @param port the server's port
   * @param requestTimeout how long each request may take, from {@link #request} to its reply
   * @param retryPolicy how long to wait before each reconnection
   * @return the running client
   */
  public static ReconnectingLineClient start(
      Reactor reactor, String host, int port, Duration requestTimeout, RetryPolicy retryPolicy) {
    Objects.requireNonNull(reactor, "reactor");
    ReconnectingLineClient client =
        new ReconnectingLineClient(reactor, host, port, requestTimeout, retryPolicy);
    client.service.start();
    return client;
  }

  /**
   * Sends a request line, now if connected or as soon as a connection is up.
   *
   * @param line the request, without delimiter (UTF-8)
   * @return the reply line; fails with a {@code TimeoutException} after the request timeout
   *     (its reply, if it comes, is dropped), with the connection's end if the connection is
   *     lost before the reply, or with an {@link IllegalStateException} once {@link #close()} was
   *     called
   */
  public Deferred<String> request(String line) {
    Objects.requireNonNull(line, "line");
    if (closing) {
      return Deferred.failed(
          new IllegalStateException("the client is closing; requests are no longer taken"));
    }
    return service.whenConnected()
        .thenCompose(session -> session.request(line))
        .withTimeout(requestTimeout, reactor);
  }

  /**
   * Closes in order: takes no new requests, waits until the requests on the current connection
   * have their reply (or timed out), then stops the service, which closes the connection.
   * Requests still waiting for a connection fail.
   *
   * @return completes when the connection is closed
   */
  public Deferred<Void> close() {
    closing = true;
    Session session = service.connectedProtocol();
    Deferred<Void> drained =
        session == null ? Deferred.succeeded(null) : session.replies.whenSettled();
    return drained.thenCompose(ignored -> service.stop());
  }

  /**
   * Returns the service that keeps the connection, to watch its state.
   *
   * @return the service, never {@code null}
   */
  public ClientService<Session> service() {
    return service;
  }

  /** One connection: request lines out, reply lines matched in order. */
  public static final class Session extends LineReceiver {
    private final ReplyQueue<String> replies;

    Session(ReplyQueue<String> replies) {
      this.replies = replies;
    }

    Deferred<String> request(String line) {
      sendLine(line.getBytes(StandardCharsets.UTF_8));
      return replies.expect();
    }

    @Override
    protected void lineReceived(byte[] line) {
      if (replies.deliver(new String(line, StandardCharsets.UTF_8))
          == ReplyQueue.Match.UNSOLICITED) {
        transport().loseConnection(); // the server answers what nobody asked: out of step
      }
    }

    @Override
    public void connectionLost(ConnectionEndedException reason) {
      replies.failAll(reason);
    }
  }
}
