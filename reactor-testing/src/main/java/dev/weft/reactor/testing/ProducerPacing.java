package dev.weft.reactor.testing;

import dev.weft.reactor.Producer;
import dev.weft.reactor.PullProducer;
import dev.weft.reactor.PushProducer;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The producer slot of a {@link RecordingTransport}: pauses a push producer above the
 * high-water mark and resumes it at the low-water mark, asks a pull producer for more each time
 * its bytes are taken, and stops whichever is registered when the connection ends.
 */
final class ProducerPacing {
  private final long highWaterMark;
  private final long lowWaterMark;
  private @Nullable Producer producer;
  private boolean paused;

  ProducerPacing(long highWaterMark, long lowWaterMark) {
    this.highWaterMark = highWaterMark;
    this.lowWaterMark = lowWaterMark;
  }

  void register(Producer producer, boolean streaming, long pending, boolean ended) {
    Objects.requireNonNull(producer, "producer");
    if (streaming && !(producer instanceof PushProducer)) {
      throw new IllegalArgumentException(
          "streaming producer must be a PushProducer: " + producer.getClass().getName());
    }
    if (!streaming && !(producer instanceof PullProducer)) {
      throw new IllegalArgumentException(
          "non-streaming producer must be a PullProducer: " + producer.getClass().getName());
    }
    if (this.producer != null) {
      throw new IllegalStateException(
          "a producer is already registered (" + this.producer + "); unregister it first");
    }
    this.producer = producer;
    this.paused = false;
    if (ended) {
      producer.stopProducing();
    } else if (producer instanceof PushProducer) {
      afterWrite(pending);
    } else {
      producer.resumeProducing();
    }
  }

  /** Forgets the producer without telling it; returns whether one was registered. */
  boolean unregister() {
    boolean had = producer != null;
    producer = null;
    paused = false;
    return had;
  }

  void afterWrite(long pending) {
    if (producer instanceof PushProducer push && !paused && pending > highWaterMark) {
      paused = true;
      push.pauseProducing();
    }
  }

  void afterDrain(long pending) {
    Producer p = producer;
    if (p instanceof PushProducer push) {
      if (paused && pending <= lowWaterMark) {
        paused = false;
        push.resumeProducing();
      }
    } else if (p != null && pending == 0) {
      p.resumeProducing();
    }
  }

  /** The connection ended: the producer is stopped and forgotten. */
  void stop() {
    Producer p = producer;
    unregister();
    if (p != null) {
      p.stopProducing();
    }
  }

  @Nullable Producer producer() {
    return producer;
  }

  boolean isStreaming() {
    return producer instanceof PushProducer;
  }

  boolean isPaused() {
    return paused;
  }

  long highWaterMark() {
    return highWaterMark;
  }

  long lowWaterMark() {
    return lowWaterMark;
  }
}
