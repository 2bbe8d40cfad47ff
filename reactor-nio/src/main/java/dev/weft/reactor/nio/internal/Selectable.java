package dev.weft.reactor.nio.internal;

/** What a selection key is attached to: the loop hands it the ready operations. */
interface Selectable {

  /**
   * Handles readiness; called on the loop thread with a valid key.
   *
   * @param readyOps the key's ready set
   */
  void ready(int readyOps);

  /**
   * Closes the channel without calling any user code; used when the loop crashes or exits.
   */
  void closeQuietly();
}
