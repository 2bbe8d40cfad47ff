package dev.weft.reactor.testing.net;

import dev.weft.reactor.testing.MemoryConnection;
import dev.weft.reactor.testing.internal.LinkControl;

/**
 * One simulated TCP connection between two hosts of a {@link Network}, made when a client's
 * {@code connectTCP} reached a listener: per direction, bytes in flight on the network's Clock
 * (latency, jitter, bandwidth), a receive window, reads cut by the network's {@link Chunking}.
 * The test can {@link #hold()} and {@link #release()} it and read its state.
 *
 * <p>Not thread-safe: use it on the test thread.
 */
public final class Link {
  private final LinkControl control;
  private final Host clientHost;
  private final Host serverHost;
  private final int index;
  private final int attemptIndex;
  private final int number;
  private boolean held;

  Link(LinkControl control, Host clientHost, Host serverHost, int index, int attemptIndex,
      int number) {
    this.control = control;
    this.clientHost = clientHost;
    this.serverHost = serverHost;
    this.index = index;
    this.attemptIndex = attemptIndex;
    this.number = number;
  }

  /**
   * Returns the link's number on its network: the number of the connection attempt that made
   * it, as the {@linkplain Network#trace() trace} shows it ({@code #3}). It counts every
   * connection attempt (TCP and UNIX-domain) from 1; {@link #attemptIndex()} counts routed TCP
   * attempts from 0, as fault scopes name them.
   *
   * @return from 1
   */
  public int number() {
    return number;
  }

  /**
   * Returns where this link is in {@link Network#links()}: what {@link Fault#onLink(int)} names.
   *
   * @return the index, from 0
   */
  public int index() {
    return index;
  }

  /**
   * Returns the index of the routed attempt that made this link, what
   * {@link Fault#onAttempt(int)} names; -1 for a local UNIX-domain link.
   *
   * @return the attempt's index, from 0, or -1
   */
  public int attemptIndex() {
    return attemptIndex;
  }

  /**
   * Adds a stream fault to this link: it fires at its trigger, counting the bytes of its
   * direction from the link's first (a byte offset already passed fires at once, before any
   * more bytes go). A byte-string or predicate trigger looks at the bytes sent after it was
   * added.
   *
   * @param fault the fault
   * @return this link
   */
  public Link inject(StreamFault fault) {
    control.addFault(java.util.Objects.requireNonNull(fault, "fault"));
    return this;
  }

  /**
   * Releases a stall: a direction stopped by a {@link StreamFault.Action#STALL} fault sends
   * again, what it held first. Does nothing if no direction is stalled.
   *
   * @return this link
   */
  public Link releaseStall() {
    control.releaseStall();
    return this;
  }

  /**
   * Returns the host that connected.
   *
   * @return the client's host
   */
  public Host clientHost() {
    return clientHost;
  }

  /**
   * Returns the host that accepted.
   *
   * @return the server's host
   */
  public Host serverHost() {
    return serverHost;
  }

  /**
   * Returns the client end.
   *
   * @return the connection on the client's host
   */
  public MemoryConnection client() {
    return control.client();
  }

  /**
   * Returns the server end.
   *
   * @return the connection on the server's host
   */
  public MemoryConnection server() {
    return control.server();
  }

  /**
   * Holds the link: bytes (and closes) that arrive wait until {@link #release()}, in order.
   *
   * @return this link
   */
  public Link hold() {
    held = true;
    clientHost.network().held(this, true);
    refresh(clientHost.network());
    return this;
  }

  /**
   * Releases a held link: what waited arrives now, in order (unless a partition still blocks it).
   *
   * @return this link
   */
  public Link release() {
    held = false;
    clientHost.network().held(this, false);
    refresh(clientHost.network());
    return this;
  }

  /**
   * Tells whether the test holds the link.
   *
   * @return {@code true} between {@link #hold()} and {@link #release()}
   */
  public boolean isHeld() {
    return held;
  }

  /**
   * Tells whether a partition blocks either direction of the link.
   *
   * @return {@code true} while partitioned
   */
  public boolean isPartitioned() {
    Network network = clientHost.network();
    return network.isCut(clientHost, serverHost) || network.isCut(serverHost, clientHost);
  }

  /**
   * Returns the bytes sent and not yet arrived, both directions.
   *
   * @return bytes in flight
   */
  public long bytesInFlight() {
    return control.bytesInFlight();
  }

  /**
   * Returns the bytes that arrived while the link was held or partitioned and wait.
   *
   * @return bytes held
   */
  public long bytesHeld() {
    return control.bytesHeld();
  }

  /**
   * Tells whether either end is still open.
   *
   * @return {@code false} once both ended (or vanished in a crash)
   */
  public boolean isOpen() {
    return control.isOpen();
  }

  void refresh(Network network) {
    control.block(held || network.isCut(clientHost, serverHost),
        held || network.isCut(serverHost, clientHost));
  }

  LinkControl control() {
    return control;
  }

  @Override
  public String toString() {
    return control.toString() + (held ? " (held)" : "") + (isPartitioned() ? " (partitioned)" : "");
  }
}
