package dev.weft.reactor.testing.net;

import dev.weft.reactor.testing.MemoryReactor;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One named host of a {@link Network}: an address and the complete fake reactor that runs on it,
 * on the network's Clock. {@link #crash()} takes it down (its connections reset at the peers,
 * its listeners and timers gone) and {@link #restart()} brings it back empty, with a new
 * reactor.
 *
 * <p>Not thread-safe: use it on the test thread.
 */
public final class Host {
  private final Network network;
  private final String name;
  private final InetAddress address;
  private MemoryReactor reactor;
  // The reactors it ran before each restart, so a report can still name their host.
  private final List<MemoryReactor> former = new ArrayList<>();
  private boolean up = true;
  private int crashes;

  Host(Network network, String name, InetAddress address) {
    this.network = network;
    this.name = name;
    this.address = address;
    this.reactor = network.newReactor(this);
  }

  /**
   * Returns the host's name, which every host of the network resolves.
   *
   * @return the name
   */
  public String name() {
    return name;
  }

  /**
   * Returns the host's address.
   *
   * @return the address
   */
  public InetAddress address() {
    return address;
  }

  /**
   * Returns the fake reactor running on this host now; after {@link #restart()} a new one.
   *
   * @return the reactor, running
   */
  public MemoryReactor reactor() {
    return reactor;
  }

  /**
   * Tells whether the host is up.
   *
   * @return {@code false} between {@link #crash()} and {@link #restart()}
   */
  public boolean isUp() {
    return up;
  }

  /**
   * Returns how many times the host crashed.
   *
   * @return the count
   */
  public int crashes() {
    return crashes;
  }

  /**
   * Crashes the host: nothing more runs on its reactor (its timers and queued work are dropped,
   * no callback of its protocols runs), its peers' connections are reset after the link delay,
   * and attempts to reach it go unanswered until they time out.
   *
   * @return this host
   * @throws IllegalStateException if it is already down
   */
  public Host crash() {
    if (!up) {
      throw new IllegalStateException("host " + name + " is already down; restart() it first");
    }
    up = false;
    crashes++;
    network.crashed(this);
    return this;
  }

  /**
   * Restarts a crashed host empty: a new reactor, running, with no listeners, connections or
   * timers.
   *
   * @return this host
   * @throws IllegalStateException if it is up
   */
  public Host restart() {
    if (up) {
      throw new IllegalStateException("host " + name + " is up; crash() it before restart()");
    }
    former.add(reactor);
    reactor = network.newReactor(this);
    up = true;
    network.restarted(this);
    return this;
  }

  /** Whether {@code candidate} is this host's reactor now or was before a restart. */
  boolean ran(MemoryReactor candidate) {
    return candidate == reactor || former.contains(candidate);
  }

  /**
   * Injects a fault limited to this host: its attempts and links (either end), and for a thrown
   * or resolver fault its reactor, now and after each restart; the same as
   * {@code network.inject(fault.onHost(name()))}.
   *
   * @param fault the fault, not already scoped
   * @return this host
   * @throws IllegalArgumentException if the fault is already scoped
   */
  public Host inject(Fault fault) {
    network.inject(fault.onHost(name));
    return this;
  }

  Network network() {
    return network;
  }

  @Override
  public String toString() {
    return name + "/" + address.getHostAddress() + (up ? "" : " (down)");
  }

  @Override
  public boolean equals(Object other) {
    return this == other;
  }

  @Override
  public int hashCode() {
    return Objects.hashCode(name);
  }
}
