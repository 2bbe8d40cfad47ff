package dev.weft.reactor.testing.internal;

/**
 * Hears what one simulated link delivers, for the network's trace. Called on the test thread,
 * inside Clock calls, at the instant each packet lands at its receiver.
 */
public interface LinkObserver {
  /** Hears nothing. */
  LinkObserver NONE = new LinkObserver() {
    @Override
    public void data(boolean towardsServer, long sentAtNanos, byte[] head, long bytes) {}

    @Override
    public void end(boolean towardsServer, long sentAtNanos, String kind) {}

    @Override
    public void lost(boolean towardsServer, long sentAtNanos, long bytes, String what) {}

    @Override
    public void timedOut(String why) {}
  };

  /**
   * Bytes landed at the receiver.
   *
   * @param towardsServer the direction
   * @param sentAtNanos the Clock's elapsed time when the packet was sent
   * @param head the first bytes of the packet (at most a short excerpt's worth)
   * @param bytes how many bytes the packet carried
   */
  void data(boolean towardsServer, long sentAtNanos, byte[] head, long bytes);

  /**
   * An end of stream landed: {@code "close"}, {@code "half-close"} or {@code "reset"}, with a
   * reason after a colon where one is known ({@code "reset: crash"}).
   *
   * @param towardsServer the direction
   * @param sentAtNanos the Clock's elapsed time when the packet was sent
   * @param kind what landed
   */
  void end(boolean towardsServer, long sentAtNanos, String kind);

  /**
   * A packet reached a crashed host and vanished.
   *
   * @param towardsServer the direction
   * @param sentAtNanos the Clock's elapsed time when the packet was sent
   * @param bytes how many bytes it carried
   * @param what {@code "data"}, or the end it carried ({@code "close"}, {@code "reset: ..."})
   */
  void lost(boolean towardsServer, long sentAtNanos, long bytes, String what);

  /**
   * Both ends gave up on a silent peer.
   *
   * @param why the message both ends got
   */
  void timedOut(String why);

  /**
   * A fault fired on the link; for the fault code, which describes the fault as its value
   * prints.
   *
   * @param towardsServer the direction the fault acts on
   * @param fault what fired
   */
  default void faultFired(boolean towardsServer, String fault) {}
}
