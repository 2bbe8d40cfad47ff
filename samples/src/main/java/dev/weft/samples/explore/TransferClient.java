package dev.weft.samples.explore;

import dev.weft.reactor.ClientFactory;
import dev.weft.reactor.ConnectFailedException;
import dev.weft.reactor.ConnectionEndedException;
import dev.weft.reactor.Connector;
import dev.weft.reactor.Deferred;
import dev.weft.reactor.Protocol;
import dev.weft.reactor.Reactor;
import dev.weft.reactor.protocols.LineReceiver;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;

/**
 * Sends one transfer to a {@link LedgerServer} and, like many real clients, tries again on a
 * new connection when the connection fails or breaks before the answer: {@code attempts} times
 * in all, {@link #RETRY_DELAY} apart. Whether that is safe is the server's business: against
 * {@link LedgerServer#naive()} a retry after the server applied the request applies it twice.
 * Not thread-safe; use it on the reactor thread.
 */
public final class TransferClient {
  /** The pause before each retry. */
  public static final Duration RETRY_DELAY = Duration.ofMillis(100);

  private final Reactor reactor;
  private final String host;
  private final int port;
  private final String request;
  private final Deferred<Long> balance = new Deferred<>();
  private int attemptsLeft;

  private TransferClient(Reactor reactor, String host, int port, String request, int attempts) {
    this.reactor = reactor;
    this.host = host;
    this.port = port;
    this.request = request;
    this.attemptsLeft = attempts;
  }

  /**
   * Adds {@code amount} under {@code requestId}, trying up to {@code attempts} connections.
   *
   * @param reactor the reactor to connect and wait with
   * @param host the server's host
   * @param port the server's port
   * @param requestId names the transfer; one word
   * @param amount the amount to add
   * @param attempts at least 1
   * @return the balance the server answered; fails with the last attempt's failure (a
   *     {@link ConnectFailedException} or {@link ConnectionEndedException}) or with an
   *     {@link IllegalStateException} for an {@code ERR} answer
   * @throws IllegalArgumentException if {@code attempts} is below 1 or {@code requestId} is not
   *     one word
   */
  public static Deferred<Long> transfer(Reactor reactor, String host, int port, String requestId,
      long amount, int attempts) {
    Objects.requireNonNull(reactor, "reactor");
    Objects.requireNonNull(host, "host");
    if (attempts < 1) {
      throw new IllegalArgumentException("attempts must be at least 1: " + attempts);
    }
    if (requestId.isEmpty() || requestId.chars().anyMatch(Character::isWhitespace)) {
      throw new IllegalArgumentException("requestId must be one word: \"" + requestId + "\"");
    }
    TransferClient client = new TransferClient(reactor, host, port,
        "ADD " + requestId + " " + amount, attempts);
    client.attempt();
    return client.balance;
  }

  private void attempt() {
    attemptsLeft--;
    reactor.connectTCP(host, port, new ClientFactory() {
      @Override
      public Protocol buildProtocol(SocketAddress address) {
        return new Exchange();
      }

      @Override
      public void clientConnectionFailed(Connector connector, ConnectFailedException reason) {
        retryOrFail(reason);
      }
    });
  }

  private void retryOrFail(Exception reason) {
    if (balance.isDone()) {
      return;
    }
    if (attemptsLeft > 0) {
      reactor.callLater(RETRY_DELAY, this::attempt);
    } else {
      balance.completeExceptionally(reason);
    }
  }

  /** One connection: send the request, read one answer, close. */
  private final class Exchange extends LineReceiver {
    private boolean answered;

    Exchange() {
      super(CRLF, 256);
    }

    @Override
    public void connectionMade() {
      sendLine(request.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    protected void lineReceived(byte[] line) {
      if (answered) {
        return;
      }
      answered = true;
      String answer = new String(line, StandardCharsets.UTF_8);
      if (answer.startsWith("OK ")) {
        balance.complete(Long.parseLong(answer.substring(3)));
      } else {
        balance.completeExceptionally(new IllegalStateException("server answered: " + answer));
      }
      transport().loseConnection();
    }

    @Override
    public void connectionLost(ConnectionEndedException reason) {
      if (!answered) {
        // The answer never came: did the server apply the transfer? This client assumes not.
        retryOrFail(reason);
      }
    }
  }
}
