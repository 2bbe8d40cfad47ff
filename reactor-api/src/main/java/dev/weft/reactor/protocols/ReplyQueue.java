package dev.weft.reactor.protocols;

import dev.weft.reactor.Deferred;
import dev.weft.reactor.ReactorTime;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;

/**
 * Matches replies to requests in the order the requests were sent, for protocols whose server
 * answers in order (pipelining: Redis, memcached, SMTP, line-based RPC). The protocol calls
 * {@link #expect()} when it sends a request and {@link #deliver(Object)} when a reply has been
 * framed; each reply completes the oldest request still waiting in line.
 *
 * <p><b>Late replies are dropped, never misdelivered.</b> A request whose Deferred was cancelled
 * or timed out before its reply came (for example with
 * {@link Deferred#withTimeout(Duration, ReactorTime)} on it, or on a stage composed from it, which
 * cancels it) keeps its place in line, so when its reply finally arrives it is dropped
 * ({@link Match#LATE}) instead of answering the next request. The line is bounded by the requests
 * sent and not yet answered.
 *
 * <p>When the connection ends, {@link #failAll(Throwable)} fails every request still waiting.
 * Not thread-safe: use it on the reactor thread, from the protocol's callbacks.
 *
 * @param <R> the type of a reply
 */
public final class ReplyQueue<R> {

  /** What {@link #deliver(Object)} did with a reply. */
  public enum Match {
    /** It completed the oldest request waiting for it. */
    ANSWERED,
    /** The oldest request had been cancelled or had timed out: the reply was dropped. */
    LATE,
    /** No request was waiting: the peer sent more replies than it was asked for. */
    UNSOLICITED
  }

  private final @Nullable Executor executor;
  private final ArrayDeque<Deferred<R>> line = new ArrayDeque<>();

  /**
   * Creates an empty queue whose Deferreds run their async stages on {@code executor}.
   *
   * @param executor normally the reactor's {@code executor()}, so that the Deferreds also refuse
   *     to block its thread and report failures nobody observes; or {@code null} for none
   */
  public ReplyQueue(@Nullable Executor executor) {
    this.executor = executor;
  }

  /**
   * Puts a request in line; call it when the request is written.
   *
   * @return completes with the request's reply; cancelling it (or timing it out) leaves its place
   *     in line so its reply is dropped
   */
  public Deferred<R> expect() {
    Deferred<R> reply = new Deferred<>(executor, null);
    line.add(reply);
    return reply;
  }

  /**
   * Hands a reply to the oldest request in line.
   *
   * @param reply the reply, as framed by the protocol
   * @return what became of it; {@link Match#UNSOLICITED} is the peer's protocol error, which the
   *     caller usually answers by closing the connection
   */
  public Match deliver(R reply) {
    Deferred<R> oldest = line.poll();
    if (oldest == null) {
      return Match.UNSOLICITED;
    }
    if (oldest.isDone()) {
      return Match.LATE;
    }
    oldest.complete(reply);
    return Match.ANSWERED;
  }

  /**
   * Fails every request in line that still waits, and empties the line: the connection ended
   * and no reply will come.
   *
   * @param reason what each waiting request fails with, typically the connection's
   *     {@code ConnectionEndedException}
   */
  public void failAll(Throwable reason) {
    Objects.requireNonNull(reason, "reason");
    List<Deferred<R>> failing = new ArrayList<>(line);
    line.clear();
    for (Deferred<R> reply : failing) {
      if (!reply.isDone()) {
        reply.completeExceptionally(reason);
      }
    }
  }

  /**
   * Returns how many replies are still expected, counting those that will be dropped.
   *
   * @return the length of the line
   */
  public int size() {
    return line.size();
  }

  /**
   * Returns how many requests in line still wait for their reply.
   *
   * @return the requests neither answered, cancelled nor timed out
   */
  public int waiting() {
    return (int) line.stream().filter(d -> !d.isDone()).count();
  }

  /**
   * Returns a Deferred that succeeds once every request now in line has settled: answered,
   * failed, cancelled or timed out. Late replies still expected do not count. For an orderly
   * close: stop sending, wait for this, then close.
   *
   * @return completes on the reactor thread; never fails
   */
  public Deferred<Void> whenSettled() {
    Deferred<Void> settled = new Deferred<>(executor, null);
    List<Deferred<R>> pending = line.stream().filter(d -> !d.isDone()).toList();
    if (pending.isEmpty()) {
      settled.complete(null);
      return settled;
    }
    int[] left = {pending.size()};
    for (Deferred<R> reply : pending) {
      reply.whenComplete(
          (value, error) -> {
            if (--left[0] == 0) {
              settled.complete(null);
            }
          });
    }
    return settled;
  }

  @Override
  public String toString() {
    return "ReplyQueue[" + waiting() + " waiting, " + line.size() + " in line]";
  }
}
