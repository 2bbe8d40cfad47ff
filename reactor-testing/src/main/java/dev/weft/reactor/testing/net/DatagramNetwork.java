package dev.weft.reactor.testing.net;

import dev.weft.reactor.internal.Checks;
import dev.weft.reactor.internal.IpLiterals;
import dev.weft.reactor.testing.Clock;
import dev.weft.reactor.testing.Datagram;
import dev.weft.reactor.testing.DatagramRoute;
import dev.weft.reactor.testing.MemoryDatagramPort;
import dev.weft.reactor.testing.MemoryReactor;
import dev.weft.reactor.testing.net.DatagramEvent.Fate;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.BiPredicate;
import java.util.function.Predicate;

/**
 * A deterministic UDP network between fake reactors on one {@link Clock}: each attached
 * {@link MemoryReactor} is a host with an IP address, and the datagrams its ports send travel to
 * the other hosts' ports under {@link DatagramConditions} (loss, duplication, reordering, latency,
 * a size limit) drawn from one seed, and are dropped by partitions. Arrivals are delayed calls on
 * the Clock, so advancing the Clock delivers them; nothing is delivered inside a {@code write}.
 *
 * <pre>{@code
 * Clock clock = new Clock();
 * MemoryReactor client = new MemoryReactor(clock);
 * MemoryReactor server = new MemoryReactor(clock);
 * DatagramNetwork network = DatagramNetwork.builder(clock).seed(42)
 *     .conditions(DatagramConditions.perfect().withLoss(0.3)).build()
 *     .attach(client, "10.0.0.1")
 *     .attach(server, "10.0.0.2");
 * }</pre>
 *
 * <p><b>Routing.</b> A datagram to a host's address reaches the ports of that host that accept
 * it ({@link MemoryDatagramPort#accepts}); to the broadcast address, every host's ports at that
 * port number; to a multicast group, the ports of every host that joined it (the sender's own
 * host only with multicast loopback on). A loopback destination stays on the sending host, with
 * no faults, by the reactor's own {@linkplain MemoryReactor#loopbackDatagramRoute() loopback
 * route}. A datagram that reaches its host where nothing listens is dropped; if its sender is
 * connected to that address, the sender hears {@code connectionRefused} one latency later, as an
 * ICMP message would tell it. A wildcard-bound port's datagrams come from its host's address.
 *
 * <p><b>On a {@link Network}.</b> Every {@link Network} has one ({@link Network#datagrams()})
 * whose hosts are the network's hosts: there the network's partitions (two-way and one-way) and
 * host crashes drop datagrams too, and a restarted host's new reactor takes its address.
 *
 * <p><b>Determinism.</b> Fates are drawn from one {@link SplittableRandom} seeded with
 * {@link Builder#seed(long)}, in the order datagrams are sent, so a test that sends the same
 * datagrams at the same fake times sees the same losses, duplicates and order. The
 * {@link #trace()} tells what happened to each datagram, and {@link #toString()} names the seed
 * to replay a failure.
 *
 * <p><b>Threads.</b> Not thread-safe: use it, its Clock and its reactors on the test thread.
 * Nothing here reads the wall clock, sleeps or starts a thread.
 *
 * <p>Twisted has no counterpart; turmoil's UDP simulation and Jepsen-style partitions are the
 * inspiration.
 */
public final class DatagramNetwork {
  private final Clock clock;
  private final long seed;
  private final SplittableRandom random;
  private final DatagramConditions defaults;
  private final Map<InetAddress, MemoryReactor> hosts = new LinkedHashMap<>();
  private final Map<MemoryReactor, InetAddress> addresses = new LinkedHashMap<>();
  private final Map<Set<InetAddress>, DatagramConditions> links = new LinkedHashMap<>();
  private final Set<Set<InetAddress>> partitions = new HashSet<>();
  private final List<DatagramEvent> trace = new ArrayList<>();
  private java.util.function.Consumer<DatagramEvent> listener = event -> { };
  private final BiPredicate<InetAddress, InetAddress> cut;
  private final Predicate<InetAddress> down;

  private DatagramNetwork(Builder b) {
    this(b.clock, b.seed, b.conditions, (from, to) -> false, host -> false);
  }

  /**
   * A network whose hosts also obey an outer network's partitions and crashes: {@code cut}
   * tells whether datagrams from one address to another are cut, {@code down} whether a host
   * is down.
   */
  DatagramNetwork(Clock clock, long seed, DatagramConditions defaults,
      BiPredicate<InetAddress, InetAddress> cut, Predicate<InetAddress> down) {
    this.clock = clock;
    this.seed = seed;
    this.random = new SplittableRandom(seed);
    this.defaults = defaults;
    this.cut = cut;
    this.down = down;
  }

  /**
   * Starts a builder for a network on {@code clock}: seed 0, {@link DatagramConditions#perfect()}.
   *
   * @param clock the Clock every attached reactor keeps time with
   * @return a new builder
   */
  public static Builder builder(Clock clock) {
    return new Builder(clock);
  }

  /**
   * Makes {@code reactor} a host of this network at {@code address}: from now on the datagrams
   * its ports send travel on this network (it installs a {@link DatagramRoute} on the reactor).
   *
   * @param reactor a reactor that keeps time with this network's Clock
   * @param address the host's IP literal, unique on the network, not loopback
   * @return this network
   * @throws IllegalArgumentException if the reactor has another Clock, the address is not an
   *     IP literal, is loopback or multicast, or is taken, or the reactor is already attached
   */
  public DatagramNetwork attach(MemoryReactor reactor, String address) {
    Objects.requireNonNull(reactor, "reactor");
    InetAddress ip = hostAddress(address, "address");
    if (reactor.clock() != clock) {
      throw new IllegalArgumentException("reactor keeps time with another Clock than this"
          + " network's; create it with new MemoryReactor(clock): " + reactor);
    }
    if (ip.isLoopbackAddress() || ip.isMulticastAddress() || ip.isAnyLocalAddress()) {
      throw new IllegalArgumentException(
          "address must be a unicast address that is not loopback: " + address);
    }
    MemoryReactor other = hosts.get(ip);
    if (other != null) {
      throw new IllegalArgumentException("address " + address + " is already taken by " + other);
    }
    if (addresses.containsKey(reactor)) {
      throw new IllegalArgumentException(
          "reactor is already attached at " + addresses.get(reactor).getHostAddress());
    }
    hosts.put(ip, reactor);
    addresses.put(reactor, ip);
    reactor.datagramRoute(new HostRoute(reactor, ip));
    return this;
  }

  /**
   * Makes {@code reactor} the host at {@code ip}, replacing the reactor there before (a
   * restarted {@link Host}); the outer {@link Network} has checked the address.
   */
  void host(MemoryReactor reactor, InetAddress ip) {
    MemoryReactor before = hosts.put(ip, reactor);
    if (before != null) {
      addresses.remove(before);
    }
    addresses.put(reactor, ip);
    reactor.datagramRoute(new HostRoute(reactor, ip));
  }

  /**
   * Sets the conditions between two hosts, both directions, instead of the network's default.
   *
   * @param a one host's address
   * @param b the other's
   * @param conditions what the link does
   * @return this network
   * @throws IllegalArgumentException if an address is not a host of this network
   */
  public DatagramNetwork link(String a, String b, DatagramConditions conditions) {
    Objects.requireNonNull(conditions, "conditions");
    links.put(pair(a, b), conditions);
    return this;
  }

  /**
   * Returns the conditions between two hosts.
   *
   * @param a one host's address
   * @param b the other's
   * @return the link's conditions, or the network's default
   */
  public DatagramConditions conditions(String a, String b) {
    return links.getOrDefault(pair(a, b), defaults);
  }

  /**
   * Cuts the two hosts apart: datagrams between them, in flight or sent later, are dropped until
   * {@link #heal}.
   *
   * @param a one host's address
   * @param b the other's
   * @return this network
   */
  public DatagramNetwork partition(String a, String b) {
    partitions.add(pair(a, b));
    return this;
  }

  /**
   * Ends a {@link #partition}.
   *
   * @param a one host's address
   * @param b the other's
   * @return this network
   */
  public DatagramNetwork heal(String a, String b) {
    partitions.remove(pair(a, b));
    return this;
  }

  /**
   * Returns what happened to every datagram, in the order it happened.
   *
   * @return a snapshot
   */
  public List<DatagramEvent> trace() {
    return List.copyOf(trace);
  }

  /**
   * Returns the trace's events of one fate.
   *
   * @param fate the fate
   * @return a snapshot, in order
   */
  public List<DatagramEvent> trace(Fate fate) {
    Objects.requireNonNull(fate, "fate");
    return trace.stream().filter(e -> e.fate() == fate).toList();
  }

  /**
   * Returns the seed the fates are drawn from.
   *
   * @return the seed
   */
  public long seed() {
    return seed;
  }

  /**
   * Returns the Clock of the network and its hosts.
   *
   * @return the clock
   */
  public Clock clock() {
    return clock;
  }

  private Set<InetAddress> pair(String a, String b) {
    InetAddress x = knownHost(a, "a");
    InetAddress y = knownHost(b, "b");
    return link(x, y);
  }

  private static Set<InetAddress> link(InetAddress x, InetAddress y) {
    return x.equals(y) ? Set.of(x) : Set.of(x, y);
  }

  private InetAddress knownHost(String address, String name) {
    InetAddress ip = hostAddress(address, name);
    if (!hosts.containsKey(ip)) {
      throw new IllegalArgumentException(
          name + " must be the address of a host of this network " + hosts.keySet() + ": " + address);
    }
    return ip;
  }

  private static InetAddress hostAddress(String address, String name) {
    Objects.requireNonNull(address, name);
    InetAddress ip = IpLiterals.parse(address);
    if (ip == null) {
      throw new IllegalArgumentException(name + " must be an IP literal: " + address);
    }
    return ip;
  }

  // ---------------------------------------------------------------- carrying datagrams

  /** One host's network card: sends from its ports go through the network. */
  private final class HostRoute implements DatagramRoute {
    private final MemoryReactor reactor;
    private final InetAddress address;

    HostRoute(MemoryReactor reactor, InetAddress address) {
      this.reactor = reactor;
      this.address = address;
    }

    @Override
    public void route(MemoryDatagramPort from, Datagram datagram) {
      InetAddress to = datagram.to().getAddress();
      if (to.isLoopbackAddress()) {
        reactor.loopbackDatagramRoute().route(from, datagram);
        return;
      }
      InetSocketAddress source = from.host().getAddress().isAnyLocalAddress()
          ? new InetSocketAddress(address, from.port()) : from.host();
      Datagram sent = new Datagram(source, datagram.to(), datagram.data());
      if (down.test(address)) {
        record(sent, Fate.HOST_DOWN);
        return;
      }
      record(sent, Fate.SENT);
      if (to.isMulticastAddress() || Checks.isLimitedBroadcast(to)) {
        for (InetAddress host : List.copyOf(hosts.keySet())) {
          if (host.equals(address) && to.isMulticastAddress() && !from.isMulticastLoopback()) {
            continue;
          }
          carry(from, address, host, sent);
        }
        return;
      }
      if (!hosts.containsKey(to)) {
        record(sent, Fate.NO_HOST);
        return;
      }
      carry(from, address, to, sent);
    }
  }

  private void record(Datagram datagram, Fate fate) {
    DatagramEvent event = new DatagramEvent(clock.now(), datagram, fate);
    trace.add(event);
    listener.accept(event);
  }

  /** Tells {@code listener} every event as it is recorded; the TCP network's trace uses it. */
  void onEvent(java.util.function.Consumer<DatagramEvent> listener) {
    this.listener = listener;
  }

  /** Draws the datagram's fate on the link from one host to another and schedules arrivals. */
  private void carry(MemoryDatagramPort sender, InetAddress fromHost, InetAddress toHost, Datagram d) {
    Set<InetAddress> link = link(fromHost, toHost);
    DatagramConditions c = links.getOrDefault(link, defaults);
    // Every draw is taken whatever the outcome, so one datagram's fate never shifts the next's.
    double lossDraw = random.nextDouble();
    double duplicateDraw = random.nextDouble();
    double reorderDraw = random.nextDouble();
    double duplicateReorderDraw = random.nextDouble();
    if (partitions.contains(link) || cut.test(fromHost, toHost)) {
      record(d, Fate.PARTITIONED);
      return;
    }
    if (d.size() > c.maxDatagramSize()) {
      record(d, Fate.TOO_LARGE);
      return;
    }
    if (lossDraw < c.loss()) {
      record(d, Fate.LOST);
      return;
    }
    Duration delay = c.latency().plus(reorderDraw < c.reordering() ? c.reorderDelay() : Duration.ZERO);
    clock.callLater(delay, new Arrival(sender, link, fromHost, toHost, d, c.latency(), false));
    if (duplicateDraw < c.duplication()) {
      Duration again = c.latency()
          .plus(duplicateReorderDraw < c.reordering() ? c.reorderDelay() : Duration.ZERO);
      clock.callLater(again, new Arrival(sender, link, fromHost, toHost, d, c.latency(), true));
    }
  }

  /** A datagram arriving at a host: a delayed call on the Clock. */
  private final class Arrival implements Runnable {
    private final MemoryDatagramPort sender;
    private final Set<InetAddress> link;
    private final InetAddress from;
    private final InetAddress host;
    private final Datagram datagram;
    private final Duration latency;
    private final boolean duplicate;

    Arrival(MemoryDatagramPort sender, Set<InetAddress> link, InetAddress from, InetAddress host,
        Datagram datagram, Duration latency, boolean duplicate) {
      this.sender = sender;
      this.link = link;
      this.from = from;
      this.host = host;
      this.datagram = datagram;
      this.latency = latency;
      this.duplicate = duplicate;
    }

    @Override
    public void run() {
      if (partitions.contains(link) || cut.test(from, host)) {
        record(datagram, Fate.PARTITIONED);
        return;
      }
      if (down.test(host)) {
        record(datagram, Fate.HOST_DOWN);
        return;
      }
      MemoryReactor reactor = hosts.get(host);
      List<MemoryDatagramPort> receivers = new ArrayList<>();
      if (reactor != null) {
        for (MemoryDatagramPort port : reactor.udpPorts()) {
          if (port.accepts(datagram.to(), false)) {
            receivers.add(port);
          }
        }
      }
      if (receivers.isEmpty()) {
        if (!datagram.to().getAddress().isMulticastAddress()
            && !Checks.isLimitedBroadcast(datagram.to().getAddress())) {
          record(datagram, Fate.NO_LISTENER);
          if (datagram.to().equals(sender.peer())) {
            clock.callLater(latency, () -> {
              if (sender.isListening() && !partitions.contains(link) && !cut.test(host, from)
                  && !down.test(from)) {
                sender.refuse();
              }
            });
          }
        }
        return;
      }
      record(datagram, duplicate ? Fate.DUPLICATED : Fate.DELIVERED);
      byte[] bytes = datagram.data();
      for (MemoryDatagramPort port : receivers) {
        port.deliver(bytes, datagram.from());
      }
    }

    @Override
    public String toString() {
      return (duplicate ? "duplicate of " : "") + datagram + " arriving at " + host.getHostAddress();
    }
  }

  @Override
  public String toString() {
    return "DatagramNetwork[seed " + seed + ", " + hosts.size() + " hosts, " + trace.size()
        + " events, default " + defaults + "]";
  }

  /** Configures a {@link DatagramNetwork}; not thread-safe. */
  public static final class Builder {
    private final Clock clock;
    private long seed;
    private DatagramConditions conditions = DatagramConditions.perfect();

    private Builder(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Sets the seed the fates are drawn from; default 0.
     *
     * @param seed any value; print it with a failure to replay the run
     * @return this builder
     */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /**
     * Sets the conditions of every link not set with {@link DatagramNetwork#link}; default
     * {@link DatagramConditions#perfect()}.
     *
     * @param conditions the default conditions
     * @return this builder
     */
    public Builder conditions(DatagramConditions conditions) {
      this.conditions = Objects.requireNonNull(conditions, "conditions");
      return this;
    }

    /**
     * Builds the network, with no hosts yet.
     *
     * @return the network
     */
    public DatagramNetwork build() {
      return new DatagramNetwork(this);
    }
  }
}
