package dev.weft.reactor.testing.net;

import dev.weft.reactor.ConnectFailedException;
import dev.weft.reactor.ConnectionRefusedException;
import dev.weft.reactor.DnsLookupException;
import dev.weft.reactor.internal.Checks;
import dev.weft.reactor.internal.IpLiterals;
import dev.weft.reactor.testing.ClientAttempt;
import dev.weft.reactor.testing.Clock;
import dev.weft.reactor.testing.MemoryListeningPort;
import dev.weft.reactor.testing.MemoryReactor;
import dev.weft.reactor.testing.internal.Actions;
import dev.weft.reactor.testing.internal.LinkControl;
import dev.weft.reactor.testing.internal.LinkSpec;
import dev.weft.reactor.testing.internal.NetHooks;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A simulated network: named hosts, each a complete fake reactor, on one {@link Clock} and one
 * seed. A host's {@code connectTCP} to a name or address the network knows is routed: after
 * one round trip it reaches the listener on that host and port through a {@link Link}, or is
 * refused if the host is up and nothing listens there; it goes unanswered (and times out by its
 * own connect timeout) if the host is down or cut off by a partition, or crashes after the
 * request arrived and before its answer (a crashed machine sends nothing; the model does not
 * connect on an answer already in flight). A port bound to one address is reached only through
 * it. The accepted end reports as its {@code host()} the address connected to and as its
 * {@code peer()} the client host's address with an ephemeral port, as real sockets do; the
 * client's end the same pair the other way round. Every host resolves every
 * other host's name. A name the network does not know but the connecting host's own
 * {@link dev.weft.reactor.testing.MemoryResolver} does (the test mapped or failed it) is looked
 * up on the next turn, as the production reactor resolves before it connects: routed to the
 * host at the address it maps to, or the attempt fails with the resolver's
 * {@link DnsLookupException}. A destination the network does not know otherwise (or an address
 * off the network) stays a recorded, pending attempt that the test completes by hand, as on a
 * lone {@link MemoryReactor}.
 *
 * <p><b>UNIX-domain sockets</b> stay on their host, as on a real machine: a host's
 * {@code connectUNIX} to a path where a {@code listenUNIX} port of the same host listens is
 * connected through a local {@link Link} (no latency, no bandwidth limit, the network's
 * chunking); it is refused with a {@link ConnectionRefusedException} if nothing listens there.
 * Paths belong to the host's reactor, so a crashed and restarted host has none until it listens
 * again. Partitions never cut a host from itself.
 *
 * <p><b>UDP.</b> Every host's datagrams travel on {@link #datagrams()}, a {@link DatagramNetwork}
 * whose hosts are this network's: with the seeded loss, duplication, reordering, latency and size
 * limit of {@link Builder#datagrams(DatagramConditions)}, dropped (fate
 * {@link DatagramEvent.Fate#PARTITIONED}) while this network cuts the way they go, two-way or
 * one-way, and dropped ({@link DatagramEvent.Fate#HOST_DOWN}) to or from a crashed host.
 *
 * <p>Links carry bytes with the configured latency (each pair of hosts draws its latency from
 * {@link Builder#latency(Duration, Duration)} by seed), per-packet jitter, bandwidth and receive
 * window, and reads are cut by the network's {@link Chunking}; everything random is drawn from
 * the seed, so a run replays exactly. Failure messages name the link with the seed and chunking.
 *
 * <p>Time moves with {@link #advance(Duration)} and {@link #runUntilIdle()} (or the same calls
 * on the Clock or any host's reactor), which run every host's turn work before each instant.
 *
 * <p>Not thread-safe: use it on the test thread.
 */
public final class Network {
  private final long seed;
  private final Clock clock;
  private final Chunking chunking;
  private final boolean keepWritten;
  private final Duration minLatency;
  private final Duration maxLatency;
  private final Duration jitter;
  private final long bytesPerSecond;
  private final long window;
  private final Duration partitionTimeout;
  private final SplittableRandom random;
  private final Map<String, Host> byName = new LinkedHashMap<>();
  private final Map<InetAddress, Host> byAddress = new HashMap<>();
  // What every host's resolver falls back on: the network's names, as a resolver keys them.
  private final Map<String, Host> byLowerCaseName = new HashMap<>();
  private final Function<String, @Nullable InetAddress> names = key -> {
    Host named = byLowerCaseName.get(key);
    return named == null ? null : named.address();
  };
  private final Map<String, Long> pairLatency = new HashMap<>();
  private final Set<String> cuts = new HashSet<>();
  private final List<Link> links = new ArrayList<>();
  private final DatagramNetwork datagrams;
  private final Trace trace;
  private final NetworkFaults faults = new NetworkFaults();
  private int nextAddress = 1;
  private int attempts;

  private Network(Builder b) {
    this.seed = b.seed;
    this.clock = b.clock != null ? b.clock : new Clock();
    this.chunking = b.chunking;
    this.keepWritten = b.keepWritten;
    this.minLatency = b.minLatency;
    this.maxLatency = b.maxLatency;
    this.jitter = b.jitter;
    this.bytesPerSecond = b.bytesPerSecond;
    this.window = b.window;
    this.partitionTimeout = b.partitionTimeout;
    this.random = new SplittableRandom(seed);
    this.trace = new Trace(clock, b.traceCapacity,
        () -> "Network seed " + seed + "L, " + chunking);
    this.datagrams = new DatagramNetwork(clock, seed, b.datagramConditions,
        (from, to) -> {
          Host a = byAddress.get(from);
          Host z = byAddress.get(to);
          return a != null && z != null && isCut(a, z);
        },
        address -> {
          Host h = byAddress.get(address);
          return h != null && !h.isUp();
        });
    datagrams.onEvent(this::traceDatagram);
    // Noted on the Clock itself, so the JUnit extension finds a failed test's networks. (A
    // static weak map did this before: its stale entries made building a network up to ten
    // times slower between collections; docs/benchmarks.md.)
    NetHooks.get().attach(clock, this);
  }

  /**
   * Creates a network with seed {@code seed} and the defaults of {@link #builder()}.
   *
   * @param seed the seed every random choice is drawn from
   * @return the network
   */
  public static Network create(long seed) {
    return builder().seed(seed).build();
  }

  /**
   * Starts a builder: seed 0, a new Clock, coalesced reads, 1 ms latency, no jitter, unlimited
   * bandwidth, a 64 KiB receive window, partitions that never reset connections.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Adds a host with an address of its own ({@code 10.0.0.1}, {@code 10.0.0.2}, ...).
   *
   * @param name the host's name, resolved by every host
   * @return the host, its reactor running
   * @throws IllegalArgumentException if the name is taken
   */
  public Host host(String name) {
    String address;
    do {
      address = "10.0." + (nextAddress / 250) + "." + (nextAddress % 250 + 1);
      nextAddress++;
    } while (byAddress.containsKey(IpLiterals.parse(address)));
    return host(name, address);
  }

  /**
   * Adds a host.
   *
   * @param name the host's name, resolved by every host
   * @param address an IP literal
   * @return the host, its reactor running
   * @throws IllegalArgumentException if the name or address is taken, or the address is not an
   *     IP literal
   */
  public Host host(String name, String address) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(address, "address");
    InetAddress ip = IpLiterals.parse(address);
    if (ip == null) {
      throw new IllegalArgumentException("address must be an IP literal: " + address);
    }
    if (byName.containsKey(name)) {
      throw new IllegalArgumentException("host name already on the network: " + name);
    }
    if (byAddress.containsKey(ip)) {
      throw new IllegalArgumentException(
          "address already on the network: " + address + " (" + byAddress.get(ip).name() + ")");
    }
    Host host = new Host(this, name, ip);
    byName.put(name, host);
    byAddress.put(ip, host);
    byLowerCaseName.put(name.toLowerCase(Locale.ROOT), host);
    return host;
  }

  /** A fresh running reactor for {@code host}, on this network. */
  MemoryReactor newReactor(Host host) {
    MemoryReactor reactor = new MemoryReactor(clock);
    reactor.chunking(chunking);
    if (!keepWritten) {
      reactor.keepWritten(false);
    }
    NetHooks.get().join(reactor, host.address(), attempt -> route(host, attempt), names);
    datagrams.host(reactor, host.address());
    injectReactorFaults(host, reactor);
    reactor.run();
    return reactor;
  }

  /**
   * Finds a host by name or IP literal.
   *
   * @param nameOrAddress a host name or an IP literal
   * @return the host, or empty if the network does not know it
   */
  public Optional<Host> find(String nameOrAddress) {
    Host byItsName = byName.get(Objects.requireNonNull(nameOrAddress, "nameOrAddress"));
    if (byItsName != null) {
      return Optional.of(byItsName);
    }
    InetAddress ip = IpLiterals.parse(nameOrAddress);
    return ip == null ? Optional.empty() : Optional.ofNullable(byAddress.get(ip));
  }

  /**
   * Finds the host that runs {@code reactor}, or ran it before a {@link Host#restart()}: how a
   * report names the host of a reactor it meets (the JUnit extension's dirty-reactor check does).
   *
   * @param reactor a fake reactor
   * @return its host, or empty if it is no host's reactor on this network
   */
  public Optional<Host> hostOf(MemoryReactor reactor) {
    Objects.requireNonNull(reactor, "reactor");
    for (Host host : byName.values()) {
      if (host.ran(reactor)) {
        return Optional.of(host);
      }
    }
    return Optional.empty();
  }

  /**
   * Returns every host, in the order they were added.
   *
   * @return a snapshot
   */
  public List<Host> hosts() {
    return List.copyOf(byName.values());
  }

  /**
   * Returns every link made so far, open or ended, in the order they were made.
   *
   * @return a snapshot
   */
  public List<Link> links() {
    return List.copyOf(links);
  }

  /**
   * Returns the links between two hosts, in either direction.
   *
   * @param a one host
   * @param b the other
   * @return a snapshot
   */
  public List<Link> links(Host a, Host b) {
    List<Link> between = new ArrayList<>();
    for (Link link : links) {
      if ((link.clientHost() == a && link.serverHost() == b)
          || (link.clientHost() == b && link.serverHost() == a)) {
        between.add(link);
      }
    }
    return between;
  }

  /**
   * Returns the UDP side of this network: every host's datagrams travel there, under the
   * {@linkplain Builder#datagrams(DatagramConditions) datagram conditions}, dropped by this
   * network's partitions and crashes. Use it for the {@linkplain DatagramNetwork#trace() trace}
   * of what became of each datagram and for {@linkplain DatagramNetwork#link conditions between
   * two hosts}.
   *
   * @return the datagram network, whose hosts are this network's hosts
   */
  public DatagramNetwork datagrams() {
    return datagrams;
  }

  /**
   * Returns what happened on this network so far: attempts, deliveries, closes, faults,
   * partitions, crashes, each with its fake time; bounded by
   * {@link Builder#traceCapacity(int)}.
   *
   * @return the network's trace, live
   */
  public Trace trace() {
    return trace;
  }

  /**
   * Returns the networks built on {@code clock} (with {@link Builder#clock(Clock)}, or the one
   * each built itself), in the order they were built; the JUnit extension uses it to find a
   * failed test's networks.
   *
   * @param clock a Clock
   * @return a snapshot, empty if no network was built on it
   */
  public static List<Network> on(Clock clock) {
    Objects.requireNonNull(clock, "clock");
    List<Network> found = new ArrayList<>();
    for (Object network : NetHooks.get().networksOn(clock)) {
      found.add((Network) network);
    }
    return found;
  }

  /**
   * Returns the network's clock.
   *
   * @return the clock every host keeps time with
   */
  public Clock clock() {
    return clock;
  }

  /**
   * Returns the seed.
   *
   * @return the seed
   */
  public long seed() {
    return seed;
  }

  /**
   * Returns how arriving bytes become reads on every host.
   *
   * @return the chunking
   */
  public Chunking chunking() {
    return chunking;
  }

  // ---- time --------------------------------------------------------------------------------

  /**
   * Advances the clock by {@code amount}; every host's turn work runs before each instant, as
   * with {@link Clock#advance(Duration)}.
   *
   * @param amount not negative
   * @return this network
   * @throws IllegalArgumentException if {@code amount} is negative
   */
  public Network advance(Duration amount) {
    clock.advance(amount);
    return this;
  }

  /**
   * Runs turns and delayed calls until nothing is left to do; see {@link Clock#runUntilIdle()}.
   *
   * @return this network
   * @throws IllegalStateException if work keeps coming
   */
  public Network runUntilIdle() {
    clock.runUntilIdle();
    return this;
  }

  // ---- routing -----------------------------------------------------------------------------

  private void route(Host from, ClientAttempt attempt) {
    if (attempt.isUnix()) {
      routeUnix(from, attempt);
      return;
    }
    String destination = attempt.call().host();
    boolean name = IpLiterals.parse(destination) == null;
    Optional<Host> found = find(destination);
    if (name && NetHooks.get().hasOwnResolverEntry(from.reactor(), destination)) {
      // The test gave this host's own resolver an answer for the name (it comes before the
      // network's, even for a host's name), or a name the network does not know: looked up on
      // the next turn, as the real reactor resolves before it connects, so a failure never
      // reaches the factory inside connectTCP.
      lookUpThenRoute(from, attempt, destination);
    } else if (found.isPresent()) {
      routeFaulted(from, found.get(), attempt);
    } else if (name && from.reactor().resolver().hasEntry(destination)) {
      // A network name spelled in another case: the resolver finds it, the exact table not.
      lookUpThenRoute(from, attempt, destination);
    }
    // Otherwise not on this network: a recorded attempt the test completes by hand.
  }

  private void lookUpThenRoute(Host from, ClientAttempt attempt, String destination) {
    schedule(0, () -> resolveThenRoute(from, attempt, destination),
        () -> "lookup of " + destination + " on " + from);
  }

  private void resolveThenRoute(Host from, ClientAttempt attempt, String name) {
    if (!attempt.isPending() || !from.isUp()) {
      return;
    }
    from.reactor().resolve(name).whenComplete((addresses, failure) -> {
      if (failure != null) {
        Throwable cause = failure instanceof CompletionException c && c.getCause() != null
            ? c.getCause() : failure;
        attempt.fail(cause instanceof ConnectFailedException reason ? reason
            : new DnsLookupException("lookup of " + name + " failed: " + cause, cause));
        return;
      }
      Host to = byAddress.get(addresses.get(0));
      if (to != null) {
        routeFaulted(from, to, attempt);
      }
      // An address off this network: a recorded attempt the test completes by hand.
    });
  }

  /**
   * Numbers a routed attempt (what {@link Fault#onAttempt(int)} names) and applies the connect
   * and resolver faults that match it before it is routed.
   */
  private void routeFaulted(Host from, Host to, ClientAttempt attempt) {
    int index = faults.nextAttempt();
    int id = ++attempts;
    trace.record(Trace.Kind.CONNECT, from.name(), to.name(), id, null, 0,
        "to " + attempt.call().host() + ":" + attempt.call().port());
    NetHooks.get().whenCompleted(attempt, done -> traceOutcome(from, to, id, done));
    if (faultedLookup(from, to, attempt, index, id)
        || faultedAttempt(from, to, attempt, index)) {
      return;
    }
    routeTo(from, to, attempt, index, id);
  }

  private void routeTo(Host from, Host to, ClientAttempt attempt, int index, int id) {
    int port = attempt.call().port();
    // The SYN travels to the destination; its answer (SYN-ACK or reset) travels back.
    schedule(delay(from, to), () -> {
      if (!to.isUp() || isCut(from, to) || !attempt.isPending()) {
        return;
      }
      MemoryListeningPort listener = listener(to, port);
      // The kernel answers the SYN as it arrives: a reset if nothing listens (sent, so it
      // arrives even if the host crashes next), a SYN-ACK otherwise. A host that crashes before
      // the connection is set up leaves the client unanswered until its connect timeout: the
      // connection it half-opened is gone with it, and a crashed machine sends nothing. (Real
      // TCP would connect on the SYN-ACK already in flight and find the peer gone later; the
      // simple model keeps the attempt unanswered.)
      int crashes = to.crashes();
      schedule(delay(to, from), () -> {
        if (!attempt.isPending() || !from.isUp() || isCut(to, from)) {
          return;
        }
        if (listener != null && to.crashes() != crashes) {
          return;
        }
        if (listener == null || !listener.isListening()) {
          attempt.fail(new ConnectionRefusedException(
              "Connection refused: nothing listens on " + to + " port " + port));
          return;
        }
        connect(from, to, attempt, listener, index, id);
      }, () -> "SYN-ACK from " + to + " to " + from);
    }, () -> "SYN from " + from + " to " + attempt.call().host() + ":" + port);
  }

  /**
   * A UNIX-domain socket never leaves its host: the attempt reaches the {@code listenUNIX} port
   * of the same host at that path, at the same instant, through a link without latency or
   * bandwidth limit; nothing listening there is a refusal, as the OS answers for a path with no
   * server.
   */
  private void routeUnix(Host host, ClientAttempt attempt) {
    java.nio.file.Path path = attempt.unixCall().path();
    int id = ++attempts;
    trace.record(Trace.Kind.CONNECT, host.name(), host.name(), id, null, 0, "to " + path);
    NetHooks.get().whenCompleted(attempt, done -> traceOutcome(host, host, id, done));
    schedule(0, () -> {
      if (!attempt.isPending() || !host.isUp()) {
        return;
      }
      MemoryListeningPort listener = host.reactor().unixListenerAt(path);
      if (listener == null) {
        attempt.fail(new ConnectionRefusedException(
            "Connection refused: nothing listens on " + path + " on " + host));
        return;
      }
      String label = "local link on " + host.name() + " to " + path + " (Network seed " + seed
          + "L, " + chunking + ")";
      LinkSpec spec = new LinkSpec(clock, chunking, () -> 0L, () -> 0L, 0, window, label);
      link(host, host, attempt, listener, spec, -1, id);
    }, "connectUNIX on " + host + " to " + path);
  }

  private void traceOutcome(Host from, Host to, int id, ClientAttempt attempt) {
    String why = attempt.failure() == null ? "" : String.valueOf(attempt.failure().getMessage());
    switch (attempt.outcome()) {
      case CONNECTED -> trace.record(Trace.Kind.CONNECTED, to.name(), from.name(), id, null, 0,
          "");
      case REFUSED -> trace.record(Trace.Kind.REFUSED, to.name(), from.name(), id, null, 0, why);
      case TIMED_OUT -> trace.record(Trace.Kind.TIMED_OUT, from.name(), null, id, null, 0, why);
      case CANCELLED -> trace.record(Trace.Kind.CANCELLED, from.name(), null, id, null, 0, why);
      default -> trace.record(Trace.Kind.FAILED, from.name(), null, id, null, 0, why);
    }
  }

  private void connect(Host from, Host to, ClientAttempt attempt, MemoryListeningPort listener,
      int index, int id) {
    String label = "link " + from.name() + " -> " + to + ":" + listener.port() + " (Network seed "
        + seed + "L, " + chunking + ")";
    LinkSpec spec = new LinkSpec(clock, chunking, () -> delay(from, to), () -> delay(to, from),
        bytesPerSecond, window, label);
    link(from, to, attempt, listener, spec, index, id);
  }

  private void link(Host from, Host to, ClientAttempt attempt, MemoryListeningPort listener,
      LinkSpec spec, int attemptIndex, int id) {
    LinkControl control;
    try {
      control = NetHooks.get().link(attempt, listener, spec);
    } catch (IllegalStateException e) {
      if (attempt.isPending()) {
        throw e;
      }
      // The client factory built no protocol: the attempt failed and its factory was told, as
      // the production reactor tells it; no connection, so no link.
      return;
    }
    control.observe(trace.observer(id, from, to));
    Link link = new Link(control, from, to, links.size(), attemptIndex, id);
    links.add(link);
    link.refresh(this);
    injectStreamFaults(link);
  }

  /**
   * The port a SYN to {@code host}'s address and {@code port} reaches, as the kernel matches it:
   * one bound to all addresses, or to the host's own address; a port bound to another address
   * (loopback, say) is not reachable from the network.
   */
  private static @Nullable MemoryListeningPort listener(Host host, int port) {
    for (MemoryListeningPort p : host.reactor().listeningPorts()) {
      InetAddress bound = p.host().getAddress();
      if (p.port() == port && (bound.isAnyLocalAddress() || bound.equals(host.address()))) {
        return p;
      }
    }
    return null;
  }

  private void schedule(long nanos, Runnable work, String what) {
    schedule(nanos, work, () -> what);
  }

  private void schedule(long nanos, Runnable work, Supplier<String> what) {
    clock.callLater(Duration.ofNanos(nanos), Actions.traffic(what, work));
  }

  /**
   * Returns the one-way latency between two hosts, drawn by seed the first time it is needed
   * (jitter comes on top, per packet).
   *
   * @param a one host
   * @param b the other
   * @return the latency, the same both ways
   */
  public Duration latency(Host a, Host b) {
    Objects.requireNonNull(a, "a");
    Objects.requireNonNull(b, "b");
    return Duration.ofNanos(baseLatency(a, b));
  }

  /** One packet's one-way delay from {@code a} to {@code b}: the pair's latency plus jitter. */
  long delay(Host a, Host b) {
    long base = baseLatency(a, b);
    long j = jitter.toNanos();
    return j == 0 ? base : base + random.nextLong(j + 1);
  }

  private long baseLatency(Host a, Host b) {
    if (minLatency.equals(maxLatency)) {
      return minLatency.toNanos(); // Nothing to draw: no pair needs a key.
    }
    String pair = a.name().compareTo(b.name()) <= 0
        ? a.name() + "\u0000" + b.name() : b.name() + "\u0000" + a.name();
    long base = pairLatency.computeIfAbsent(pair, p -> {
      long min = minLatency.toNanos();
      long spread = maxLatency.toNanos() - min;
      return spread == 0 ? min : min + random.nextLong(spread + 1);
    });
    return base;
  }

  // ---- faults ------------------------------------------------------------------------------

  /**
   * Injects a fault: from now on it acts wherever its scope says (everywhere if it has none).
   * A {@link ConnectFault} answers the routed attempts it covers (refused or failed one round
   * trip after the attempt, never answered so its connect timeout fires); a thrown connect fault
   * or a {@link ResolverFault} acts on the reactors of the hosts it covers, now and after each
   * restart; a {@link StreamFault} acts on each link it covers, open ones included, counting
   * bytes from the link's first. A {@link Fault.Scoped} fault limits that to a host
   * ({@link Fault#onHost(String)}), the n-th link ({@link Fault#onLink(int)}) or the n-th
   * routed attempt ({@link Fault#onAttempt(int)}). Faults stay until the network is dropped.
   *
   * @param fault the fault
   * @return this network
   */
  public Network inject(Fault fault) {
    Objects.requireNonNull(fault, "fault");
    faults.add(fault);
    for (Host host : byName.values()) {
      if (host.isUp() && NetworkFaults.actsOnReactor(fault, host)) {
        host.reactor().inject(NetworkFaults.bare(fault));
      }
    }
    if (NetworkFaults.bare(fault) instanceof StreamFault stream) {
      for (Link link : links) {
        if (link.isOpen() && NetworkFaults.matches(fault, link.clientHost(), link.serverHost(),
            link.index(), link.attemptIndex())) {
          link.inject(stream);
        }
      }
    }
    return this;
  }

  /**
   * Returns every fault injected so far, in order.
   *
   * @return a snapshot
   */
  public List<Fault> faults() {
    return faults.all();
  }

  /**
   * Releases every stalled link: what a {@link StreamFault.Action#STALL} fault held goes on.
   *
   * @return this network
   */
  public Network releaseStalls() {
    for (Link link : links) {
      link.releaseStall();
    }
    return this;
  }

  private void injectReactorFaults(Host host, MemoryReactor reactor) {
    for (Fault f : faults.all()) {
      if (NetworkFaults.actsOnReactor(f, host)) {
        reactor.inject(NetworkFaults.bare(f));
      }
    }
  }

  private void injectStreamFaults(Link link) {
    for (StreamFault f : faults.streamFaults(link.clientHost(), link.serverHost(), link.index(),
        link.attemptIndex())) {
      link.inject(f);
    }
  }

  /** A resolver fault on the name the attempt connects to: it fails, or its SYN waits. */
  private boolean faultedLookup(Host from, Host to, ClientAttempt attempt, int index, int id) {
    String name = attempt.call().host();
    if (IpLiterals.parse(name) != null) {
      return false;
    }
    ResolverFault fault = faults.resolverFault(from, name);
    if (fault != null) {
      trace.faultFired(from, null, fault);
    }
    if (fault instanceof ResolverFault.LookupFails) {
      schedule(0, () -> {
        if (attempt.isPending()) {
          attempt.fail(new DnsLookupException("DNS lookup failed for " + name + " (" + fault
              + ")"));
        }
      }, "failed lookup of " + name + " on " + from);
      return true;
    }
    if (fault instanceof ResolverFault.LookupDelayed slow) {
      schedule(slow.delay().toNanos(), () -> {
        if (attempt.isPending() && from.isUp()
            && !faultedAttempt(from, to, attempt, index)) {
          routeTo(from, to, attempt, index, id);
        }
      }, "slow lookup of " + name + " on " + from);
      return true;
    }
    return false;
  }

  /** A connect fault on the attempt: refused or failed after a round trip, or never answered. */
  private boolean faultedAttempt(Host from, Host to, ClientAttempt attempt, int index) {
    ConnectFault fault = faults.connectFault(from, to, index);
    if (fault == null) {
      return false;
    }
    trace.faultFired(from, to, fault);
    if (fault instanceof ConnectFault.NeverAnswer) {
      return true;
    }
    ConnectFailedException reason = fault instanceof ConnectFault.FailWith failWith
        ? failWith.reason()
        : new ConnectionRefusedException("Connection refused by " + to + " port "
            + attempt.call().port() + " (" + fault + ")");
    schedule(delay(from, to) + delay(to, from), () -> {
      if (attempt.isPending() && from.isUp()) {
        attempt.fail(reason);
      }
    }, fault + " on the attempt from " + from + " to " + to);
    return true;
  }

  // ---- events ------------------------------------------------------------------------------

  /**
   * Cuts the network between {@code a} and {@code b} both ways: connection attempts go
   * unanswered, and established links hold what arrives until {@link #heal(Host, Host)}.
   *
   * @param a one host
   * @param b the other
   * @return this network
   */
  public Network partition(Host a, Host b) {
    cuts.add(key(a, b));
    cuts.add(key(b, a));
    trace.record(Trace.Kind.PARTITION, a.name(), b.name(), 0, null, 0, "both ways");
    return cut(a, b);
  }

  /**
   * Cuts the network from {@code from} to {@code to} only: packets that way are held.
   *
   * @param from the sending host
   * @param to the receiving host
   * @return this network
   */
  public Network partitionOneWay(Host from, Host to) {
    cuts.add(key(from, to));
    trace.record(Trace.Kind.PARTITION, from.name(), to.name(), 0, null, 0, "one way");
    return cut(from, to);
  }

  private Network cut(Host a, Host b) {
    for (Link link : links(a, b)) {
      link.refresh(this);
    }
    if (!partitionTimeout.isZero()) {
      List<Link> affected = links(a, b);
      schedule(partitionTimeout.toNanos(), () -> {
        for (Link link : affected) {
          if (link.isPartitioned() && link.isOpen()) {
            link.control().timeOut("Connection timed out: no answer from the peer for "
                + partitionTimeout + " (partitioned)");
          }
        }
      }, "partition timeout between " + a + " and " + b);
    }
    return this;
  }

  /**
   * Heals a partition between {@code a} and {@code b}, both ways: what was held arrives, in
   * order.
   *
   * @param a one host
   * @param b the other
   * @return this network
   */
  public Network heal(Host a, Host b) {
    cuts.remove(key(a, b));
    cuts.remove(key(b, a));
    trace.record(Trace.Kind.HEAL, a.name(), b.name(), 0, null, 0, "");
    for (Link link : links(a, b)) {
      link.refresh(this);
    }
    return this;
  }

  /**
   * Heals every partition.
   *
   * @return this network
   */
  public Network healAll() {
    cuts.clear();
    trace.record(Trace.Kind.HEAL, "*", null, 0, null, 0, "every partition");
    for (Link link : links) {
      link.refresh(this);
    }
    return this;
  }

  /**
   * Tells whether packets from {@code from} to {@code to} are cut.
   *
   * @param from the sending host
   * @param to the receiving host
   * @return {@code true} while a partition blocks that way
   */
  public boolean isCut(Host from, Host to) {
    return !cuts.isEmpty() && cuts.contains(key(from, to));
  }

  private static String key(Host from, Host to) {
    return from.name() + "\u0000" + to.name();
  }

  void crashed(Host host) {
    trace.record(Trace.Kind.CRASH, host.name(), null, 0, null, 0, "");
    for (Link link : links) {
      if (link.serverHost() == host) {
        link.control().crash(true);
      }
      if (link.clientHost() == host) {
        link.control().crash(false);
      }
    }
    NetHooks.get().forget(host.reactor());
  }

  /** A datagram's fate, except the plain send: each datagram shows once, where it ended. */
  private void traceDatagram(DatagramEvent event) {
    if (event.fate() == DatagramEvent.Fate.SENT) {
      return;
    }
    dev.weft.reactor.testing.Datagram d = event.datagram();
    Host from = byAddress.get(d.from().getAddress());
    Host to = byAddress.get(d.to().getAddress());
    byte[] data = d.data();
    int shown = Math.min(data.length, Trace.EXCERPT);
    trace.record(Trace.Kind.DATAGRAM,
        from != null ? from.name() : d.from().getAddress().getHostAddress(),
        to != null ? to.name() : d.to().getAddress().getHostAddress(), 0, null, data.length,
        event.fate() + " port " + d.from().getPort() + " -> " + d.to().getPort() + " "
            + Bytes.printable(data, 0, shown) + (shown < data.length ? "..." : ""));
  }

  void restarted(Host host) {
    trace.record(Trace.Kind.RESTART, host.name(), null, 0, null, 0, "");
  }

  void held(Link link, boolean held) {
    trace.record(held ? Trace.Kind.HOLD : Trace.Kind.RELEASE, link.clientHost().name(),
        link.serverHost().name(), link.number(), null, 0, "");
  }

  @Override
  public String toString() {
    return "Network[seed " + seed + ", " + chunking + ", " + byName.size() + " hosts, "
        + links.size() + " links, " + clock + "]";
  }

  /** Configures a {@link Network}; not thread-safe. */
  public static final class Builder {
    private long seed;
    private @Nullable Clock clock;
    private Chunking chunking = Chunking.coalesced();
    private Duration minLatency = Duration.ofMillis(1);
    private Duration maxLatency = Duration.ofMillis(1);
    private Duration jitter = Duration.ZERO;
    private long bytesPerSecond;
    private long window = 64 * 1024;
    private Duration partitionTimeout = Duration.ZERO;
    private DatagramConditions datagramConditions = DatagramConditions.perfect();
    private int traceCapacity = Trace.DEFAULT_CAPACITY;
    private boolean keepWritten = true;

    private Builder() {}

    /**
     * Sets how many events the {@linkplain Network#trace() trace} keeps: the most recent ones,
     * the older counted as dropped. Default {@value Trace#DEFAULT_CAPACITY}.
     *
     * @param events at least 1
     * @return this builder
     * @throws IllegalArgumentException if {@code events} is less than 1
     */
    public Builder traceCapacity(int events) {
      if (events < 1) {
        throw new IllegalArgumentException("traceCapacity must be at least 1: " + events);
      }
      this.traceCapacity = events;
      return this;
    }

    /**
     * Chooses whether the connections the network carries keep a record of what their protocols
     * write, for {@code MemoryConnection.written()} (the default), or only the bytes the link has
     * not taken yet. Without a record, memory stays bounded however long a transfer runs, and
     * the arrays writes were copied into are reused once the peer's protocol has read them, as
     * nio reuses its buffers; {@code written()} then fails and names this setting. Set it for
     * bulk and soak tests that assert on what arrives. Applies to every host's reactor (see
     * {@link MemoryReactor#keepWritten(boolean)}, which also sets it for one host); a connection
     * the test plays by hand always keeps its record.
     *
     * @param keep {@code false} to keep no record
     * @return this builder
     */
    public Builder keepWritten(boolean keep) {
      this.keepWritten = keep;
      return this;
    }

    /**
     * Sets what the network does to datagrams between hosts: seeded loss, duplication,
     * reordering, latency and size limit. Default {@link DatagramConditions#perfect()} (1 ms,
     * nothing lost). Datagrams do not use {@link #latency(Duration)} or {@link #jitter};
     * their fates are drawn from the network's seed in a stream of their own, so UDP traffic
     * never shifts the latencies TCP links draw.
     *
     * @param conditions the conditions of every pair of hosts
     * @return this builder
     */
    public Builder datagrams(DatagramConditions conditions) {
      this.datagramConditions = Objects.requireNonNull(conditions, "conditions");
      return this;
    }

    /**
     * Sets the seed every random choice (latencies, jitter) is drawn from.
     *
     * @param seed the seed
     * @return this builder
     */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /**
     * Uses {@code clock} instead of a new one.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Sets how arriving bytes become reads on every host. Default {@link Chunking#coalesced()}.
     *
     * @param chunking the policy
     * @return this builder
     */
    public Builder chunking(Chunking chunking) {
      this.chunking = Objects.requireNonNull(chunking, "chunking");
      return this;
    }

    /**
     * Sets one latency for every pair of hosts.
     *
     * @param oneWay the one-way delay, not negative
     * @return this builder
     */
    public Builder latency(Duration oneWay) {
      return latency(oneWay, oneWay);
    }

    /**
     * Draws each pair of hosts' one-way latency from {@code min..max} by seed.
     *
     * @param min not negative
     * @param max at least {@code min}
     * @return this builder
     * @throws IllegalArgumentException if negative or {@code max < min}
     */
    public Builder latency(Duration min, Duration max) {
      Checks.nonNegative(min, "min");
      Checks.nonNegative(max, "max");
      if (max.compareTo(min) < 0) {
        throw new IllegalArgumentException(
            "max latency must be at least min: " + max + " < " + min);
      }
      this.minLatency = min;
      this.maxLatency = max;
      return this;
    }

    /**
     * Adds a random delay in {@code 0..jitter} to each packet (never reordering them).
     *
     * @param jitter not negative
     * @return this builder
     */
    public Builder jitter(Duration jitter) {
      this.jitter = Checks.nonNegative(jitter, "jitter");
      return this;
    }

    /**
     * Sets each direction's bandwidth.
     *
     * @param bytesPerSecond at least 1, or 0 for unlimited (the default)
     * @return this builder
     */
    public Builder bandwidth(long bytesPerSecond) {
      if (bytesPerSecond < 0) {
        throw new IllegalArgumentException("bandwidth must not be negative: " + bytesPerSecond);
      }
      this.bytesPerSecond = bytesPerSecond;
      return this;
    }

    /**
     * Sets each direction's receive window: bytes in flight plus bytes the reader has not read.
     * A reader that stops reading stops its peer's sending once it is full; then the writer's
     * transport holds the rest and its producer is paused at the high-water mark.
     *
     * @param bytes at least 1
     * @return this builder
     */
    public Builder window(long bytes) {
      if (bytes < 1) {
        throw new IllegalArgumentException("window must be at least 1: " + bytes);
      }
      this.window = bytes;
      return this;
    }

    /**
     * Makes connections across a partition fail after {@code timeout} (both ends get a
     * connection-lost timeout), as TCP gives up retransmitting. Default zero: they wait for the
     * heal forever.
     *
     * @param timeout not negative; zero for never
     * @return this builder
     */
    public Builder partitionTimeout(Duration timeout) {
      this.partitionTimeout = Checks.nonNegative(timeout, "timeout");
      return this;
    }

    /**
     * Builds the network.
     *
     * @return a network with no hosts yet
     */
    public Network build() {
      return new Network(this);
    }
  }
}
