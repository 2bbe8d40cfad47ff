package dev.weft.reactor.testing.conformance;

import dev.weft.reactor.DnsLookupException;
import dev.weft.reactor.internal.Checks;
import dev.weft.reactor.testing.Clock;
import dev.weft.reactor.testing.MemoryListeningPort;
import dev.weft.reactor.testing.MemoryReactor;
import dev.weft.reactor.testing.net.Chunking;
import dev.weft.reactor.testing.net.Host;
import dev.weft.reactor.testing.net.Link;
import dev.weft.reactor.testing.net.Network;
import dev.weft.reactor.internal.IpLiterals;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;

/**
 * A {@link ReactorDriver} for a {@link MemoryReactor} on a simulated {@link Network}: the
 * reactor is the network's host {@code localhost} at {@value #LOOPBACK_HOST}, so its connection
 * attempts are routed by the network as any host's are, and time is the network's
 * {@link Clock}. The conformance scenarios (or a test of your own protocols) run without
 * sockets, threads or real waiting.
 *
 * <p><b>The network.</b> The driver adds nothing of its own to the network's rules; it only
 * chooses the network: loopback has no latency and no bandwidth limit, reads are cut by the
 * {@linkplain Builder#chunking(Chunking) chunking}, each direction's receive window is the
 * network's default. So:
 *
 * <ul>
 *   <li>an attempt to {@value #LOOPBACK_HOST} (or a name the reactor's
 *       {@link dev.weft.reactor.testing.MemoryResolver} maps to it) reaches the port of this
 *       reactor that listens there through a {@link Link}, after a round trip of the Clock's
 *       turns, or is refused if none listens, {@link #refusingPort()} included;
 *   <li>a name the resolver {@linkplain dev.weft.reactor.testing.MemoryResolver#fail fails}
 *       fails the attempt with its {@link DnsLookupException}, on the turn after
 *       {@code startedConnecting};
 *   <li>{@link #unansweredAddress()} is a host of the network that is down
 *       ({@value #UNANSWERED_HOST}): an attempt there ends only by its timeout, which fires when
 *       the Clock reaches it, or by {@code stopConnecting};
 *   <li>an address (or a name) the network does not know stays a pending recorded attempt, like a
 *       host that drops packets, until its timeout, or until the test completes it by hand;
 *   <li>a {@code connectUNIX} attempt reaches the {@code listenUNIX} port of this reactor on the
 *       same path, and is refused when none listens there; the driver's
 *       {@link #unixSocketPath()}s name no file.
 * </ul>
 *
 * <p><b>Steps and time.</b> One step runs one turn of the Clock ({@link MemoryReactor#iterate()}),
 * if the Clock has work at the current instant ({@link Clock#hasWorkNow()}); bytes on links
 * move in the Clock's calls, turn by turn. {@link #runUntil} takes steps until its condition
 * holds; when nothing is left at the current instant it advances the Clock to the next delayed
 * call. It fails with an {@link AssertionError} naming what it waited for after
 * {@link Builder#maxSteps(int) a number of steps}, after {@link Builder#maxTime(Duration) an
 * amount of fake time}, or at once when nothing is left that could ever make the condition hold.
 *
 * <p><b>Threads.</b> Everything runs on the calling thread, which is the reactor thread of a
 * fake: {@link #onReactor} runs its action inline. Not thread-safe, except that
 * {@code reactor().callFromThread} may be called from any thread. Callback errors the fakes catch
 * stay in the reactor's {@link MemoryReactor#callbackErrors()}; a delayed call that throws
 * propagates out of {@link #runUntil} or {@link #passTime}.
 *
 * <p>Twisted: the role of {@code twisted.test.iosim} with a {@code MemoryReactor} under
 * the reactor tests' {@code ReactorBuilder}.
 */
public final class MemoryReactorDriver implements ReactorDriver {
  /** The loopback address this network answers on: the address of the driver's host. */
  public static final String LOOPBACK_HOST = "127.0.0.1";
  /** The name of the driver's host on its network, which its resolver maps to loopback. */
  public static final String HOST_NAME = "localhost";
  /** The address of the network's host that is down: attempts there are never answered. */
  public static final String UNANSWERED_HOST = "10.255.255.1";
  /** The port {@link #unansweredAddress()} names. */
  public static final int UNANSWERED_PORT = 9;
  /** The number of steps {@link #runUntil} and {@link #passTime} take by default before failing. */
  public static final int DEFAULT_MAX_STEPS = 10_000;
  /** The fake time {@link #runUntil} lets pass by default before failing. */
  public static final Duration DEFAULT_MAX_TIME = Duration.ofMinutes(1);
  private static final int CLOSING_TURNS = 16;

  private int unixPaths;
  private final Network network;
  private final Host host;
  private final MemoryReactor reactor;
  private final int maxSteps;
  private final Duration maxTime;
  private boolean closed;

  private MemoryReactorDriver(Builder b) {
    this.network = Network.builder().chunking(b.chunking).latency(Duration.ZERO).build();
    this.host = network.host(HOST_NAME, LOOPBACK_HOST);
    network.host("unanswered", UNANSWERED_HOST).crash();
    this.reactor = host.reactor();
    this.maxSteps = b.maxSteps;
    this.maxTime = b.maxTime;
  }

  /**
   * Creates a driver on a new network, coalesced reads and the default bounds.
   *
   * @return the driver, its reactor running
   */
  public static MemoryReactorDriver create() {
    return builder().build();
  }

  /**
   * Starts a builder: coalesced reads, {@link #DEFAULT_MAX_STEPS}, {@link #DEFAULT_MAX_TIME}.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns the reactor, running: the reactor of {@link #host()}.
   *
   * @return the reactor
   */
  @Override
  public MemoryReactor reactor() {
    return reactor;
  }

  /**
   * Returns the simulated network the driver's host is on, for its links, partitions and
   * holds.
   *
   * @return the network
   */
  public Network network() {
    return network;
  }

  /**
   * Returns the driver's host: {@value #HOST_NAME} at {@value #LOOPBACK_HOST}.
   *
   * @return the host
   */
  public Host host() {
    return host;
  }

  /**
   * Returns the links of the connections the network made, oldest first.
   *
   * @return a snapshot
   */
  public List<Link> links() {
    return network.links();
  }

  /**
   * Runs {@code action} now, on the calling thread, which is the fake's reactor thread.
   *
   * @param action what to run; what it throws propagates as is
   */
  @Override
  public void onReactor(Runnable action) {
    Objects.requireNonNull(action, "action");
    requireOpen("onReactor");
    action.run();
  }

  /**
   * Runs {@code action} now, on the calling thread, and returns its result.
   *
   * @param action what to run
   * @param <T> the result type
   * @return what it returned
   * @throws RuntimeException what it threw; a checked exception wrapped in an
   *     {@link IllegalStateException}
   */
  @Override
  public <T> T onReactor(Callable<T> action) {
    Objects.requireNonNull(action, "action");
    requireOpen("onReactor");
    try {
      return action.call();
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("the action threw a checked exception: " + e, e);
    }
  }

  /**
   * Takes steps, advancing the Clock to the next delayed call whenever nothing is left at the
   * current instant, until {@code condition} holds; see the class comment.
   *
   * @throws AssertionError naming {@code description} if the condition does not hold within the
   *     step or time bound, or the network went idle without it holding
   */
  @Override
  public void runUntil(BooleanSupplier condition, String description) {
    Objects.requireNonNull(condition, "condition");
    Objects.requireNonNull(description, "description");
    requireOpen("runUntil");
    Instant deadline = reactor.now().plus(maxTime);
    for (int step = 0; step < maxSteps; step++) {
      if (condition.getAsBoolean()) {
        return;
      }
      if (step()) {
        continue;
      }
      Instant next = network.clock().nextCallTime().orElse(null);
      if (next == null) {
        if (condition.getAsBoolean()) {
          return;
        }
        throw new AssertionError("the network is idle (no turn work, no delayed call) and still"
            + " waiting for: " + description + "; " + this);
      }
      if (next.isAfter(deadline)) {
        throw new AssertionError("still waiting after " + maxTime + " of fake time for: "
            + description + " (next delayed call at " + next + "); " + this);
      }
      advanceTo(next);
    }
    if (condition.getAsBoolean()) {
      return;
    }
    throw new AssertionError(
        "still waiting after " + maxSteps + " steps for: " + description + "; " + this);
  }

  /**
   * Lets {@code duration} of fake time pass: takes steps and advances the Clock call by call up
   * to now plus {@code duration}, then takes steps until nothing is left at that instant.
   *
   * @param duration how much time, not negative
   * @throws AssertionError if the network does not become quiet within the step bound
   */
  @Override
  public void passTime(Duration duration) {
    Checks.nonNegative(duration, "duration");
    requireOpen("passTime");
    Instant target = reactor.now().plus(duration);
    int steps = 0;
    while (true) {
      if (++steps > maxSteps) {
        throw new AssertionError("the network never became quiet while passing " + duration
            + " (" + maxSteps + " steps); " + this);
      }
      if (step()) {
        continue;
      }
      Instant next = network.clock().nextCallTime().orElse(null);
      if (next != null && !next.isAfter(target)) {
        advanceTo(next);
      } else if (reactor.now().isBefore(target)) {
        advanceTo(target);
      } else {
        return;
      }
    }
  }

  /**
   * Takes one step: one turn of the Clock (every host's turn work, the calls due now, which
   * carry the bytes on links), if it has work at the current instant.
   *
   * @return whether a turn ran; {@code false} if only moving time can make anything happen
   */
  public boolean step() {
    requireOpen("step");
    if (!network.clock().hasWorkNow()) {
      return false;
    }
    reactor.iterate();
    return true;
  }

  private void advanceTo(Instant when) {
    network.clock().advance(Duration.between(reactor.now(), when));
  }

  private boolean listensOn(int port) {
    for (MemoryListeningPort listening : reactor.listeningPorts()) {
      if (listening.port() == port) {
        return true;
      }
    }
    return false;
  }

  /** Returns {@value #LOOPBACK_HOST}. */
  @Override
  public String loopbackHost() {
    return LOOPBACK_HOST;
  }

  /**
   * Returns a loopback port where no port of this reactor listens now, so an attempt there is
   * refused.
   *
   * @return a port number
   */
  @Override
  public int refusingPort() {
    for (int port = 1; port <= 65_535; port++) {
      if (port != UNANSWERED_PORT && !listensOn(port)) {
        return port;
      }
    }
    throw new IllegalStateException("every loopback port of " + reactor + " listens");
  }

  /**
   * Returns {@value #UNANSWERED_HOST}:{@value #UNANSWERED_PORT}, a host of the network that is
   * down, where attempts are never answered.
   *
   * @return the address
   */
  @Override
  public InetSocketAddress unansweredAddress() {
    return new InetSocketAddress(Objects.requireNonNull(IpLiterals.parse(UNANSWERED_HOST)),
        UNANSWERED_PORT);
  }

  /**
   * Returns a new path, {@code /weft-memory/N.sock}: the in-memory network routes by path and no
   * file is ever made.
   *
   * @return a path nobody listens on yet
   */
  @Override
  public Path unixSocketPath() {
    return Path.of("/weft-memory", ++unixPaths + ".sock");
  }

  /**
   * Maps {@code name} to {@code ipLiteral} in the reactor's
   * {@link dev.weft.reactor.testing.MemoryResolver}.
   */
  @Override
  public void addHostName(String name, String ipLiteral) {
    requireOpen("addHostName");
    reactor.resolver().map(name, ipLiteral);
  }

  /**
   * Makes the reactor's {@link dev.weft.reactor.testing.MemoryResolver} fail lookups of
   * {@code name} as the production reactor fails them: a {@link DnsLookupException} naming the
   * host, caused by the {@link java.net.UnknownHostException} that says {@code reason}.
   */
  @Override
  public void failHostName(String name, String reason) {
    requireOpen("failHostName");
    Objects.requireNonNull(reason, "reason");
    reactor.resolver().fail(name, new DnsLookupException(
        "cannot resolve host '" + name + "'", new java.net.UnknownHostException(reason)));
  }

  /**
   * Calls {@link MemoryReactor#stop()} and takes steps until the reactor has stopped.
   *
   * @throws AssertionError if it has not stopped within the step and time bounds
   */
  @Override
  public void stopReactor() {
    requireOpen("stopReactor");
    reactor.stop();
    runUntil(reactor::isStopped, "the reactor stopped");
  }

  /** Returns the errors in the reactor's {@link MemoryReactor#callbackErrors()}. */
  @Override
  public List<Throwable> reportedErrors() {
    return reactor.callbackErrors().stream()
        .map(dev.weft.reactor.testing.CallbackError::error).toList();
  }

  /**
   * Stops the reactor if it runs (shutdown triggers, listening ports, open connections; see
   * {@link MemoryReactor#stop()}), and runs the turns that complete the shutdown (a few, bounded),
   * also one the scenario began, as the real driver waits for termination. Calling it
   * again does nothing.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (reactor.isRunning()) {
      reactor.stop();
    }
    // The shutdown runs on the next turn (also after a stop() the scenario made), and what it
    // queues on the turn after; a bounded number of turns, as the real loop drains its tasks
    // after a shutdown, since a scenario may leave work that requeues itself forever.
    for (int turn = 0; turn < CLOSING_TURNS && !reactor.isStopped(); turn++) {
      reactor.iterate();
    }
    reactor.iterate();
  }

  private void requireOpen(String action) {
    if (closed) {
      throw new IllegalStateException(
          "cannot " + action + ": the driver is closed; create a new one for the next scenario");
    }
  }

  @Override
  public String toString() {
    return "MemoryReactorDriver[" + network + ", "
        + reactor.pendingClientAttempts().size() + " pending attempts]";
  }

  /** Configures a {@link MemoryReactorDriver}; not thread-safe. */
  public static final class Builder {
    private Chunking chunking = Chunking.coalesced();
    private int maxSteps = DEFAULT_MAX_STEPS;
    private Duration maxTime = DEFAULT_MAX_TIME;

    private Builder() {}

    /**
     * Sets how arriving bytes become {@code dataReceived} calls on every link of the network.
     * Default {@link Chunking#coalesced()}.
     *
     * @param chunking the policy
     * @return this builder
     */
    public Builder chunking(Chunking chunking) {
      this.chunking = Objects.requireNonNull(chunking, "chunking");
      return this;
    }

    /**
     * Sets how many steps one {@code runUntil} or {@code passTime} may take.
     *
     * @param steps at least 1
     * @return this builder
     */
    public Builder maxSteps(int steps) {
      if (steps < 1) {
        throw new IllegalArgumentException("maxSteps must be at least 1: " + steps);
      }
      this.maxSteps = steps;
      return this;
    }

    /**
     * Sets how much fake time one {@code runUntil} may let pass.
     *
     * @param time positive
     * @return this builder
     */
    public Builder maxTime(Duration time) {
      Objects.requireNonNull(time, "time");
      if (time.isZero() || time.isNegative()) {
        throw new IllegalArgumentException("maxTime must be positive: " + time);
      }
      this.maxTime = time;
      return this;
    }

    /**
     * Builds the driver: a new network with its host, whose reactor runs.
     *
     * @return the driver
     */
    public MemoryReactorDriver build() {
      return new MemoryReactorDriver(this);
    }
  }
}
