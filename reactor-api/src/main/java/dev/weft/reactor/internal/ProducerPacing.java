package dev.weft.reactor.internal;

import dev.weft.reactor.Producer;
import dev.weft.reactor.PullProducer;
import dev.weft.reactor.PushProducer;
import dev.weft.reactor.WriteBufferLimitExceededException;
import java.util.List;
import java.util.Objects;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;

/**
 * The flow-control rules of one transport's write side, shared by the production transport and
 * the fakes so that both pace producers and report writability identically by construction.
 *
 * <p>The transport tells it each time its buffered (pending) byte count grew
 * ({@link #afterWrite(long)}) or shrank ({@link #afterDrain(long)}); it answers with the rules:
 *
 * <ul>
 *   <li>The transport is <em>writable</em> until a write takes the pending bytes above the
 *       high-water mark, and again once they drain to the low-water mark or below.
 *   <li>A registered push producer is paused exactly while the transport is not writable: at
 *       once when registered on an unwritable transport, and when a write crosses the high mark;
 *       it is resumed when the pending bytes drain to the low mark.
 *   <li>A registered pull producer is asked for a chunk when registered and each time the pending
 *       bytes drain to zero. It holds a clean close ({@link #holdsClose()}) until it unregisters;
 *       a push producer does not (Twisted's transports behave the same way).
 *   <li>While a producer is registered, writes are accepted after {@code loseConnection} until
 *       the connection actually closes ({@link #acceptsWritesWhileClosing()}).
 *   <li>A write that takes the pending bytes above the write buffer limit aborts the connection
 *       ({@link #limitExceeded(long)}).
 *   <li>A writability change is reported to the protocol on a later turn, never inside the write
 *       that caused it: {@link #afterWrite} and {@link #afterDrain} return {@code true} when the
 *       transport must schedule a report, and {@link #takeWritabilityChanges()} gives the values
 *       to report. Changes that come and go before the report are folded into one pair (false,
 *       then true, or the reverse), so that a writer that saw the transport unwritable always
 *       hears that it is writable again.
 * </ul>
 *
 * <p>Producer callbacks the transport makes on its own initiative (pause, resume, stop) never
 * throw into the transport's caller: what they throw goes to the failure handler, which aborts
 * the connection. Those made inside {@link #register} are part of the registering code's own
 * call, and what they throw propagates to it.
 *
 * <p>Not thread-safe: the transport's reactor thread only.
 */
public final class ProducerPacing {
  /** Default pending byte count above which a transport stops being writable: 64 KiB. */
  public static final long DEFAULT_HIGH_WATER_MARK = 64 * 1024;

  /** Default pending byte count at or below which it is writable again: 32 KiB. */
  public static final long DEFAULT_LOW_WATER_MARK = 32 * 1024;

  /** The write buffer limit that means "none". */
  public static final long NO_LIMIT = Long.MAX_VALUE;

  private final long lowWaterMark;
  private final long highWaterMark;
  private final long writeBufferLimit;
  private final BiConsumer<String, Throwable> producerFailed;
  private @Nullable Producer producer;
  private boolean paused;
  private boolean writable = true;
  private int unreportedChanges;
  private boolean reportScheduled;

  /**
   * Creates the pacing of one transport.
   *
   * @param lowWaterMark see {@link #checkWaterMarks(long, long)}
   * @param highWaterMark see {@link #checkWaterMarks(long, long)}
   * @param writeBufferLimit see {@link #checkWriteBufferLimit(long)}; {@link #NO_LIMIT} for none
   * @param producerFailed told the callback ("pauseProducing of ...") and what it threw when a
   *     producer callback made by the transport throws; it should abort the connection
   * @throws IllegalArgumentException if a setting is out of range
   */
  public ProducerPacing(
      long lowWaterMark,
      long highWaterMark,
      long writeBufferLimit,
      BiConsumer<String, Throwable> producerFailed) {
    checkWaterMarks(lowWaterMark, highWaterMark);
    checkWriteBufferLimit(writeBufferLimit);
    this.lowWaterMark = lowWaterMark;
    this.highWaterMark = highWaterMark;
    this.writeBufferLimit = writeBufferLimit;
    this.producerFailed = Objects.requireNonNull(producerFailed, "producerFailed");
  }

  /**
   * Checks a pair of water marks, as every reactor's settings do.
   *
   * @param low the resume mark
   * @param high the pause mark
   * @throws IllegalArgumentException naming the mark if one is negative or low exceeds high
   */
  public static void checkWaterMarks(long low, long high) {
    nonNegative(low, "lowWaterMark");
    nonNegative(high, "highWaterMark");
    if (low > high) {
      throw new IllegalArgumentException(
          "lowWaterMark must not exceed highWaterMark: " + low + " > " + high);
    }
  }

  /**
   * Checks a write buffer limit, as every reactor's settings do.
   *
   * @param limit the most bytes a connection may buffer; {@link #NO_LIMIT} for none
   * @throws IllegalArgumentException if negative
   */
  public static void checkWriteBufferLimit(long limit) {
    nonNegative(limit, "writeBufferLimit");
  }

  /**
   * Checks that a byte count is not negative.
   *
   * @param bytes the count
   * @param name the setting's name, for the message
   * @return {@code bytes}
   * @throws IllegalArgumentException if negative
   */
  public static long nonNegative(long bytes, String name) {
    if (bytes < 0) {
      throw new IllegalArgumentException(name + " must not be negative: " + bytes);
    }
    return bytes;
  }

  /**
   * Registers a producer: checks it, then pauses a push producer at once if the transport is not
   * writable, or asks a pull producer for its first chunk. Exceptions of those two callbacks
   * propagate to the caller, who is the user code that registered.
   *
   * @param producer the producer
   * @param streaming whether it is a push producer
   * @param ended whether the connection already ended: then the producer is stopped at once and
   *     not kept
   * @throws IllegalArgumentException if the producer's kind does not match {@code streaming}
   * @throws IllegalStateException if a producer is already registered
   */
  public void register(Producer producer, boolean streaming, boolean ended) {
    Objects.requireNonNull(producer, "producer");
    if (streaming && !(producer instanceof PushProducer)) {
      throw new IllegalArgumentException(
          "streaming is true but the producer is not a PushProducer: " + producer);
    }
    if (!streaming && !(producer instanceof PullProducer)) {
      throw new IllegalArgumentException(
          "streaming is false but the producer is not a PullProducer: " + producer);
    }
    if (this.producer != null) {
      throw new IllegalStateException(
          "a producer is already registered: " + this.producer + "; unregister it first");
    }
    if (ended) {
      producer.stopProducing();
      return;
    }
    this.producer = producer;
    this.paused = false;
    if (producer instanceof PushProducer push) {
      if (!writable) {
        paused = true;
        push.pauseProducing();
      }
    } else {
      producer.resumeProducing();
    }
  }

  /**
   * Forgets the producer without telling it.
   *
   * @return whether one was registered
   */
  public boolean unregister() {
    boolean had = producer != null;
    producer = null;
    paused = false;
    return had;
  }

  /**
   * Applies the rules after the pending bytes grew: crossing the high-water mark makes the
   * transport unwritable and pauses a push producer.
   *
   * @param pending the pending byte count now
   * @return whether the transport must schedule a writability report for a later turn
   */
  public boolean afterWrite(long pending) {
    if (!writable || pending <= highWaterMark) {
      return false;
    }
    writable = false;
    unreportedChanges++;
    if (producer instanceof PushProducer push && !paused) {
      paused = true;
      call(push::pauseProducing, "pauseProducing", push);
    }
    return scheduleReport();
  }

  /**
   * Applies the rules after the pending bytes shrank: at the low-water mark the transport is
   * writable again and a paused push producer resumes; at zero a pull producer is asked for more.
   *
   * @param pending the pending byte count now
   * @return whether the transport must schedule a writability report for a later turn
   */
  public boolean afterDrain(long pending) {
    boolean schedule = false;
    if (!writable && pending <= lowWaterMark) {
      writable = true;
      unreportedChanges++;
      schedule = scheduleReport();
      if (producer instanceof PushProducer push && paused) {
        paused = false;
        call(push::resumeProducing, "resumeProducing", push);
      }
    }
    Producer p = producer;
    if (p instanceof PullProducer && pending == 0) {
      call(p::resumeProducing, "resumeProducing", p);
    }
    return schedule;
  }

  private boolean scheduleReport() {
    if (reportScheduled) {
      return false;
    }
    reportScheduled = true;
    return true;
  }

  /**
   * Takes the writability changes to report on this turn, in order: the scheduled report is
   * done. An odd number of changes since the last report is reported as the current state; an
   * even number as the opposite state followed by the current one.
   *
   * @return no value, the current writability, or the opposite and then the current one
   */
  public List<Boolean> takeWritabilityChanges() {
    reportScheduled = false;
    int changes = unreportedChanges;
    unreportedChanges = 0;
    if (changes == 0) {
      return List.of();
    }
    return changes % 2 == 1 ? List.of(writable) : List.of(!writable, writable);
  }

  /**
   * Tells whether a write that left {@code pending} bytes buffered went over the limit, and if
   * so, why the connection must be aborted.
   *
   * @param pending the pending byte count after the write
   * @return the reason to abort with, or {@code null} within the limit
   */
  public @Nullable WriteBufferLimitExceededException limitExceeded(long pending) {
    return pending > writeBufferLimit
        ? new WriteBufferLimitExceededException(writeBufferLimit, pending)
        : null;
  }

  /** The connection ended: the producer, if any, is forgotten and then stopped. */
  public void stop() {
    Producer p = producer;
    unregister();
    if (p != null) {
      call(p::stopProducing, "stopProducing", p);
    }
  }

  private void call(Runnable callback, String name, Producer target) {
    try {
      callback.run();
    } catch (Throwable failure) {
      // Everything, as at every callback boundary; the handler decides what is fatal.
      producerFailed.accept(name + " of " + target, failure);
    }
  }

  /**
   * Tells whether a clean close must wait: a pull producer is registered.
   *
   * @return {@code true} while a pull producer is registered
   */
  public boolean holdsClose() {
    return producer instanceof PullProducer;
  }

  /**
   * Tells whether writes are still accepted after {@code loseConnection}, until the close.
   *
   * @return {@code true} while any producer is registered
   */
  public boolean acceptsWritesWhileClosing() {
    return producer != null;
  }

  /**
   * Returns the registered producer.
   *
   * @return the producer, or {@code null}
   */
  public @Nullable Producer producer() {
    return producer;
  }

  /**
   * Tells whether the registered producer is a push producer.
   *
   * @return {@code true} for a push producer; {@code false} for a pull producer or none
   */
  public boolean isStreaming() {
    return producer instanceof PushProducer;
  }

  /**
   * Tells whether the push producer is paused by this pacing.
   *
   * @return {@code true} between a pause and the following resume
   */
  public boolean isPaused() {
    return paused;
  }

  /**
   * Tells whether the transport is writable; see the class comment.
   *
   * @return {@code true} unless the pending bytes crossed the high mark and have not drained
   */
  public boolean isWritable() {
    return writable;
  }

  /**
   * Returns the high-water mark.
   *
   * @return pending bytes above which the transport is not writable
   */
  public long highWaterMark() {
    return highWaterMark;
  }

  /**
   * Returns the low-water mark.
   *
   * @return pending bytes at or below which the transport is writable again
   */
  public long lowWaterMark() {
    return lowWaterMark;
  }

  /**
   * Returns the write buffer limit.
   *
   * @return the most bytes the connection may buffer; {@link #NO_LIMIT} for none
   */
  public long writeBufferLimit() {
    return writeBufferLimit;
  }
}
