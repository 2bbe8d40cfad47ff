package dev.weft.reactor;

import java.nio.ByteBuffer;

/**
 * Something that bytes are written to and that can pace a {@link Producer}. Every
 * {@link Transport} is a consumer. Called on the reactor thread.
 *
 * <p>Twisted: {@code IConsumer}.
 */
public interface Consumer {

  /**
   * Registers the producer that feeds this consumer; at most one at a time. If the consumer is
   * already closed, the producer's {@link Producer#stopProducing()} is called at once. A pull
   * producer is asked for its first chunk at once.
   *
   * @param producer the producer
   * @param streaming {@code true} for a {@link PushProducer}, {@code false} for a
   *     {@link PullProducer}
   * @throws IllegalArgumentException if {@code streaming} is true and {@code producer} is not a
   *     {@link PushProducer}, or false and it is not a {@link PullProducer}
   * @throws IllegalStateException if a producer is already registered
   */
  void registerProducer(Producer producer, boolean streaming);

  /** Removes the registered producer, if any; it is not told. */
  void unregisterProducer();

  /**
   * Writes the buffer's remaining bytes; see {@link Transport#write(ByteBuffer)}.
   *
   * @param data the bytes between position and limit
   */
  void write(ByteBuffer data);
}
