package dev.weft.reactor.nio;

import dev.weft.reactor.Deferred;
import dev.weft.reactor.ListeningPort;
import dev.weft.reactor.ProtocolFactory;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A group of N single-threaded {@link NioReactor}s serving the same listening ports, so that a
 * server can use N cores with its protocol code unchanged: each connection lives its whole life
 * on one reactor, so its protocol, its transport, its timers and its factory are only ever
 * touched by that reactor's thread.
 *
 * <pre>{@code
 * NioReactorGroup group = NioReactorGroup.builder().size(2).threadNamePrefix("echo").build();
 * NioReactorGroup.GroupPort port = group.listenTCP(0, reactor -> ProtocolFactory.of(Echo::new), 50, "");
 * group.start();
 * ...
 * group.stop();
 * group.awaitTermination(Duration.ofSeconds(10));
 * }</pre>
 *
 * <p>(A copy of {@code NioReactorGroupIT.theClassExampleServesOnEveryReactor}, which compiles and
 * runs it.)
 *
 * <p><b>One factory per reactor.</b> {@link #listenTCP} takes a function that builds a factory
 * for each reactor, so that a factory, which often keeps state (counters, a cache, a registry of
 * its protocols) and schedules timers on its reactor, stays single-threaded as on one reactor.
 * State shared by several reactors is shared between threads: hand it over with
 * {@link NioReactor#callFromThread(Runnable)} to the reactor that owns it, or make it
 * thread-safe. The fakes model a group too, so a test can check that.
 *
 * <p><b>Accepting.</b> In {@link AcceptMode#REUSE_PORT} mode each reactor has its own listening
 * socket bound to the same port with {@code SO_REUSEPORT}, and the kernel spreads new
 * connections over them (Linux by a hash of the addresses, so a handful of connections may well
 * land on the same reactor). In {@link AcceptMode#ACCEPTOR} mode the first reactor alone
 * listens, and hands each accepted socket to the reactors in turn (itself included),
 * round-robin, through {@code callFromThread}. {@link AcceptMode#AUTO}, the default, is
 * {@code REUSE_PORT} where the platform supports the option, otherwise {@code ACCEPTOR}.
 *
 * <p><b>Order of starting and stopping.</b> Ports are opened by {@link #listenTCP} before
 * {@link #start()} (connections that arrive meanwhile wait in the backlog); {@code start()}
 * starts the reactors in index order, each on its own thread. {@link #stop()} first stops every
 * group port and waits for that (no connection is accepted from then on; in {@code ACCEPTOR}
 * mode the sockets already handed off are queued on their reactors ahead of the stop, so they
 * are served), then stops every reactor: each fires its shutdown triggers and closes its own
 * connections as {@link NioReactor#stop()} describes. So connections in flight at {@code stop()}
 * are not cut at once: a {@code BEFORE} shutdown trigger on each reactor (see
 * {@link #reactors()}) may let them finish, up to that reactor's shutdown timeout; what is still
 * open then ends with {@link dev.weft.reactor.ConnectionLostException}. In {@code REUSE_PORT}
 * mode, connections that the kernel had queued on a socket but no reactor had accepted yet when
 * the ports close are reset by the kernel.
 *
 * <p><b>Threads.</b> {@link #listenTCP} may be called only by the thread that built the group,
 * before {@link #start()}. {@link #start()}, {@link #stop()}, {@link #awaitTermination},
 * {@link #reactors()}, {@link #size()} and {@link #next()} may be called from any thread.
 * Everything else goes through a reactor, under its own thread rules.
 *
 * <p>Netty: an {@code EventLoopGroup} with a boss and workers, or {@code SO_REUSEPORT} with
 * one channel per loop on epoll. Twisted has no counterpart: a Twisted process uses one core.
 */
public final class NioReactorGroup {

  /** How the reactors of a group share a listening port. */
  public enum AcceptMode {
    /** {@code SO_REUSEPORT} where the platform supports it, otherwise {@link #ACCEPTOR}. */
    AUTO,
    /** One listening socket per reactor, bound with {@code SO_REUSEPORT}; the kernel spreads. */
    REUSE_PORT,
    /** The first reactor accepts and hands connections out round-robin. */
    ACCEPTOR
  }

  private final List<NioReactor> reactors;
  private final AcceptMode mode;
  private final Thread owner;
  private final List<GroupPort> ports = new ArrayList<>();
  private final AtomicInteger nextReactor = new AtomicInteger();
  private final Object lock = new Object();
  private boolean started;
  private boolean stopping;
  private final CompletableFuture<Void> stopped = new CompletableFuture<>();

  private NioReactorGroup(Builder b) {
    List<NioReactor> all = new ArrayList<>(b.size);
    for (int i = 0; i < b.size; i++) {
      NioReactor.Builder rb = NioReactor.builder().threadName(b.threadNamePrefix + "-" + i);
      b.configure.accept(rb);
      all.add(rb.threadName(b.threadNamePrefix + "-" + i).build());
    }
    this.reactors = List.copyOf(all);
    this.mode = b.mode == AcceptMode.AUTO
        ? (reusePortSupported() ? AcceptMode.REUSE_PORT : AcceptMode.ACCEPTOR)
        : b.mode;
    this.owner = Thread.currentThread();
  }

  /**
   * Returns a builder: as many reactors as available processors, threads named {@code weft-N},
   * {@link AcceptMode#AUTO}, each reactor with {@link NioReactor}'s defaults.
   *
   * @return a new builder, never {@code null}
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Tells whether this platform lets several sockets listen on one port with {@code
   * SO_REUSEPORT}.
   *
   * @return {@code true} if a server socket channel supports the option
   */
  public static boolean reusePortSupported() {
    try (ServerSocketChannel probe = ServerSocketChannel.open()) {
      return probe.supportedOptions().contains(StandardSocketOptions.SO_REUSEPORT);
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Returns the reactors, in index order. Use one to connect clients, add shutdown triggers or
   * schedule work; each is confined to its own thread once the group started.
   *
   * @return an immutable list of {@link #size()} reactors
   */
  public List<NioReactor> reactors() {
    return reactors;
  }

  /**
   * Returns how many reactors the group has.
   *
   * @return at least 1
   */
  public int size() {
    return reactors.size();
  }

  /**
   * Returns the reactors in turn, round-robin: where to put the next client connection.
   *
   * @return a reactor of the group
   */
  public NioReactor next() {
    return reactors.get(Math.floorMod(nextReactor.getAndIncrement(), reactors.size()));
  }

  /**
   * Returns how this group accepts: {@link AcceptMode#REUSE_PORT} or {@link AcceptMode#ACCEPTOR},
   * never {@link AcceptMode#AUTO} (resolved when the group was built).
   *
   * @return the mode in force
   */
  public AcceptMode acceptMode() {
    return mode;
  }

  /**
   * Listens on {@code port} with every reactor of the group. Each reactor gets its own factory,
   * built now by {@code factoryFor} (in index order), started now and stopped when the group
   * port stops.
   *
   * @param port the port, 0 for one the system picks (the same for every reactor)
   * @param factoryFor builds the factory of one reactor; it may keep that reactor to schedule
   *     timers on
   * @param backlog the listen backlog of each socket, at least 1
   * @param networkInterface an IP literal to bind, or {@code ""} for all interfaces
   * @return the group's port; its {@link ListeningPort#host()} is the bound address
   * @throws IllegalStateException if the group started already, or the caller is not the thread
   *     that built it
   * @throws dev.weft.reactor.CannotListenException if a socket cannot listen; the sockets this
   *     call opened are closed again
   * @throws IllegalArgumentException as {@link NioReactor#listenTCP} does for a bad argument
   */
  public GroupPort listenTCP(
      int port,
      Function<? super NioReactor, ? extends ProtocolFactory> factoryFor,
      int backlog,
      String networkInterface) {
    Objects.requireNonNull(factoryFor, "factoryFor");
    Objects.requireNonNull(networkInterface, "networkInterface");
    synchronized (lock) {
      if (Thread.currentThread() != owner) {
        throw new IllegalStateException(
            "listenTCP called on " + Thread.currentThread().getName() + "; call it on "
                + owner.getName() + ", which built the group");
      }
      if (started) {
        throw new IllegalStateException(
            "the group already started; open its ports with listenTCP before start()");
      }
    }
    List<ProtocolFactory> factories = new ArrayList<>();
    for (NioReactor reactor : reactors) {
      factories.add(Objects.requireNonNull(factoryFor.apply(reactor), "factoryFor returned null"));
    }
    List<ListeningPort> opened = new ArrayList<>();
    try {
      if (mode == AcceptMode.REUSE_PORT) {
        int bound = port;
        for (int i = 0; i < reactors.size(); i++) {
          ListeningPort p = reactors.get(i).listenForGroup(
              bound, factories.get(i), backlog, networkInterface, true, null);
          opened.add(p);
          bound = p.host().getPort();
        }
      } else {
        opened.add(reactors.get(0).listenForGroup(
            port, factories.get(0), backlog, networkInterface, false,
            handOff(factories)));
        // The other reactors' factories start here; each stops when its reactor's share stops.
        for (int i = 1; i < reactors.size(); i++) {
          factories.get(i).doStart();
        }
      }
    } catch (RuntimeException e) {
      for (ListeningPort p : opened) {
        p.stopListening();
      }
      throw e;
    }
    GroupPort groupPort = new GroupPort(opened, factories);
    synchronized (lock) {
      ports.add(groupPort);
    }
    return groupPort;
  }

  /** Round-robin over every reactor; the acceptor serves its own share directly. */
  private Consumer<SocketChannel> handOff(List<ProtocolFactory> factories) {
    AtomicInteger turn = new AtomicInteger();
    return accepted -> {
      int i = Math.floorMod(turn.getAndIncrement(), reactors.size());
      NioReactor target = reactors.get(i);
      ProtocolFactory factory = factories.get(i);
      if (i == 0) {
        target.adopt(accepted, factory);
      } else {
        target.callFromThread(() -> target.adopt(accepted, factory));
      }
    };
  }

  /**
   * Starts every reactor on its own thread, in index order. Calling it again does nothing.
   *
   * @return this group
   * @throws IllegalStateException if the group was stopped
   */
  public NioReactorGroup start() {
    synchronized (lock) {
      if (stopping) {
        throw new IllegalStateException("the group was stopped; a group runs once");
      }
      if (started) {
        return this;
      }
      started = true;
    }
    for (NioReactor reactor : reactors) {
      reactor.start();
    }
    return this;
  }

  /**
   * Stops the group in order: every group port stops listening (waited for), then every reactor
   * stops as {@link NioReactor#stop()} does. Returns at once; {@link #awaitTermination} waits
   * for the end. A group that never started is released at once. Calling it again does nothing.
   * A member that already ended (a fatal error in one of its callbacks stops only that reactor)
   * is skipped, so stopping the rest never waits on it.
   */
  public void stop() {
    synchronized (lock) {
      if (stopping) {
        return;
      }
      stopping = true;
      if (!started) {
        for (NioReactor reactor : reactors) {
          reactor.crash();
        }
        stopped.complete(null);
        return;
      }
    }
    List<CompletableFuture<Void>> portsStopped = new ArrayList<>();
    for (NioReactor reactor : reactors) {
      portsStopped.add(onLoopOf(reactor, () -> stopPortsOn(reactor)));
    }
    CompletableFuture.allOf(portsStopped.toArray(CompletableFuture[]::new))
        .whenComplete((ok, e) -> {
          // Each stop is queued behind the hand-offs made before the ports closed. A member that
          // already ended (a fatal error stopped it) has nothing left to stop.
          for (NioReactor reactor : reactors) {
            if (reactor.isRunning()) {
              try {
                reactor.stop();
              } catch (IllegalStateException endedMeanwhile) {
                // It stopped between the check and the call: what stop() was for is done.
              }
            }
          }
          stopped.complete(null);
        });
  }

  /**
   * Runs {@code work} on {@code reactor}'s thread; the result completes when the work's future
   * does, or at once if that loop has terminated (a loop that died on a fatal error drops the
   * call, and has nothing left to stop), so stopping a group never waits on a dead member.
   */
  private static CompletableFuture<Void> onLoopOf(
      NioReactor reactor, java.util.function.Supplier<CompletableFuture<Void>> work) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    reactor.termination().whenComplete((ok, e) -> done.complete(null));
    reactor.callFromThread(() -> work.get().whenComplete((ok, e) -> done.complete(null)));
    return done;
  }

  /** Stops this reactor's share of every group port; on that reactor's thread. */
  private CompletableFuture<Void> stopPortsOn(NioReactor reactor) {
    List<GroupPort> all;
    synchronized (lock) {
      all = List.copyOf(ports);
    }
    List<CompletableFuture<Void>> each = new ArrayList<>();
    for (GroupPort port : all) {
      each.add(port.stopOn(reactor));
    }
    return CompletableFuture.allOf(each.toArray(CompletableFuture[]::new));
  }

  /**
   * Waits until every reactor has terminated, after {@link #stop()}.
   *
   * @param timeout the longest wait in total
   * @return {@code true} if all terminated in time
   * @throws InterruptedException if interrupted while waiting
   */
  public boolean awaitTermination(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      stopped.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      return false;
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException("stopping the group failed", e.getCause());
    }
    for (NioReactor reactor : reactors) {
      long left = deadline - System.nanoTime();
      if (!reactor.awaitTermination(Duration.ofNanos(Math.max(0, left)))) {
        return false;
      }
    }
    return true;
  }

  /**
   * Tells whether every reactor has terminated.
   *
   * @return {@code true} once the group is over
   */
  public boolean isTerminated() {
    return reactors.stream().allMatch(NioReactor::isTerminated);
  }

  @Override
  public String toString() {
    return "NioReactorGroup[" + reactors.size() + " reactors, " + mode + "]";
  }

  /**
   * A port the whole group listens on: one socket per reactor ({@code REUSE_PORT}) or one on the
   * first reactor ({@code ACCEPTOR}). It stops when the group stops, or earlier with
   * {@link #stopListening()}.
   */
  public final class GroupPort {
    private final List<ListeningPort> sockets;
    private final List<ProtocolFactory> factories;
    private final InetSocketAddress address;

    private GroupPort(List<ListeningPort> sockets, List<ProtocolFactory> factories) {
      this.sockets = List.copyOf(sockets);
      this.factories = List.copyOf(factories);
      this.address = sockets.get(0).host();
    }

    /**
     * Returns the address the group listens on.
     *
     * @return the bound address, readable from any thread
     */
    public InetSocketAddress host() {
      return address;
    }

    /**
     * Returns the listening sockets: one per reactor in {@code REUSE_PORT} mode, in index order;
     * the acceptor's alone in {@code ACCEPTOR} mode. Each is confined to its reactor's thread.
     *
     * @return the sockets' ports
     */
    public List<ListeningPort> sockets() {
      return sockets;
    }

    /**
     * Stops listening on every reactor; connections already accepted go on. May be called from
     * any thread; the group must have started.
     *
     * @return completes once every socket has stopped and every factory was told
     */
    public CompletableFuture<Void> stopListening() {
      List<CompletableFuture<Void>> each = new ArrayList<>();
      for (NioReactor reactor : reactors) {
        each.add(onLoopOf(reactor, () -> stopOn(reactor)));
      }
      return CompletableFuture.allOf(each.toArray(CompletableFuture[]::new));
    }

    /** This reactor's share: its socket, or in ACCEPTOR mode its factory. Its thread only. */
    CompletableFuture<Void> stopOn(NioReactor reactor) {
      int i = reactors.indexOf(reactor);
      if (mode == AcceptMode.REUSE_PORT || i == 0) {
        Deferred<Void> d = sockets.get(mode == AcceptMode.REUSE_PORT ? i : 0).stopListening();
        return d.toCompletableFuture();
      }
      ProtocolFactory factory = factories.get(i);
      if (stoppedFactories.add(factory)) {
        factory.doStop();
      }
      return CompletableFuture.completedFuture(null);
    }

    private final java.util.Set<ProtocolFactory> stoppedFactories =
        java.util.concurrent.ConcurrentHashMap.newKeySet();

    @Override
    public String toString() {
      return "GroupPort[" + address + ", " + mode + ", " + sockets.size() + " sockets]";
    }
  }

  /** Configures a {@link NioReactorGroup}; not thread-safe. */
  public static final class Builder {
    private int size = Runtime.getRuntime().availableProcessors();
    private String threadNamePrefix = "weft";
    private AcceptMode mode = AcceptMode.AUTO;
    private Consumer<NioReactor.Builder> configure = b -> {};

    private Builder() {}

    /**
     * Sets how many reactors (and threads) the group has.
     *
     * @param reactors at least 1
     * @return this builder
     * @throws IllegalArgumentException if less than 1
     */
    public Builder size(int reactors) {
      if (reactors < 1) {
        throw new IllegalArgumentException("size must be at least 1: " + reactors);
      }
      this.size = reactors;
      return this;
    }

    /**
     * Sets the prefix of the reactors' thread names; reactor {@code i} runs on
     * {@code prefix-i}.
     *
     * @param prefix not blank
     * @return this builder
     * @throws IllegalArgumentException if blank
     */
    public Builder threadNamePrefix(String prefix) {
      Objects.requireNonNull(prefix, "prefix");
      if (prefix.isBlank()) {
        throw new IllegalArgumentException("threadNamePrefix must not be blank: '" + prefix + "'");
      }
      this.threadNamePrefix = prefix;
      return this;
    }

    /**
     * Sets how the reactors share a listening port.
     *
     * @param mode the mode; {@link AcceptMode#REUSE_PORT} where the platform lacks the option
     *     fails at {@link #build()}
     * @return this builder
     */
    public Builder acceptMode(AcceptMode mode) {
      this.mode = Objects.requireNonNull(mode, "mode");
      return this;
    }

    /**
     * Configures every reactor of the group the same way (water marks, limits, logger...). The
     * thread name set here is replaced by the group's.
     *
     * @param configure applied to each reactor's builder
     * @return this builder
     */
    public Builder eachReactor(Consumer<NioReactor.Builder> configure) {
      this.configure = Objects.requireNonNull(configure, "configure");
      return this;
    }

    /**
     * Builds the group; the calling thread owns its reactors until {@link #start()}.
     *
     * @return a new group, not started
     * @throws IllegalStateException if {@link AcceptMode#REUSE_PORT} was asked for and the
     *     platform does not support {@code SO_REUSEPORT}
     */
    public NioReactorGroup build() {
      if (mode == AcceptMode.REUSE_PORT && !reusePortSupported()) {
        throw new IllegalStateException(
            "SO_REUSEPORT is not supported on this platform; use AcceptMode.ACCEPTOR or AUTO");
      }
      return new NioReactorGroup(this);
    }
  }
}
