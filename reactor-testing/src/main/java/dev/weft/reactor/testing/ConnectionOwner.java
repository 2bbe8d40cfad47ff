package dev.weft.reactor.testing;

/** What a {@link MemoryConnection} reports to the fake that owns it: a reactor or a pump. */
interface ConnectionOwner {

  /**
   * A callback threw; the connection is being aborted because of it.
   *
   * @param context which callback, on which connection
   * @param error what it threw
   */
  void callbackFailed(String context, Throwable error);

  /**
   * The protocol asked its transport to close, abort or half-close, or unregistered its
   * producer; the owner applies it on its next turn, never inside the transport call.
   *
   * @param connection the connection with a request
   */
  void transportRequest(MemoryConnection connection);

  /**
   * The connection ended; {@code connectionLost} has run.
   *
   * @param connection the ended connection
   */
  void ended(MemoryConnection connection);
}
