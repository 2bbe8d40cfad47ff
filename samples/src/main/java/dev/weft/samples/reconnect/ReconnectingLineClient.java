package dev.weft.samples.reconnect;

import dev.weft.reactor.ConnectionEndedException;
import dev.weft.reactor.Connector;
import dev.weft.reactor.ProtocolFactory;
import dev.weft.reactor.ReactorTCP;
import dev.weft.reactor.ReactorTime;
import dev.weft.reactor.protocols.LineReceiver;
import dev.weft.reactor.protocols.ReconnectingClientFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * A client that stays connected to a line server: on every connection it sends a greeting line,
 * hands each line received to a listener, and when the connection fails or drops it reconnects
 * with exponential backoff ({@link ReconnectingClientFactory}). Not thread-safe; use it on the
 * reactor thread.
 */
public final class ReconnectingLineClient {
  private final String greeting;
  private final Consumer<String> onLine;
  private final ReconnectingClientFactory factory;
  private final Connector connector;
  private @Nullable Session current;
  private int connections;

  private ReconnectingLineClient(
      ReactorTCP tcp,
      String host,
      int port,
      String greeting,
      Consumer<String> onLine,
      Function<ProtocolFactory, ReconnectingClientFactory> backoff) {
    this.greeting = Objects.requireNonNull(greeting, "greeting");
    this.onLine = Objects.requireNonNull(onLine, "onLine");
    this.factory =
        Objects.requireNonNull(backoff.apply(peer -> new Session()), "backoff returned null");
    this.connector = tcp.connectTCP(host, port, factory);
  }

  /**
   * Connects, and keeps reconnecting, with the given backoff.
   *
   * @param tcp the reactor to connect with
   * @param host the server's host
   * @param port the server's port
   * @param greeting the line sent at the start of every connection (UTF-8, no delimiter)
   * @param onLine receives each line from the server, decoded as UTF-8
   * @param backoff builds the reconnecting factory around the client's protocol factory, for
   *     example {@code p -> ReconnectingClientFactory.builder(clock, p).build()}
   * @return the running client
   */
  public static ReconnectingLineClient start(
      ReactorTCP tcp,
      String host,
      int port,
      String greeting,
      Consumer<String> onLine,
      Function<ProtocolFactory, ReconnectingClientFactory> backoff) {
    Objects.requireNonNull(tcp, "tcp");
    Objects.requireNonNull(backoff, "backoff");
    return new ReconnectingLineClient(tcp, host, port, greeting, onLine, backoff);
  }

  /**
   * Connects with a gentle backoff for interactive use: first retry after one second, doubling up
   * to half a minute, with 10% jitter.
   *
   * @param reactor the reactor to connect and schedule retries with
   * @param host the server's host
   * @param port the server's port
   * @param greeting the line sent at the start of every connection
   * @param onLine receives each line from the server
   * @param <R> the reactor's type
   * @return the running client
   */
  public static <R extends ReactorTCP & ReactorTime> ReconnectingLineClient start(
      R reactor, String host, int port, String greeting, Consumer<String> onLine) {
    return start(reactor, host, port, greeting, onLine,
        protocols -> ReconnectingClientFactory.builder(reactor, protocols)
            .initialDelay(Duration.ofMillis(500))
            .factor(2)
            .maxDelay(Duration.ofSeconds(30))
            .jitter(0.1)
            .build());
  }

  /**
   * Sends a line if connected.
   *
   * @param line the text, without delimiter
   * @return whether it was sent; {@code false} while disconnected
   */
  public boolean send(String line) {
    Session s = current;
    if (s == null || s.isClosing()) {
      return false;
    }
    s.sendLine(line.getBytes(StandardCharsets.UTF_8));
    return true;
  }

  /** Stops reconnecting and closes the connection or stops the attempt in progress. */
  public void stop() {
    factory.stopTrying();
    connector.disconnect();
  }

  /**
   * Tells whether a connection is open now.
   *
   * @return {@code true} between a connection's start and its end
   */
  public boolean isConnected() {
    return current != null;
  }

  /**
   * Returns how many connections have been established so far.
   *
   * @return the count of successful connects
   */
  public int connections() {
    return connections;
  }

  /**
   * Returns the reconnecting factory, to inspect the backoff state.
   *
   * @return the factory, never {@code null}
   */
  public ReconnectingClientFactory factory() {
    return factory;
  }

  /** One connection. */
  private final class Session extends LineReceiver {
    @Override
    public void connectionMade() {
      connections++;
      current = this;
      sendLine(greeting.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    protected void lineReceived(byte[] line) {
      onLine.accept(new String(line, StandardCharsets.UTF_8));
    }

    @Override
    public void connectionLost(ConnectionEndedException reason) {
      if (current == this) {
        current = null;
      }
    }

    boolean isClosing() {
      return transport().isDisconnecting();
    }
  }
}
