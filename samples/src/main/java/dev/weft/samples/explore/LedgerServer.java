package dev.weft.samples.explore;

import dev.weft.reactor.BaseProtocolFactory;
import dev.weft.reactor.Protocol;
import dev.weft.reactor.protocols.LineReceiver;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

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
 *   <li>A deduplicating server remembers a bounded number of request ids
 *       ({@link #deduplicating(int)}, by default {@value #DEFAULT_REMEMBERED_IDS}), shared by all
 *       connections, since a retry comes on a new one. Ids are forgotten oldest first, in the
 *       order they were applied. The guarantee: a repeat of an id is answered from memory,
 *       applying nothing, if fewer than that many other ids were applied after it; a repeat of an
 *       id forgotten since is applied again. Any client sending new ids pushes older ones out,
 *       so the bound must exceed the ids all clients send within the time a client may retry.
 *   <li>A request that would take the balance out of the range of a {@code long} is answered
 *       {@code ERR} and applied to nothing (nor remembered), instead of wrapping around.
 *   <li>A client that sends requests without reading the answers is paused: each connection is
 *       registered as the producer of its own transport, so once the answers waiting for it go
 *       above the transport's high-water mark the server stops reading its requests, even in the
 *       middle of a read, until they drain to the low-water mark.
 * </ul>
 */
public final class LedgerServer extends BaseProtocolFactory {
  /** How many request ids {@link #deduplicating()} remembers. */
  public static final int DEFAULT_REMEMBERED_IDS = 10_000;

  private final @Nullable Map<String, String> answered;
  private long balance;
  private int applied;

  private LedgerServer(int rememberedIds) {
    this.answered = rememberedIds == 0 ? null : new LinkedHashMap<>() {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
        return size() > rememberedIds;
      }
    };
  }

  /**
   * A server that applies every request it reads, repeats included.
   *
   * @return a server with balance 0
   */
  public static LedgerServer naive() {
    return new LedgerServer(0);
  }

  /**
   * A server that applies each request id once and answers a repeat with the first answer,
   * remembering the last {@value #DEFAULT_REMEMBERED_IDS} ids applied.
   *
   * @return a server with balance 0
   */
  public static LedgerServer deduplicating() {
    return deduplicating(DEFAULT_REMEMBERED_IDS);
  }

  /**
   * A server that applies each request id once and answers a repeat with the first answer, as
   * long as fewer than {@code rememberedIds} other ids were applied after it (see the class
   * comment).
   *
   * @param rememberedIds how many of the latest applied request ids to remember, at least 1
   * @return a server with balance 0
   * @throws IllegalArgumentException if {@code rememberedIds} is less than 1
   */
  public static LedgerServer deduplicating(int rememberedIds) {
    if (rememberedIds < 1) {
      throw new IllegalArgumentException("rememberedIds must be at least 1: " + rememberedIds);
    }
    return new LedgerServer(rememberedIds);
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
    Map<String, String> remembered = answered;
    if (remembered != null && remembered.containsKey(id)) {
      return remembered.get(id);
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
    if (remembered != null) {
      remembered.put(id, answer);
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
