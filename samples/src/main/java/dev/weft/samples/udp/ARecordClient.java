package dev.weft.samples.udp;

import dev.weft.reactor.ConnectionRefusedException;
import dev.weft.reactor.Deferred;
import dev.weft.reactor.DelayedCall;
import dev.weft.reactor.ReactorTime;
import dev.weft.reactor.udp.BaseDatagramProtocol;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeoutException;

/**
 * A request/response client over UDP: looks up A records at an {@link ARecordServer}, resending a
 * query that is not answered in time, with the timeout doubling after each attempt. Connected to
 * its server, so a server that is not there is reported at once as
 * {@link ConnectionRefusedException} instead of after every retry.
 *
 * <pre>{@code
 * ARecordClient client = new ARecordClient(reactor, server, Duration.ofSeconds(1), 4);
 * reactor.listenUDP(0, client);
 * client.lookup("weft.dev").thenAccept(address -> ...);
 * }</pre>
 *
 * <p>With a first timeout of 1 s and 4 attempts a query is sent at 0, 1, 3 and 7 s and fails
 * with {@link TimeoutException} at 15 s. An answer is matched to its query by id, so an answer to
 * an earlier attempt, a duplicate or a late one is fine: the first completes the lookup and the
 * rest are ignored. Ids count up from 0, which keeps runs reproducible; a client on an open
 * network would draw them at random, as DNS resolvers do, so that a stranger cannot guess them.
 *
 * <p>Time comes from the {@link ReactorTime} given, so a test drives the retries with a fake
 * Clock. Not thread-safe: call it on the reactor thread.
 */
public final class ARecordClient extends BaseDatagramProtocol {
  private final ReactorTime time;
  private final InetSocketAddress server;
  private final Duration firstTimeout;
  private final int attempts;
  private final Map<Integer, Pending> pending = new HashMap<>();
  private int nextId;

  /** One lookup in flight. */
  private final class Pending {
    final int id;
    final byte[] query;
    final Deferred<InetAddress> result;
    int sent;
    Duration timeout;
    DelayedCall timer;

    Pending(int id, String name) {
      this.id = id;
      this.query = ARecordMessages.query(id, name);
      this.timeout = firstTimeout;
      this.result = new Deferred<>(d -> finish(this));
    }

    void send() {
      sent++;
      transport().write(query);
      timer = time.callLater(timeout, this::timedOut);
      timeout = timeout.multipliedBy(2);
    }

    void timedOut() {
      if (sent < attempts) {
        send();
      } else {
        finish(this);
        result.completeExceptionally(new TimeoutException(
            "no answer from " + server + " after " + attempts + " attempts"));
      }
    }
  }

  /**
   * Creates a client; listen with it on a port (port 0 is the usual choice) before looking up.
   *
   * @param time the reactor's time, for the retry timers
   * @param server the server's resolved address
   * @param firstTimeout how long the first attempt waits, positive; each next one waits twice as
   *     long
   * @param attempts how many times a query is sent at most, at least 1
   * @throws IllegalArgumentException if {@code firstTimeout} is not positive or {@code attempts}
   *     is less than 1
   */
  public ARecordClient(ReactorTime time, InetSocketAddress server, Duration firstTimeout, int attempts) {
    this.time = Objects.requireNonNull(time, "time");
    this.server = Objects.requireNonNull(server, "server");
    Objects.requireNonNull(firstTimeout, "firstTimeout");
    if (firstTimeout.isNegative() || firstTimeout.isZero()) {
      throw new IllegalArgumentException("firstTimeout must be positive: " + firstTimeout);
    }
    if (attempts < 1) {
      throw new IllegalArgumentException("attempts must be at least 1: " + attempts);
    }
    this.firstTimeout = firstTimeout;
    this.attempts = attempts;
  }

  @Override
  protected void protocolStarted() {
    transport().connect(server);
  }

  /**
   * Looks up the IPv4 address of {@code name}.
   *
   * @param name the name, at most 255 ASCII characters
   * @return completes with the address; fails with {@link UnknownHostException} if the server
   *     has no such name, {@link TimeoutException} if no answer came after every attempt, or
   *     {@link ConnectionRefusedException} if nothing listens at the server's address.
   *     Cancelling it stops the retries.
   * @throws IllegalArgumentException if {@code name} is longer than 255 characters
   * @throws IllegalStateException if 65536 lookups are in flight, or the client is not listening
   */
  public Deferred<InetAddress> lookup(String name) {
    Objects.requireNonNull(name, "name");
    if (name.length() > ARecordMessages.MAX_NAME) {
      throw new IllegalArgumentException("name must be at most 255 characters: " + name.length());
    }
    if (pending.size() > 0xFFFF) {
      throw new IllegalStateException("65536 lookups in flight; wait for some to finish");
    }
    int id = nextId;
    while (pending.containsKey(id)) {
      id = (id + 1) & 0xFFFF;
    }
    nextId = (id + 1) & 0xFFFF;
    Pending p = new Pending(id, name);
    pending.put(id, p);
    p.send();
    return p.result;
  }

  @Override
  public void datagramReceived(ByteBuffer datagram, InetSocketAddress sender) {
    ARecordMessages.Answer answer = ARecordMessages.parseAnswer(datagram);
    if (answer == null) {
      return;
    }
    Pending p = pending.get(answer.id());
    if (p == null) {
      // A duplicate or late answer to a lookup already finished.
      return;
    }
    finish(p);
    InetAddress address = answer.address();
    if (address == null) {
      p.result.completeExceptionally(new UnknownHostException("no such name at " + server));
    } else {
      p.result.complete(address);
    }
  }

  @Override
  public void connectionRefused(ConnectionRefusedException refusal) {
    for (Pending p : Map.copyOf(pending).values()) {
      finish(p);
      p.result.completeExceptionally(refusal);
    }
  }

  private void finish(Pending p) {
    pending.remove(p.id);
    if (p.timer != null && p.timer.isActive()) {
      p.timer.cancel();
    }
  }

  /**
   * Counts the lookups waiting for an answer.
   *
   * @return the count
   */
  public int inFlight() {
    return pending.size();
  }
}
