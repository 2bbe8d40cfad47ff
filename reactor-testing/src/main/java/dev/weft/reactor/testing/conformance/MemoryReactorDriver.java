package dev.weft.reactor.testing.conformance;

import dev.weft.reactor.ConnectFailedException;
import dev.weft.reactor.DnsLookupException;
import dev.weft.reactor.internal.Checks;
import dev.weft.reactor.testing.ClientAttempt;
import dev.weft.reactor.testing.DeliveryPolicy;
import dev.weft.reactor.testing.MemoryListeningPort;
import dev.weft.reactor.testing.MemoryReactorClock;
import dev.weft.reactor.testing.Pump;
import dev.weft.reactor.internal.IpLiterals;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;

/**
 * A {@link ReactorDriver} for a {@link MemoryReactorClock}: the reactor's recorded connection
 * attempts are completed by an in-memory loopback network, and time is the reactor's
 * {@link dev.weft.reactor.testing.Clock}, so the conformance scenarios (or a test of your own
 * protocols) run without sockets, threads or real waiting.
 *
 * <p><b>The network.</b> On every step the driver looks at the client attempts the reactor
 * recorded, once the factory has been told {@code startedConnecting} (so a connection is never
 * made inside {@code connectTCP}). A host name is first looked up in the reactor's
 * {@link dev.weft.reactor.testing.MemoryResolver} (fill it with {@code map}); a failed lookup
 * fails the attempt with its {@link DnsLookupException}. Then, by address:
 *
 * <ul>
 *   <li>an attempt to {@link #unansweredAddress()} is left pending, so it ends only by its
 *       timeout, which fires when the Clock reaches it, or by {@code stopConnecting};
 *   <li>an attempt to a loopback address where a port of this reactor
 *       listens (on that address or on all interfaces) is connected to that port with
 *       {@link ClientAttempt#connectTo(MemoryListeningPort, Pump.Builder)}; the driver keeps the
 *       {@link Pump} and pumps it on every step;
 *   <li>an attempt to any other loopback port, {@link #refusingPort()} included, is refused;
 *   <li>an attempt to any other address is not on this network: it stays pending, like a host that
 *       drops packets, until its timeout;
 *   <li>a {@code connectUNIX} attempt is connected to the {@code listenUNIX} port of this reactor
 *       on the same path, and refused when none listens there, as the system refuses a path
 *       with no server; the driver's {@link #unixSocketPath()}s name no file.
 * </ul>
 *
 * <p><b>Steps and time.</b> One step runs a turn of the reactor ({@link MemoryReactorClock#iterate()}),
 * wires new attempts, then runs one step of every pump. {@link #runUntil} takes steps until its
 * condition holds; when two steps in a row move nothing, it advances the Clock to the next
 * delayed call. It fails with an {@link AssertionError} naming what it waited for after
 * {@link Builder#maxSteps(int) a number of steps}, after {@link Builder#maxTime(Duration) an
 * amount of fake time}, or at once when nothing is left that could ever make the condition hold.
 *
 * <p><b>Threads.</b> Everything runs on the calling thread, which is the reactor thread of a
 * fake: {@link #onReactor} runs its action inline. Not thread-safe, except that
 * {@code reactor().callFromThread} may be called from any thread. Callback errors the fakes catch
 * stay in the reactor's {@link MemoryReactorClock#callbackErrors()}; a delayed call that throws
 * propagates out of {@link #runUntil} or {@link #passTime}.
 *
 * <p>Twisted: the role of {@code twisted.test.iosim} with a {@code MemoryReactorClock} under
 * the reactor tests' {@code ReactorBuilder}.
 */
public final class MemoryReactorDriver implements ReactorDriver {
  /** The loopback address this network answers on. */
  public static final String LOOPBACK_HOST = "127.0.0.1";
  /** The port {@link #unansweredAddress()} names: attempts there are never answered. */
  public static final int UNANSWERED_PORT = 9;
  /** The number of steps {@link #runUntil} and {@link #passTime} take by default before failing. */
  public static final int DEFAULT_MAX_STEPS = 10_000;
  /** The fake time {@link #runUntil} lets pass by default before failing. */
  public static final Duration DEFAULT_MAX_TIME = Duration.ofMinutes(1);

  private int unixPaths;
  private final MemoryReactorClock reactor;
  private final DeliveryPolicy policy;
  private final int maxSteps;
  private final Duration maxTime;
  private final List<Pump> pumps = new ArrayList<>();
  private final Set<ClientAttempt> unanswered = Collections.newSetFromMap(new IdentityHashMap<>());
  private boolean closed;

  private MemoryReactorDriver(Builder b) {
    this.reactor = b.reactor != null ? b.reactor : new MemoryReactorClock();
    this.policy = b.policy;
    this.maxSteps = b.maxSteps;
    this.maxTime = b.maxTime;
    if (!reactor.hasStarted()) {
      reactor.run();
    }
  }

  /**
   * Creates a driver with a new, running {@link MemoryReactorClock}, whole-write delivery and
   * the default bounds.
   *
   * @return the driver
   */
  public static MemoryReactorDriver create() {
    return builder().build();
  }

  /**
   * Starts a builder: a new reactor, whole-write delivery, {@link #DEFAULT_MAX_STEPS},
   * {@link #DEFAULT_MAX_TIME}.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns the reactor, running: {@link #create()} and {@link Builder#build()} start it.
   *
   * @return the reactor
   */
  @Override
  public MemoryReactorClock reactor() {
    return reactor;
  }

  /**
   * Returns the pumps of the connections the network made, oldest first.
   *
   * @return a snapshot
   */
  public List<Pump> pumps() {
    return List.copyOf(pumps);
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
   * Takes steps, advancing the Clock to the next delayed call whenever two steps in a row move
   * nothing, until {@code condition} holds; see the class comment.
   *
   * @throws AssertionError naming {@code description} if the condition does not hold within the
   *     step or time bound, or the reactor went idle without it holding
   */
  @Override
  public void runUntil(BooleanSupplier condition, String description) {
    Objects.requireNonNull(condition, "condition");
    Objects.requireNonNull(description, "description");
    requireOpen("runUntil");
    Instant deadline = reactor.now().plus(maxTime);
    int quiet = 0;
    for (int step = 0; step < maxSteps; step++) {
      if (condition.getAsBoolean()) {
        return;
      }
      if (step()) {
        quiet = 0;
        continue;
      }
      if (++quiet < 2) {
        continue;
      }
      quiet = 0;
      Instant next = reactor.clock().nextCallTime().orElse(null);
      if (next == null) {
        if (condition.getAsBoolean()) {
          return;
        }
        throw new AssertionError("the reactor is idle (no I/O to pump, no delayed call) and still"
            + " waiting for: " + description + "; " + this);
      }
      if (next.isAfter(deadline)) {
        throw new AssertionError("still waiting after " + maxTime + " of fake time for: "
            + description + " (next delayed call at " + next + "); " + this);
      }
      reactor.advanceToNextCall();
    }
    if (condition.getAsBoolean()) {
      return;
    }
    throw new AssertionError(
        "still waiting after " + maxSteps + " steps for: " + description + "; " + this);
  }

  /**
   * Lets {@code duration} of fake time pass: takes steps and advances the Clock call by call up
   * to now plus {@code duration}, then takes steps until the network is quiet again.
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
      if (step() || step()) {
        continue;
      }
      Instant next = reactor.clock().nextCallTime().orElse(null);
      if (next != null && !next.isAfter(target)) {
        reactor.advanceToNextCall();
      } else if (reactor.now().isBefore(target)) {
        reactor.advance(Duration.between(reactor.now(), target));
      } else {
        return;
      }
    }
  }

  /**
   * Takes one step: a reactor turn, then wiring the new attempts, then one step of every pump.
   *
   * @return whether anything moved: a queued thread call, an attempt completed or still waiting
   *     for its {@code startedConnecting}, or bytes or a close pumped
   */
  public boolean step() {
    requireOpen("step");
    boolean moved = !reactor.queuedCallsFromThread().isEmpty() || reactor.hasDatagramsInFlight();
    reactor.iterate();
    moved |= wireAttempts();
    for (Pump pump : List.copyOf(pumps)) {
      moved |= pump.pump();
    }
    return moved;
  }

  private boolean wireAttempts() {
    boolean moved = wireUnixAttempts();
    for (ClientAttempt attempt : reactor.pendingClientAttempts()) {
      if (unanswered.contains(attempt)) {
        continue;
      }
      if (!attempt.hasStartedConnecting()) {
        // The real reactor answers on a later turn than startedConnecting: wait for it.
        moved = true;
        continue;
      }
      InetAddress address = destination(attempt);
      if (address == null) {
        moved = true;
        continue;
      }
      int port = attempt.call().port();
      if (!address.isLoopbackAddress()
          || (port == UNANSWERED_PORT && isLoopbackHost(address))) {
        unanswered.add(attempt);
        continue;
      }
      MemoryListeningPort listening = listenerFor(address, port);
      if (listening == null) {
        attempt.refuse();
      } else {
        pumps.add(attempt.connectTo(listening, Pump.builder().policy(policy)));
      }
      moved = true;
    }
    return moved;
  }

  private boolean wireUnixAttempts() {
    boolean moved = false;
    for (ClientAttempt attempt : reactor.pendingUnixClientAttempts()) {
      moved = true;
      if (!attempt.hasStartedConnecting()) {
        continue;
      }
      MemoryListeningPort listening = reactor.unixListenerAt(attempt.unixCall().path());
      if (listening == null) {
        attempt.refuse();
      } else {
        pumps.add(attempt.connectTo(listening, Pump.builder().policy(policy)));
      }
    }
    return moved;
  }

  /**
   * Returns the address {@code attempt} goes to: an IP literal as is, a host name looked up in
   * the reactor's {@link dev.weft.reactor.testing.MemoryResolver}, as the real reactor resolves
   * names before connecting. A failed lookup fails the attempt, and then this returns null.
   */
  private @Nullable InetAddress destination(ClientAttempt attempt) {
    String host = attempt.call().host();
    InetAddress literal = IpLiterals.parse(host);
    if (literal != null) {
      return literal;
    }
    AtomicReference<@Nullable InetAddress> found = new AtomicReference<>();
    AtomicReference<@Nullable Throwable> failed = new AtomicReference<>();
    // The fake resolver completes inside resolve(), so both callbacks have run when it returns.
    reactor.resolve(host).whenComplete((addresses, failure) -> {
      if (failure != null) {
        failed.set(failure instanceof CompletionException c && c.getCause() != null
            ? c.getCause() : failure);
      } else {
        found.set(addresses.get(0));
      }
    });
    Throwable failure = failed.get();
    if (failure != null) {
      attempt.fail(failure instanceof ConnectFailedException reason ? reason
          : new DnsLookupException("lookup of " + host + " failed: " + failure));
      return null;
    }
    return Objects.requireNonNull(found.get(), "the fake resolver answers at once");
  }

  private @Nullable MemoryListeningPort listenerFor(InetAddress address, int port) {
    for (MemoryListeningPort listening : reactor.listeningPorts()) {
      InetAddress bound = listening.host().getAddress();
      if (listening.port() == port && (bound.isAnyLocalAddress() || bound.equals(address))) {
        return listening;
      }
    }
    return null;
  }

  private static boolean isLoopbackHost(InetAddress address) {
    return address.equals(IpLiterals.parse(LOOPBACK_HOST));
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
   * @return a port number, never {@link #UNANSWERED_PORT}
   */
  @Override
  public int refusingPort() {
    InetAddress loopback = Objects.requireNonNull(IpLiterals.parse(LOOPBACK_HOST));
    for (int port = 1; port <= 65_535; port++) {
      if (port != UNANSWERED_PORT && listenerFor(loopback, port) == null) {
        return port;
      }
    }
    throw new IllegalStateException("every loopback port of " + reactor + " listens");
  }

  /**
   * Returns {@value #LOOPBACK_HOST}:{@value #UNANSWERED_PORT}, where attempts are never answered.
   *
   * @return the address
   */
  @Override
  public InetSocketAddress unansweredAddress() {
    return new InetSocketAddress(Objects.requireNonNull(IpLiterals.parse(LOOPBACK_HOST)),
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
   * Stops the reactor if it runs (shutdown triggers, listening ports, open connections; see
   * {@link MemoryReactorClock#stop()}). Calling it again does nothing.
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
  }

  private void requireOpen(String action) {
    if (closed) {
      throw new IllegalStateException(
          "cannot " + action + ": the driver is closed; create a new one for the next scenario");
    }
  }

  @Override
  public String toString() {
    return "MemoryReactorDriver[" + reactor + ", " + pumps.size() + " pumps, "
        + reactor.pendingClientAttempts().size() + " pending attempts]";
  }

  /** Configures a {@link MemoryReactorDriver}; not thread-safe. */
  public static final class Builder {
    private @Nullable MemoryReactorClock reactor;
    private DeliveryPolicy policy = DeliveryPolicy.wholeWrites();
    private int maxSteps = DEFAULT_MAX_STEPS;
    private Duration maxTime = DEFAULT_MAX_TIME;

    private Builder() {}

    /**
     * Drives {@code reactor} instead of a new one; the driver runs it if it has not started.
     *
     * @param reactor the reactor
     * @return this builder
     */
    public Builder reactor(MemoryReactorClock reactor) {
      this.reactor = Objects.requireNonNull(reactor, "reactor");
      return this;
    }

    /**
     * Sets how every connection's pump cuts writes into {@code dataReceived} calls.
     *
     * @param policy the policy
     * @return this builder
     */
    public Builder policy(DeliveryPolicy policy) {
      this.policy = Objects.requireNonNull(policy, "policy");
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
     * Builds the driver and runs its reactor if it has not started.
     *
     * @return the driver
     */
    public MemoryReactorDriver build() {
      return new MemoryReactorDriver(this);
    }
  }
}
