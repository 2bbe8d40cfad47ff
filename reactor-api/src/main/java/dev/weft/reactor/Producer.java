package dev.weft.reactor;

/**
 * A source of data written to a {@link Transport} at a pace the transport controls (see
 * {@link Transport#registerProducer(Producer, boolean)}). Called on the reactor thread.
 *
 * <p>Twisted: {@code IProducer}.
 */
public interface Producer {

  /**
   * Produce (more) data. For a {@link PushProducer}: resume after
   * {@link PushProducer#pauseProducing()}. For a {@link PullProducer}: write one more chunk now.
   */
  void resumeProducing();

  /** Stop for good: the transport this producer feeds is gone (its connection ended). */
  void stopProducing();
}
