package dev.weft.samples.explore;

import dev.weft.reactor.BaseProtocolFactory;
import dev.weft.reactor.Protocol;
import dev.weft.reactor.protocols.LineReceiver;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * A ledger of one balance: each request line {@code ADD <request-id> <amount>} adds the amount
 * and is answered {@code OK <balance>}; anything else is answered {@code ERR <reason>}. Lines end
 * with {@code \r\n}. Not thread-safe; the reactor calls it on its thread.
 *
 * <p>Two servers speak this protocol. {@link #naive()} applies every request it reads, and uses
 * the request id for nothing: a client that sends a request again because its connection broke
 * before the answer came (did the server apply it?) gets it applied twice. {@link #deduplicating()}
 * remembers the answer to each request id and sends it again for a repeat, applying nothing: the
 * request id is an idempotency key, and a retry is safe.
 *
 * <p><b>Against hostile clients.</b>
 * <ul>
 *   <li>A request that would take the balance out of the range of a {@code long} is answered
 *       {@code ERR} and applied to nothing (nor remembered), instead of wrapping around.
 *   <li>A client that sends requests without reading the answers is paused: each connection is
 *       registered as the producer of its own transport, so once the answers waiting for it go
 *       above the transport's high-water mark the server stops reading its requests, even in the
 *       middle of a read, until they drain to the low-water mark.
 * </ul>
 */
public final class LedgerServer extends BaseProtocolFactory {
  private final boolean deduplicates;
  private final Map<String, String> answered = new HashMap<>();
  private long balance;
  private int applied;

  private LedgerServer(boolean deduplicates) {
    this.deduplicates = deduplicates;
  }

  /**
   * A server that applies every request it reads, repeats included.
   *
   * @return a server with balance 0
   */
  public static LedgerServer naive() {
    return new LedgerServer(false);
  }

  /**
   * A server that applies each request id once and answers a repeat with the first answer.
   *
   * @return a server with balance 0
   */
  public static LedgerServer deduplicating() {
    return new LedgerServer(true);
  }

  /**
   * Returns the balance.
   *
   * @return the sum of the amounts applied
   */
  public long balance() {
    return balance;
  }

  /**
   * Returns how many requests were applied.
   *
   * @return requests applied, repeats the server recognised not counted
   */
  public int applied() {
    return applied;
  }

  @Override
  public Protocol buildProtocol(SocketAddress peer) {
    return new Session();
  }

  private String answer(String line) {
    String[] words = line.split(" ");
    if (words.length != 3 || !words[0].equals("ADD")) {
      return "ERR expected ADD <request-id> <amount>";
    }
    long amount;
    try {
      amount = Long.parseLong(words[2]);
    } catch (NumberFormatException e) {
      return "ERR not an amount: " + words[2];
    }
    String id = words[1];
    if (deduplicates && answered.containsKey(id)) {
      return answered.get(id);
    }
    long sum;
    try {
      sum = Math.addExact(balance, amount);
    } catch (ArithmeticException e) {
      return "ERR the balance must stay in " + Long.MIN_VALUE + ".." + Long.MAX_VALUE + ": "
          + balance + " + " + amount;
    }
    balance = sum;
    applied++;
    String answer = "OK " + balance;
    if (deduplicates) {
      answered.put(id, answer);
    }
    return answer;
  }

  /** One client's connection. */
  private final class Session extends LineReceiver {
    Session() {
      super(CRLF, 256);
    }

    @Override
    public void connectionMade() {
      // Answers that pile up for a client who does not read them pause this session's reading.
      transport().registerProducer(this, true);
    }

    @Override
    protected void lineReceived(byte[] line) {
      sendLine(answer(new String(line, StandardCharsets.UTF_8))
          .getBytes(StandardCharsets.UTF_8));
    }
  }
}
