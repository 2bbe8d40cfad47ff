package dev.weft.reactor;

/**
 * A source of data written to a {@link Consumer}, usually a transport, at a pace the consumer
 * controls. Called on the reactor thread.
 *
 * <p>Twisted: {@code IProducer}.
 */
public interface Producer {

  /**
   * Produce (more) data. For a {@link PushProducer}: resume after
   * {@link PushProducer#pauseProducing()}. For a {@link PullProducer}: write one more chunk now.
   */
  void resumeProducing();

  /** Stop for good: the consumer is gone (for a transport, the connection ended). */
  void stopProducing();
}
