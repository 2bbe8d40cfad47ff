package dev.weft.reactor.testing;

import dev.weft.reactor.CannotListenException;
import dev.weft.reactor.ClientFactory;
import dev.weft.reactor.ConnectionLostException;
import dev.weft.reactor.Connector;
import dev.weft.reactor.Deferred;
import dev.weft.reactor.DnsLookupException;
import dev.weft.reactor.DelayedCall;
import dev.weft.reactor.ListeningPort;
import dev.weft.reactor.Protocol;
import dev.weft.reactor.ProtocolFactory;
import dev.weft.reactor.Reactor;
import dev.weft.reactor.ReactorExecutor;
import dev.weft.reactor.ReactorUNIX;
import dev.weft.reactor.SystemEvent;
import dev.weft.reactor.TriggerHandle;
import dev.weft.reactor.TriggerPhase;
import dev.weft.reactor.internal.Checks;
import dev.weft.reactor.internal.FatalErrors;
import dev.weft.reactor.internal.SystemEventTriggers;
import dev.weft.reactor.internal.TurnTasks;
import dev.weft.reactor.internal.UnixPaths;
import dev.weft.reactor.testing.internal.Actions;
import dev.weft.reactor.testing.internal.CallSites;
import dev.weft.reactor.testing.internal.CreationSite;
import dev.weft.reactor.testing.internal.NetHooks;
import dev.weft.reactor.testing.net.ConnectFault;
import dev.weft.reactor.testing.net.Fault;
import dev.weft.reactor.testing.net.ResolverFault;
import dev.weft.reactor.testing.net.Chunking;
import dev.weft.reactor.tls.ReactorTLS;
import dev.weft.reactor.tls.TlsConfig;
import dev.weft.reactor.tls.TlsLayer;
import dev.weft.reactor.tls.TlsRole;
import dev.weft.reactor.udp.DatagramProtocol;
import dev.weft.reactor.udp.DatagramTransport;
import dev.weft.reactor.udp.ReactorUDP;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A complete in-memory {@link Reactor} for tests: it records every {@code listenTCP} and
 * {@code connectTCP}, lets the test complete each connection attempt and play the network, and
 * keeps time with a {@link Clock}, which the test moves with {@link #advance(Duration)},
 * {@link #advanceToNextCall()} and {@link #runUntilIdle()} (here or on the Clock: it is the same).
 * Nothing happens behind the test's back: there are no threads and no sockets, and work runs only
 * inside a call the test makes.
 *
 * <p><b>Turns.</b> What the production reactor does "on the next turn of the loop" the fake does
 * on its next turn, by the same rule ({@code TurnTasks}): first the {@code callFromThread} calls
 * queued before the turn, then the reactor's own requests queued before it (a client factory's
 * {@code startedConnecting}, a protocol's {@code loseConnection}, {@code abortConnection} or
 * {@code loseWriteConnection} taking effect, a port's {@code doStop}, {@code callWhenRunning}
 * calls), then the delayed calls due now that were scheduled before the timer phase, then the
 * requests those made. Work queued during a turn waits for the next one, so a call that
 * reschedules itself with zero delay runs once per turn, as on {@code NioReactor}.
 * {@link #iterate()} runs one turn; every advance of the {@link Clock}, however it is reached,
 * runs turns at each instant until no work is left there, for every reactor on that Clock in the
 * order they were created, so reactors sharing a Clock never lag each other. Once the reactor
 * has stopped, {@code callFromThread} calls still queued and those made later are dropped, as on
 * the production reactor, and kept in {@link #droppedCallsFromThread()} for a test to look at.
 *
 * <p><b>Run state is honest.</b> {@link #isRunning()} is false until {@link #run()}, which fires
 * the startup triggers, runs {@code callWhenRunning} calls and one turn, and then returns with the
 * reactor still running (a fake cannot block). {@link #stop()} makes {@link #isRunning()} false
 * at once and, on the next turn as the production reactor does, fires the shutdown triggers
 * (waiting for async BEFORE triggers, which the test completes); between the DURING and AFTER
 * triggers it cancels every pending connection attempt ({@code ConnectCancelledException}),
 * stops every listening port and ends every open connection with
 * {@link ConnectionLostException}, and then the reactor is {@linkplain #isStopped() stopped};
 * {@link #crash()} just stops.
 *
 * <p><b>Callback errors.</b> Whatever user code the fake calls throws (protocol and factory
 * callbacks, triggers, {@code callFromThread} and thread-pool work), a {@link StackOverflowError}
 * or {@link OutOfMemoryError} included, is recorded in {@link #callbackErrors()} and does not
 * escape into the test's driving call; a protocol callback that throws also aborts its connection
 * with a {@code ConnectionAbortedException} whose cause is the throwable, as in production. Take
 * them with {@link #takeCallbackErrors()}. Delayed calls are the exception: they run inside the
 * Clock, which propagates what they throw.
 *
 * <p><b>Fatal errors.</b> A throwable that the shared rule ({@code FatalErrors}: a
 * {@link VirtualMachineError} other than stack overflow and out of memory) calls fatal is recorded
 * the same way, and then the reactor stops in order as the production reactor does: on the next
 * turn, if it is running, {@link #stop()} runs (shutdown triggers, ports, every connection
 * lost). {@link #failure()} returns the error, where {@code NioReactor.run()} would throw it.
 *
 * <p><b>Deferreds.</b> Its {@link #executor()} is the executor of every Deferred it returns, as
 * {@code NioReactor}'s is: {@code join()} or {@code get()} on one that is still pending, on the
 * thread that created this reactor, fails at once instead of hanging the test, and a failure
 * nobody observed is kept in {@link #unobservedFailures()}, a leftover of the dirty-reactor check.
 *
 * <p><b>Threads.</b> Confined like the production reactor: one thread owns the reactor (and its
 * Clock, and every reactor on that Clock): the thread that created the Clock, as the thread that
 * creates a {@code NioReactor} owns it until it hands it to its loop thread. A reactor
 * method called from another thread fails with a {@link dev.weft.reactor.WrongThreadException}
 * with the production reactor's message, so a test that touches the reactor from a callback
 * thread fails on the fake, not first in production. {@link #callFromThread(Runnable)},
 * {@link #executor()}'s {@code execute}, {@link #stop()}, {@link #crash()} and
 * {@link #isRunning()} may be called from any thread, as on the production reactor.
 *
 * <p><b>Synchronous failures and slow lookups.</b> {@link #inject(Fault)} takes the faults that
 * act on a reactor: {@link Fault#throwFromListen(RuntimeException)} and
 * {@link Fault#throwFromConnect(RuntimeException)} make those calls throw, to test code that must
 * survive a port that cannot be opened or a connect that fails at once (Twisted's
 * {@code RaisingMemoryReactor}); {@link Fault#lookupFails(String)} and
 * {@link Fault#lookupDelayed(String, Duration)} act on {@link #resolve(String)}.
 *
 * <p><b>UNIX-domain sockets.</b> {@code listenUNIX} and {@code connectUNIX} are recorded like
 * their TCP counterparts ({@link #listenUnixCalls()}, {@link #connectUnixCalls()},
 * {@link #unixClients()}): a {@code connectUNIX} attempt is a {@link ClientAttempt} the test
 * completes, refuses or times out, and {@link ClientAttempt#connectTo(MemoryListeningPort)} a
 * {@code listenUNIX} port connects it in memory. There is no file system: a path is in use while
 * a port of this reactor listens there and free once it stopped, as on the production reactor,
 * which removes the socket file when a port stops; stale files, permissions and missing
 * directories do not exist here (fail or refuse the attempt to play them). On a host of a
 * {@link dev.weft.reactor.testing.net.Network} the network completes {@code connectUNIX}
 * attempts itself: connected to this host's port at the path, or refused if none listens there.
 *
 * <p>Twisted: {@code twisted.internet.testing.MemoryReactor}.
 */
public final class MemoryReactor implements Reactor, ReactorTLS, ReactorUNIX, ReactorUDP {
  private static final int FIRST_EPHEMERAL_PORT = 49152;

  private final Clock clock;
  private final MemoryResolver resolver = new MemoryResolver();
  private final MemoryThreadPool threadPool = new MemoryThreadPool(this);
  private final ErrorLog errors = new ErrorLog();
  // Stages complete on the test's thread, so the waits resume right there. The fake never bounds
  // the wait for BEFORE stages (the test completes them), so every report carries an exception.
  private final SystemEventTriggers triggers =
      new SystemEventTriggers(
          (what, error) -> recordCallbackError(what, Objects.requireNonNull(error, "error")),
          Runnable::run,
          null);
  private final List<MemoryListeningPort> tcpServers = new ArrayList<>();
  // The TCP ports that may still listen: every check of "who listens on this port" scans these,
  // not every port ever recorded, so a test that opens and closes thousands of ports stays linear.
  private final List<MemoryListeningPort> liveTcpServers = new ArrayList<>();
  private final List<ClientAttempt> tcpClients = new ArrayList<>();
  private final List<MemoryConnection> openConnections = new ArrayList<>();
  private final List<Pump> pumps = new ArrayList<>();
  private final List<ListenTlsCall> tlsListens = new ArrayList<>();
  private final List<ConnectTlsCall> tlsConnects = new ArrayList<>();
  private final List<MemoryListeningPort> unixServers = new ArrayList<>();
  private final List<ClientAttempt> unixClients = new ArrayList<>();
  private final TurnTasks<Queued> tasks = new TurnTasks<>();
  private final Consumer<Queued> runQueued =
      q -> guard("callFromThread " + q.call().description(), q.work());
  private final List<Runnable> whenRunning = new ArrayList<>();
  private final List<Supplier<? extends Collection<Leftover>>> leftoverChecks =
      new ArrayList<>();
  private final ConnectionOwner owner = new Owner();
  private final ReactorExecutor executor = new FakeExecutor();
  // Failed Deferreds of this reactor nobody had observed when they failed; pruned as they are.
  private final List<Unobserved> unobserved = Collections.synchronizedList(new ArrayList<>());
  private boolean captureCreationSites;
  private @Nullable Throwable failure;
  private WriteBufferSettings writeBuffers = WriteBufferSettings.DEFAULTS;
  private Chunking chunking = Chunking.coalesced();
  // Set when the reactor is a host of a simulated network (dev.weft.reactor.testing.net).
  private @Nullable Consumer<ClientAttempt> router;
  private @Nullable InetAddress hostAddress;
  private @Nullable List<DelayedCall> hostTimers;
  // Set when its network host crashed: what it held is gone, as on a real machine.
  private boolean forgotten;
  private int pruneHostTimersAt = 64;

  static {
    NetHooks.set(new NetAccess());
  }
  private int nextEphemeralPort = FIRST_EPHEMERAL_PORT;
  private @Nullable RuntimeException listenFailure;
  private @Nullable RuntimeException connectFailure;
  private final List<ResolverFault> resolverFaults = new ArrayList<>();
  private volatile boolean running;
  private boolean started;
  private volatile boolean stopping;
  private boolean stopped;
  private final List<QueuedCall> droppedFromThreads =
      Collections.synchronizedList(new ArrayList<>());

  private record Queued(QueuedCall call, Runnable work) {}

  private record Unobserved(Deferred<?> deferred, Throwable failure) {}

  /** Creates a reactor, not running, whose time is a new {@link Clock} at the epoch. */
  public MemoryReactor() {
    this(new Clock());
  }

  /**
   * Creates a reactor, not running, whose time is {@code clock}, and registers it there: every
   * advance of {@code clock} runs this reactor's turns too, after those of the reactors created
   * on it before.
   *
   * @param clock the time source, which may be shared by several reactors
   * @throws dev.weft.reactor.WrongThreadException if called from a thread that does not own
   *     {@code clock}
   */
  public MemoryReactor(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
    clock.checkThread();
    clock.register(this);
  }

  // ---- time --------------------------------------------------------------------------------

  /**
   * Returns the Clock this reactor keeps time with.
   *
   * @return the clock
   */
  public Clock clock() {
    return clock;
  }

  @Override
  public Instant now() {
    checkThread();
    return clock.now();
  }

  @Override
  public DelayedCall callLater(Duration delay, Runnable call) {
    return hostTimer(clock.callLater(delay, call));
  }

  /** A call whose user call site is known already; see {@link Clock}'s package-private twin. */
  DelayedCall callLater(Duration delay, Runnable call, @Nullable StackTraceElement callSite) {
    return hostTimer(clock.callLater(delay, call, callSite));
  }

  /**
   * The user's line that called into this reactor's public method (the first frame that is not
   * Weft's, the JDK's or a test framework's), when the Clock notes call sites; {@code null}
   * otherwise. Found at the entry, where only a frame or two separate it from the user.
   */
  @Nullable StackTraceElement userCallSite() {
    return clock.isCapturingCallSites() ? CallSites.firstUserFrame() : null;
  }

  private DelayedCall hostTimer(DelayedCall scheduled) {
    if (hostTimers != null) {
      // A network host forgets its timers when it crashes; keep the list to the live ones.
      if (hostTimers.size() >= pruneHostTimersAt) {
        hostTimers.removeIf(c -> !c.isActive());
        // Prune again only once the list doubled: with thousands of live timers (a host with
        // thousands of pending connect timeouts) pruning at every call would be quadratic.
        pruneHostTimersAt = Math.max(64, 2 * hostTimers.size());
      }
      hostTimers.add(scheduled);
    }
    return scheduled;
  }

  /**
   * Moves the Clock forward by {@code amount}; see {@link Clock#advance(Duration)}: the turns of
   * every reactor on the Clock run before each instant time moves to, so nothing is stranded.
   *
   * @param amount how far, not negative
   * @return this reactor
   * @throws IllegalArgumentException if {@code amount} is negative
   * @throws IllegalStateException as {@link Clock#advance(Duration)}
   */
  public MemoryReactor advance(Duration amount) {
    clock.advance(amount);
    return this;
  }

  /**
   * Runs the work left now, then moves the Clock to the next delayed call; see
   * {@link Clock#advanceToNextCall()}.
   *
   * @return {@code false} if no delayed call and no reactor work was pending
   */
  public boolean advanceToNextCall() {
    return clock.advanceToNextCall();
  }

  /**
   * Alternates turns and advances until no reactor on the Clock has work and no delayed call is
   * left; see {@link Clock#runUntilIdle()}.
   *
   * @return how many delayed calls ran
   * @throws IllegalStateException if it never becomes idle within the Clock's runaway limit
   */
  public long runUntilIdle() {
    return clock.runUntilIdle();
  }

  /**
   * Returns the pending delayed calls in run order; see {@link Clock#pendingCalls()}.
   *
   * @return a snapshot
   */
  public List<PendingCall> pendingCalls() {
    return clock.pendingCalls();
  }

  // ---- core --------------------------------------------------------------------------------

  /**
   * Starts the reactor: fires the startup triggers, runs the {@code callWhenRunning} calls, then
   * one {@link #iterate() turn}, and returns with the reactor running.
   *
   * @throws IllegalStateException if it is running or was stopped
   */
  @Override
  public void run() {
    clock.checkThread();
    if (running) {
      throw new IllegalStateException("MemoryReactor is already running; run() starts it once");
    }
    if (stopped) {
      throw new IllegalStateException(
          "MemoryReactor was stopped and cannot run again; create a new one");
    }
    running = true;
    started = true;
    triggers.fire(SystemEvent.STARTUP).whenComplete((ignored, failure) -> {
      List<Runnable> calls = List.copyOf(whenRunning);
      whenRunning.clear();
      for (Runnable call : calls) {
        guard("callWhenRunning " + call, call);
      }
    });
    if (!clock.isAdvancing()) {
      // Inside an advance (a reactor started by a delayed call) the advance turns it anyway.
      iterate();
    }
  }

  /**
   * Stops the reactor; see the class comment: {@link #isRunning()} is false at once, and the
   * shutdown runs on the next turn, as on the production reactor. Any thread.
   *
   * @throws IllegalStateException if it is not running or already stopping
   */
  @Override
  public void stop() {
    synchronized (tasks) {
      if (!running || stopping) {
        throw new IllegalStateException(
            "MemoryReactor is " + (stopping ? "already stopping" : "not running")
                + "; stop() needs a running reactor (call run() first)");
      }
      stopping = true;
    }
    tasks.addFromThread(new Queued(
        new QueuedCall("stop(): the shutdown, on the next turn", site("stop")), this::shutDown));
    clock.turnWorkAdded();
  }

  private void shutDown() {
    triggers.fire(SystemEvent.SHUTDOWN, this::shutDownFacets).whenComplete((ignored, failure) -> {
      running = false;
      stopping = false;
      stopped = true;
      // The production loop takes no call from threads after its shutdown: what waits is
      // dropped, and so is what comes later (the same rule, TurnTasks.closeFromThreads()).
      for (Queued q : tasks.closeFromThreads()) {
        droppedFromThreads.add(q.call());
      }
    });
  }

  /** What nio's facets do between the DURING and AFTER shutdown triggers. */
  private void shutDownFacets() {
    for (ClientAttempt attempt : List.copyOf(tcpClients)) {
      attempt.cancelForShutdown();
    }
    for (ClientAttempt attempt : List.copyOf(unixClients)) {
      attempt.cancelForShutdown();
    }
    for (MemoryListeningPort port : listeningPorts()) {
      port.stopListening();
    }
    for (MemoryListeningPort port : unixListeningPorts()) {
      port.stopListening();
    }
    for (MemoryConnection connection : openConnections()) {
      connection.end(new ConnectionLostException("Connection lost: the reactor stopped"));
    }
    udp.stopAll();
  }

  /**
   * Stops at once without shutdown triggers; the reactor may {@link #run()} again. Any thread.
   */
  @Override
  public void crash() {
    running = false;
    stopping = false;
  }

  /**
   * Tells whether the reactor runs and has not begun to stop, as on the production reactor. Any
   * thread.
   *
   * @return whether it is running
   */
  @Override
  public boolean isRunning() {
    return running && !stopping;
  }

  /**
   * Tells whether {@link #stop()} has finished.
   *
   * @return {@code true} once stopped; a stopped reactor cannot run again
   */
  public boolean isStopped() {
    return stopped;
  }

  /**
   * Tells whether {@link #run()} was ever called.
   *
   * @return {@code true} once started
   */
  public boolean hasStarted() {
    return started;
  }

  /**
   * Runs {@code call} after the startup triggers if the reactor has not run yet, or on the next
   * turn if it is running.
   *
   * @param call what to run; if it throws, the error is recorded
   */
  @Override
  public void callWhenRunning(Runnable call) {
    Objects.requireNonNull(call, "call");
    checkThread();
    if (running) {
      postTurn(() -> guard("callWhenRunning " + call, call));
    } else {
      whenRunning.add(call);
    }
  }

  @Override
  public TriggerHandle addSystemEventTrigger(
      TriggerPhase phase, SystemEvent event, Runnable trigger) {
    Objects.requireNonNull(trigger, "trigger");
    checkThread();
    return triggers.add(phase, event, () -> {
      trigger.run();
      return null;
    });
  }

  @Override
  public TriggerHandle addAsyncSystemEventTrigger(
      TriggerPhase phase, SystemEvent event, Supplier<? extends CompletionStage<?>> trigger) {
    Objects.requireNonNull(trigger, "trigger");
    checkThread();
    // A null stage is the test's mistake: it is recorded like any other failing trigger.
    return triggers.add(phase, event,
        () -> Objects.requireNonNull(trigger.get(), "trigger returned a null stage"));
  }

  @Override
  public void removeSystemEventTrigger(TriggerHandle handle) {
    checkThread();
    triggers.remove(handle);
  }

  @Override
  public Deferred<Void> fireSystemEvent(SystemEvent event) {
    checkThread();
    return triggers.fire(event);
  }

  /**
   * Runs one turn of the fake loop, without moving time: the {@code callFromThread} calls and the
   * reactor's requests queued before it, the delayed calls due now scheduled before its timer
   * phase, and the requests those made; see the class comment. The turn is that of every reactor
   * on this reactor's Clock, as one turn of a simulated world. Works whether or not the reactor
   * runs.
   *
   * @throws RuntimeException whatever a due delayed call threw (see {@link Clock})
   * @throws IllegalStateException if called from a delayed call the Clock is running
   */
  public void iterate() {
    clock.turn();
  }

  /** Phases 1 and 2 of a turn: calls from threads, then reactor work, queued before it. */
  void runTurnStart() {
    tasks.runFromThreads(runQueued);
    tasks.runLocal(Runnable::run);
  }

  /** Phase 4 of a turn: the reactor work the earlier phases queued. */
  void runTurnEnd() {
    tasks.runLocal(Runnable::run);
  }

  String describeTurnWork() {
    List<Queued> queued = tasks.fromThreads();
    return queued.isEmpty()
        ? "a request of " + this
        : "callFromThread " + queued.get(0).call().description() + " on " + this;
  }

  String stateName() {
    return running ? (stopping ? "stopping" : "running") : stopped ? "stopped" : "not running yet";
  }

  /**
   * Fails unless the calling thread owns this reactor; see the class comment.
   *
   * @throws dev.weft.reactor.WrongThreadException if it does not
   */
  void checkThread() {
    clock.checkThread();
  }

  // ---- threads -----------------------------------------------------------------------------

  /**
   * Queues {@code call} for the next {@link #iterate() turn}. Safe from any thread.
   *
   * @param call what to run; if it throws, the error is recorded
   */
  @Override
  public void callFromThread(Runnable call) {
    Objects.requireNonNull(call, "call");
    String description = Actions.describe(call, CallSites.firstUserFrame());
    QueuedCall queued = new QueuedCall(description, site("callFromThread"));
    if (tasks.addFromThread(new Queued(queued, call))) {
      clock.turnWorkAdded();
    } else {
      droppedFromThreads.add(queued);
    }
  }

  /**
   * Returns the {@code callFromThread} calls this reactor dropped because they were still queued
   * when it stopped, or came after: the production reactor drops them too, since no turn would
   * ever run them.
   *
   * @return a snapshot, oldest first
   */
  public List<QueuedCall> droppedCallsFromThread() {
    synchronized (droppedFromThreads) {
      return List.copyOf(droppedFromThreads);
    }
  }

  /**
   * Returns the {@code callFromThread} calls waiting for the next turn, oldest first.
   *
   * @return a snapshot
   */
  public List<QueuedCall> queuedCallsFromThread() {
    List<QueuedCall> result = new ArrayList<>();
    for (Queued q : tasks.fromThreads()) {
      result.add(q.call());
    }
    return List.copyOf(result);
  }

  /**
   * Returns this reactor as an executor: tasks are queued like {@link #callFromThread(Runnable)}
   * calls. Deferreds made with it (every Deferred this reactor returns) refuse to block the
   * thread that created this reactor while pending, and hand their unobserved failures to this
   * reactor, which lists them in {@link #unobservedFailures()} and among the leftovers.
   *
   * @return the executor, the same one every time
   */
  @Override
  public ReactorExecutor executor() {
    return executor;
  }

  /** Queues {@code work} in the fake {@link #threadPool()}. */
  @Override
  public void callInThread(Runnable work) {
    checkThread();
    threadPool.callInThread(work);
  }

  /** Queues {@code work} in the fake {@link #threadPool()}; the result comes back by turn. */
  @Override
  public <T> Deferred<T> deferToThread(Callable<T> work) {
    checkThread();
    return threadPool.deferToThread(work);
  }

  /**
   * Returns the fake thread pool that holds {@code callInThread}/{@code deferToThread} work.
   *
   * @return the pool
   */
  public MemoryThreadPool threadPool() {
    return threadPool;
  }

  // ---- resolver ----------------------------------------------------------------------------

  /**
   * Resolves from the {@link #resolver()} table; completes at once, unless a
   * {@linkplain #inject(Fault) resolver fault} on {@code host} fails it or makes it wait.
   */
  @Override
  public Deferred<List<InetAddress>> resolve(String host) {
    checkThread();
    ResolverFault fault = resolverFault(host);
    if (fault instanceof ResolverFault.LookupFails) {
      resolver.resolve(host); // recorded like any lookup
      return Deferred.failed(new DnsLookupException(
          "DNS lookup failed for " + host + " (" + fault + ")"));
    }
    if (fault instanceof ResolverFault.LookupDelayed slow) {
      Deferred<List<InetAddress>> answer = new Deferred<>();
      callLater(slow.delay(), () -> resolver.resolve(host).whenComplete((found, failure) -> {
        if (failure != null) {
          answer.completeExceptionally(failure);
        } else {
          answer.complete(found);
        }
      }));
      return answer;
    }
    return resolver.resolve(host);
  }

  private @Nullable ResolverFault resolverFault(String host) {
    ResolverFault found = null;
    for (ResolverFault f : resolverFaults) {
      if (f.host().equalsIgnoreCase(host)) {
        found = f;
      }
    }
    return found;
  }

  /**
   * Returns the fake resolver the test fills and inspects.
   *
   * @return the resolver
   */
  public MemoryResolver resolver() {
    return resolver;
  }

  // ---- TCP ---------------------------------------------------------------------------------

  /**
   * Records the call and returns a {@link MemoryListeningPort}; port 0 gets a fake ephemeral
   * port. The factory's {@code doStart} runs now; if it throws, nothing is recorded and
   * {@code listenTCP} throws a {@link CannotListenException} with it as the cause, as on the
   * production reactor.
   *
   * @throws CannotListenException if a port of this reactor already listens there
   * @throws RuntimeException what a {@link Fault#throwFromListen(RuntimeException)} fault chose
   * @throws IllegalArgumentException for a bad port or backlog, or an interface that is not an
   *     IP literal
   */
  @Override
  public ListeningPort listenTCP(
      int port, ProtocolFactory factory, int backlog, String networkInterface) {
    checkThread();
    InetAddress bind = Checks.listenTcp(port, factory, backlog, networkInterface);
    RuntimeException planned = listenFailure;
    if (planned != null) {
      throw planned;
    }
    int assigned = port == 0 ? freeEphemeralPort() : port;
    InetSocketAddress host =
        bind == null ? new InetSocketAddress(assigned) : new InetSocketAddress(bind, assigned);
    for (MemoryListeningPort other : liveTcpServers()) {
      if (other.port() == assigned && overlaps(other.host().getAddress(), host.getAddress())) {
        throw new CannotListenException(
            "port " + assigned + " is already in use by " + other + " of this MemoryReactor");
      }
    }
    MemoryListeningPort listening = new MemoryListeningPort(
        this, new ListenTcpCall(port, factory, backlog, networkInterface), host, site("listenTCP"));
    try {
      // As on the production reactor: a doStart that throws is thrown, and nothing listens.
      factory.doStart();
    } catch (RuntimeException e) {
      throw Checks.cannotListen(bind, port, e);
    }
    tcpServers.add(listening);
    liveTcpServers.add(listening);
    return listening;
  }

  /** The TCP ports still listening, in call order; the live list itself, pruned first. */
  private List<MemoryListeningPort> liveTcpServers() {
    liveTcpServers.removeIf(p -> !p.isListening());
    return liveTcpServers;
  }

  /**
   * The next ephemeral port that no TCP port of this reactor listens on, as a kernel picks one
   * for port 0 (after the range wraps, a port still in use is skipped, not handed out twice).
   */
  private int freeEphemeralPort() {
    List<MemoryListeningPort> live = liveTcpServers();
    for (int tries = 0; tries <= 65_535 - FIRST_EPHEMERAL_PORT; tries++) {
      int candidate = ephemeralPort();
      boolean taken = false;
      for (MemoryListeningPort p : live) {
        if (p.port() == candidate) {
          taken = true;
          break;
        }
      }
      if (!taken) {
        return candidate;
      }
    }
    throw new CannotListenException("no free ephemeral port: all "
        + (65_536 - FIRST_EPHEMERAL_PORT) + " listen on this MemoryReactor");
  }

  private static boolean overlaps(InetAddress a, InetAddress b) {
    return a.isAnyLocalAddress() || b.isAnyLocalAddress() || a.equals(b);
  }

  /**
   * Records the attempt and returns a {@link MemoryConnector}; see {@link ClientAttempt} for
   * how the test completes it. Nothing is called on the factory inside this method except
   * {@code doStart} (what it throws, {@code connectTCP} throws, recording nothing, as on the
   * production reactor); {@code startedConnecting} comes on the next turn.
   *
   * @throws RuntimeException what a {@link Fault#throwFromConnect(RuntimeException)} fault chose
   */
  @Override
  public Connector connectTCP(
      String host,
      int port,
      ClientFactory factory,
      Duration timeout,
      @Nullable SocketAddress bindAddress) {
    checkThread();
    Checks.connectTcp(host, port, factory, timeout);
    RuntimeException planned = connectFailure;
    if (planned != null) {
      throw planned;
    }
    MemoryConnector connector =
        new MemoryConnector(this, new ConnectTcpCall(host, port, factory, timeout, bindAddress));
    connector.start(userCallSite());
    return connector;
  }

  /**
   * Returns every listening port created, stopped or not, in call order.
   *
   * @return a snapshot
   */
  public List<MemoryListeningPort> tcpServers() {
    return List.copyOf(tcpServers);
  }

  /**
   * Returns the ports still listening, in call order.
   *
   * @return a snapshot
   */
  public List<MemoryListeningPort> listeningPorts() {
    return List.copyOf(liveTcpServers());
  }

  /**
   * Returns every client attempt (each {@code connectTCP} and each retry), in call order.
   *
   * @return a snapshot
   */
  public List<ClientAttempt> tcpClients() {
    return List.copyOf(tcpClients);
  }

  /**
   * Returns the arguments of every {@code listenTCP} call, in call order.
   *
   * @return a snapshot
   */
  public List<ListenTcpCall> listenTcpCalls() {
    return tcpServers.stream().map(MemoryListeningPort::call).toList();
  }

  /**
   * Returns the arguments of every client attempt, in call order.
   *
   * @return a snapshot
   */
  public List<ConnectTcpCall> connectTcpCalls() {
    return tcpClients.stream().map(ClientAttempt::call).toList();
  }

  /**
   * Returns the client attempts the test has not completed, in call order.
   *
   * @return a snapshot
   */
  public List<ClientAttempt> pendingClientAttempts() {
    return tcpClients.stream().filter(ClientAttempt::isPending).toList();
  }

  /**
   * Returns the latest client attempt.
   *
   * @return the attempt
   * @throws IllegalStateException if there was none
   */
  public ClientAttempt lastClientAttempt() {
    if (tcpClients.isEmpty()) {
      throw new IllegalStateException("no connectTCP was recorded; nothing to complete");
    }
    return tcpClients.get(tcpClients.size() - 1);
  }

  /**
   * Returns the fake connections that are open (accepted, connected or pumped), oldest first.
   *
   * @return a snapshot
   */
  public List<MemoryConnection> openConnections() {
    return List.copyOf(openConnections);
  }

  /**
   * Returns the pumps made by {@link ClientAttempt#connectTo} with a connection of this reactor
   * on either side, while either side is open, oldest first: what a driver steps to let
   * in-memory connections make progress.
   *
   * @return a snapshot
   */
  public List<Pump> pumps() {
    pumps.removeIf(p -> !p.isOpen());
    return List.copyOf(pumps);
  }

  /**
   * Injects a fault that acts on this reactor, until {@link #clearFaults()}:
   * {@link Fault#throwFromListen(RuntimeException)} makes every later {@code listenTCP} (and
   * {@code listenTLS}) throw once its arguments are checked, recording nothing, as a production
   * reactor throws a {@link CannotListenException}; {@link Fault#throwFromConnect(RuntimeException)}
   * does the same to {@code connectTCP} (and {@code connectTLS}); a {@link ResolverFault} fails
   * or delays {@link #resolve(String)} of its host name (the latest one on a name wins).
   * Twisted: {@code RaisingMemoryReactor}. For faults on attempts and bytes, see
   * {@link dev.weft.reactor.testing.net.ConnectFault#applyTo(ClientAttempt)} and
   * {@link dev.weft.reactor.testing.net.Network#inject(Fault)}.
   *
   * @param fault a thrown connect fault or a resolver fault
   * @return this reactor
   * @throws IllegalArgumentException for any other fault, naming where it applies instead
   */
  public MemoryReactor inject(Fault fault) {
    checkThread();
    Objects.requireNonNull(fault, "fault");
    if (fault instanceof ConnectFault.ThrowFromListen thrown) {
      this.listenFailure = thrown.failure();
    } else if (fault instanceof ConnectFault.ThrowFromConnect thrown) {
      this.connectFailure = thrown.failure();
    } else if (fault instanceof ResolverFault lookup) {
      resolverFaults.add(lookup);
    } else {
      throw new IllegalArgumentException(fault + " does not act on a reactor; apply a connect"
          + " fault to a recorded attempt with fault.applyTo(attempt), or inject it into a"
          + " Network or Host");
    }
    return this;
  }

  /**
   * Removes every fault {@link #inject(Fault)} put on this reactor: {@code listenTCP},
   * {@code connectTCP} and {@code resolve} work normally again.
   *
   * @return this reactor
   */
  public MemoryReactor clearFaults() {
    checkThread();
    this.listenFailure = null;
    this.connectFailure = null;
    resolverFaults.clear();
    return this;
  }

  // ---- TLS ---------------------------------------------------------------------------------

  /**
   * Records the call and listens with {@code listenTCP}, every accepted connection's protocol
   * behind the same TLS layer the production reactor uses: a client attempt connected to this
   * port in memory runs a real TLS handshake. See {@link #listenTlsCalls()}.
   *
   * @throws IllegalArgumentException if {@code config} is a client config, or as
   *     {@link #listenTCP(int, ProtocolFactory, int, String)}
   */
  @Override
  public ListeningPort listenTLS(
      int port, ProtocolFactory factory, TlsConfig config, int backlog, String networkInterface) {
    Objects.requireNonNull(factory, "factory");
    TlsLayer.requireRole(config, TlsRole.SERVER, "listenTLS");
    ListeningPort listening =
        listenTCP(port, TlsLayer.server(factory, config, this), backlog, networkInterface);
    tlsListens.add(new ListenTlsCall(
        port, factory, config, backlog, networkInterface, (MemoryListeningPort) listening));
    return listening;
  }

  /**
   * Records the call and connects with {@code connectTCP}, the protocol behind the same TLS
   * layer the production reactor uses; see {@link ConnectTlsCall} and {@link #connectTlsCalls()}.
   *
   * @throws IllegalArgumentException if {@code config} is a server config, or as
   *     {@link #connectTCP(String, int, ClientFactory, Duration, SocketAddress)}
   */
  @Override
  public Connector connectTLS(
      String host,
      int port,
      ClientFactory factory,
      TlsConfig config,
      Duration timeout,
      @Nullable SocketAddress bindAddress) {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(factory, "factory");
    TlsLayer.requireRole(config, TlsRole.CLIENT, "connectTLS");
    Connector connector = connectTCP(
        host, port, TlsLayer.client(factory, config, this, host, port), timeout, bindAddress);
    tlsConnects.add(new ConnectTlsCall(
        host, port, factory, config, timeout, bindAddress, (MemoryConnector) connector));
    return connector;
  }

  /**
   * Returns the arguments of every {@code listenTLS} call, in call order.
   *
   * @return a snapshot
   */
  public List<ListenTlsCall> listenTlsCalls() {
    return List.copyOf(tlsListens);
  }

  /**
   * Returns the arguments of every {@code connectTLS} call, in call order.
   *
   * @return a snapshot
   */
  public List<ConnectTlsCall> connectTlsCalls() {
    return List.copyOf(tlsConnects);
  }

  // ---- UNIX-domain sockets -----------------------------------------------------------------

  /**
   * Records the call and returns a {@link MemoryListeningPort} for the path ({@link
   * MemoryListeningPort#isUnix()}). The factory's {@code doStart} runs now; if it throws, nothing
   * is recorded and a {@link CannotListenException} with it as the cause is thrown, as on the
   * production reactor.
   *
   * @throws CannotListenException if a port of this reactor already listens on {@code path}
   * @throws IllegalArgumentException for a bad path or backlog, as on the production reactor
   */
  @Override
  public ListeningPort listenUNIX(Path path, ProtocolFactory factory, int backlog) {
    Checks.listenUnix(path, factory, backlog);
    if (unixListenerAt(path) != null) {
      throw UnixPaths.inUse(path);
    }
    MemoryListeningPort listening =
        new MemoryListeningPort(this, new ListenUnixCall(path, factory, backlog), site("listenUNIX"));
    try {
      // As on the production reactor: a doStart that throws is thrown, and nothing listens.
      factory.doStart();
    } catch (RuntimeException e) {
      throw new CannotListenException("cannot listen on " + path + ": " + e.getMessage(), e);
    }
    unixServers.add(listening);
    return listening;
  }

  /**
   * Records the attempt and returns a {@link MemoryConnector}; see {@link ClientAttempt} for how
   * the test completes it (the attempts are in {@link #unixClients()}). Nothing is called on the
   * factory inside this method except {@code doStart}; {@code startedConnecting} comes on the
   * next turn.
   */
  @Override
  public Connector connectUNIX(Path path, ClientFactory factory, Duration timeout) {
    Checks.connectUnix(path, factory, timeout);
    MemoryConnector connector =
        new MemoryConnector(this, new ConnectUnixCall(path, factory, timeout));
    connector.start(userCallSite());
    return connector;
  }

  /**
   * Returns the {@code listenUNIX} port of this reactor listening on {@code path}.
   *
   * @param path a socket path
   * @return the port, or {@code null} if none listens there now
   */
  public @Nullable MemoryListeningPort unixListenerAt(Path path) {
    Objects.requireNonNull(path, "path");
    for (MemoryListeningPort port : unixListeningPorts()) {
      if (port.path().equals(path)) {
        return port;
      }
    }
    return null;
  }

  /**
   * Returns every {@code listenUNIX} port created, stopped or not, in call order.
   *
   * @return a snapshot
   */
  public List<MemoryListeningPort> unixServers() {
    return List.copyOf(unixServers);
  }

  /**
   * Returns the {@code listenUNIX} ports still listening, in call order.
   *
   * @return a snapshot
   */
  public List<MemoryListeningPort> unixListeningPorts() {
    return unixServers.stream().filter(MemoryListeningPort::isListening).toList();
  }

  /**
   * Returns every {@code connectUNIX} attempt (each call and each retry), in call order.
   *
   * @return a snapshot
   */
  public List<ClientAttempt> unixClients() {
    return List.copyOf(unixClients);
  }

  /**
   * Returns the {@code connectUNIX} attempts the test has not completed, in call order.
   *
   * @return a snapshot
   */
  public List<ClientAttempt> pendingUnixClientAttempts() {
    return unixClients.stream().filter(ClientAttempt::isPending).toList();
  }

  /**
   * Returns the latest {@code connectUNIX} attempt.
   *
   * @return the attempt
   * @throws IllegalStateException if there was none
   */
  public ClientAttempt lastUnixClientAttempt() {
    if (unixClients.isEmpty()) {
      throw new IllegalStateException("no connectUNIX was recorded; nothing to complete");
    }
    return unixClients.get(unixClients.size() - 1);
  }

  /**
   * Returns the arguments of every {@code listenUNIX} call, in call order.
   *
   * @return a snapshot
   */
  public List<ListenUnixCall> listenUnixCalls() {
    return unixServers.stream().map(MemoryListeningPort::unixCall).toList();
  }

  /**
   * Returns the arguments of every {@code connectUNIX} attempt, in call order.
   *
   * @return a snapshot
   */
  public List<ConnectUnixCall> connectUnixCalls() {
    return unixClients.stream().map(ClientAttempt::unixCall).toList();
  }

  // ---- callback errors and creation sites ---------------------------------------------------

  /**
   * Returns the exceptions user callbacks threw into this reactor, oldest first; they stay until
   * taken.
   *
   * @return a snapshot
   */
  public List<CallbackError> callbackErrors() {
    return errors.snapshot();
  }

  /**
   * Returns the recorded callback errors and forgets them: the test has seen them.
   *
   * @return what {@link #callbackErrors()} returned
   */
  public List<CallbackError> takeCallbackErrors() {
    return errors.take();
  }

  /**
   * Returns what this reactor's Deferreds failed with while nobody observed them, oldest first:
   * a failed stage nothing was chained on and nothing read (see {@link Deferred} for the exact
   * rule), typically an exception thrown in a callback whose stage was dropped. A failure leaves
   * this list as soon as its Deferred is observed.
   *
   * @return a snapshot
   */
  public List<Throwable> unobservedFailures() {
    synchronized (unobserved) {
      unobserved.removeIf(u -> u.deferred().isObserved());
      return unobserved.stream().map(Unobserved::failure).toList();
    }
  }

  /**
   * Returns the {@link #unobservedFailures()} and marks their Deferreds observed: the test has
   * seen them.
   *
   * @return what {@link #unobservedFailures()} returned
   */
  public List<Throwable> takeUnobservedFailures() {
    synchronized (unobserved) {
      List<Throwable> taken = unobservedFailures();
      for (Unobserved u : unobserved) {
        u.deferred().isCompletedExceptionally(); // reading the outcome observes it
      }
      unobserved.clear();
      return taken;
    }
  }

  /**
   * Turns on or off capturing where delayed calls, connections, ports, attempts and queued calls
   * are created (also on this reactor's Clock); off by default because it costs a stack walk.
   *
   * @param capture whether to capture from now on
   * @return this reactor
   */
  public MemoryReactor captureCreationSites(boolean capture) {
    this.captureCreationSites = capture;
    clock.captureCreationSites(capture);
    return this;
  }

  // ---- flow control ------------------------------------------------------------------------

  /**
   * Sets the water marks of the transports of connections made from now on, as
   * {@code NioReactor.Builder.writeBufferWaterMarks} does: above {@code high} pending bytes a
   * transport is not writable and its push producer is paused; at {@code low} or below it is
   * writable again. Default 32 KiB and 64 KiB, as on the production reactor.
   *
   * @param low the resume mark, not negative
   * @param high the pause mark, at least {@code low}
   * @return this reactor
   * @throws IllegalArgumentException if a mark is negative or {@code low} exceeds {@code high}
   */
  public MemoryReactor writeBufferWaterMarks(long low, long high) {
    this.writeBuffers = writeBuffers.withWaterMarks(low, high);
    return this;
  }

  /**
   * Caps the pending bytes of the transports of connections made from now on, as
   * {@code NioReactor.Builder.writeBufferLimit} does: a write that takes them above
   * {@code bytes} aborts the connection, whose protocol receives a
   * {@link dev.weft.reactor.WriteBufferLimitExceededException} on the next turn. The fakes have
   * no socket buffers, so every byte not yet taken by the test or a pump counts. Default: no
   * limit.
   *
   * @param bytes not negative; {@link Long#MAX_VALUE} for no limit
   * @return this reactor
   * @throws IllegalArgumentException if negative
   */
  public MemoryReactor writeBufferLimit(long bytes) {
    this.writeBuffers = writeBuffers.withLimit(bytes);
    return this;
  }

  /**
   * Chooses whether the transports of connections made from now on that a network link or a
   * {@link Pump} carries keep a record of what their protocols write (the default) or keep only
   * what the link has not taken yet: see {@link RecordingTransport.Builder#keepWritten(boolean)}.
   * Without a record a long transfer holds bounded memory and reuses the arrays its writes were
   * copied into once the peer has read them; {@link MemoryConnection#written()} then fails. A
   * connection the test plays by hand (an attempt completed with {@link ClientAttempt#connect},
   * {@link MemoryListeningPort#accept}) always keeps its record, which is where the test reads
   * its output.
   *
   * @param keep {@code false} to keep no record on carried connections
   * @return this reactor
   */
  public MemoryReactor keepWritten(boolean keep) {
    this.writeBuffers = writeBuffers.withKeepWritten(keep);
    return this;
  }
  /**
   * Sets how bytes the test feeds to this reactor's connections
   * ({@link MemoryConnection#receive(byte[])}) become {@code dataReceived} calls, for connections
   * made from now on. Default {@link Chunking#coalesced()}: what arrived since the protocol last
   * read is one read.
   *
   * @param chunking the policy
   * @return this reactor
   */
  public MemoryReactor chunking(Chunking chunking) {
    this.chunking = Objects.requireNonNull(chunking, "chunking");
    return this;
  }

  /**
   * Returns how bytes fed to this reactor's connections become reads.
   *
   * @return the policy
   */
  public Chunking chunking() {
    return chunking;
  }


  /**
   * Adds a check that the dirty-reactor check ({@link Leftovers#of(MemoryReactor)}, run by the
   * JUnit extension after each test) runs too: whatever it returns is reported with the
   * reactor's own leftovers. Test tools that live beside the reactor (a
   * {@link dev.weft.reactor.testing.net.ScriptedPeer} adds one) report what a test left
   * unfinished this way.
   *
   * @param check returns the current leftovers, an empty collection when clean; called on the
   *     test thread, possibly several times
   * @return this reactor
   */
  public MemoryReactor addLeftoverCheck(Supplier<? extends Collection<Leftover>> check) {
    leftoverChecks.add(Objects.requireNonNull(check, "check"));
    return this;
  }

  List<Supplier<? extends Collection<Leftover>>> leftoverChecks() {
    return List.copyOf(leftoverChecks);
  }

  WriteBufferSettings writeBufferSettings() {
    return writeBuffers;
  }

  // ---- package-private plumbing ------------------------------------------------------------

  /** Records a callback error; a fatal one also stops the reactor, as nio does. */
  void recordCallbackError(String context, Throwable error) {
    errors.record(context, error);
    if (FatalErrors.isFatal(error) && failure == null) {
      failure = error;
      // stop() queues the shutdown for the next turn, as the nio reactor begins its shutdown on
      // the loop's next turn: the connection whose callback failed is aborted first, in this turn.
      if (running && !stopping) {
        stop();
      }
    }
  }

  /**
   * Returns the fatal error that stopped (or is stopping) this reactor, if a callback threw one;
   * see the class comment.
   *
   * @return the first fatal error, or empty
   */
  public Optional<Throwable> failure() {
    return Optional.ofNullable(failure);
  }

  @Nullable Throwable site(String what) {
    return captureCreationSites ? new CreationSite(what) : null;
  }

  /**
   * Runs user code; if it throws anything ({@link StackOverflowError} and
   * {@link OutOfMemoryError} included), records it. Returns whether it completed normally.
   */
  boolean guard(String context, Runnable call) {
    try {
      call.run();
      return true;
    } catch (Throwable failure) {
      recordCallbackError(context, failure);
      return false;
    }
  }

  /**
   * Like {@link #guard(String, Runnable)}, with the context made only if {@code call} throws:
   * for the calls every connection makes, whose context names objects that print themselves at
   * some cost (a factory, a port).
   */
  boolean guardLazily(Supplier<String> context, Runnable call) {
    try {
      call.run();
      return true;
    } catch (Throwable failure) {
      recordCallbackError(context.get(), failure);
      return false;
    }
  }

  boolean hasTurnWork() {
    return !tasks.isEmpty();
  }

  void postTurn(Runnable work) {
    tasks.addLocal(work);
    clock.turnWorkAdded();
  }

  int ephemeralPort() {
    int port = nextEphemeralPort++;
    if (nextEphemeralPort > 65_535) {
      nextEphemeralPort = FIRST_EPHEMERAL_PORT;
    }
    return port;
  }

  ConnectionOwner owner() {
    return owner;
  }

  /** The address of this reactor's own end of connections: its network address, or loopback. */
  InetAddress hostAddress() {
    return hostAddress != null ? hostAddress : InetAddress.getLoopbackAddress();
  }

  /** Makes this reactor a host of a simulated network; see {@link NetAccess}. */
  void joinNetwork(InetAddress address, Consumer<ClientAttempt> routeAttempts) {
    this.hostAddress = address;
    this.router = routeAttempts;
    this.hostTimers = new ArrayList<>();
  }

  /** The host crashed: its timers and queued work are gone, and it routes nothing more. */
  void forgetEverything() {
    forgotten = true;
    router = null;
    if (hostTimers != null) {
      for (DelayedCall call : hostTimers) {
        if (call.isActive()) {
          call.cancel();
        }
      }
      hostTimers.clear();
    }
    tasks.clear();
    running = false;
    stopping = false;
  }

  /** Whether its network host crashed, so its ports, connections and queued work are gone. */
  boolean isForgotten() {
    return forgotten;
  }

  /** Whether this reactor, as a network host, scheduled {@code call} (its own timers only). */
  boolean scheduled(DelayedCall call) {
    return hostTimers != null && hostTimers.contains(call);
  }

  ClientAttempt newAttempt(
      MemoryConnector connector, int number, @Nullable StackTraceElement callSite) {
    ClientAttempt attempt = new ClientAttempt(this, connector, number,
        site(connector.isUnix() ? "connectUNIX attempt" : "connectTCP attempt"), callSite);
    (connector.isUnix() ? unixClients : tcpClients).add(attempt);
    if (router != null) {
      router.accept(attempt);
    }
    return attempt;
  }

  MemoryConnection newConnection(
      Supplier<String> name, Protocol protocol, RecordingTransport transport) {
    MemoryConnection connection = new MemoryConnection(
        name, protocol, transport, owner, false, captureCreationSites ? site(name.get()) : null);
    connection.chunking(chunking);
    register(connection);
    return connection;
  }

  void register(Pump pump) {
    if (!pumps.contains(pump)) {
      pumps.add(pump);
    }
  }

  void register(MemoryConnection connection) {
    openConnections.add(connection);
  }

  /** The fake as the executor of its Deferreds. */
  private final class FakeExecutor implements ReactorExecutor {
    @Override
    public void execute(Runnable task) {
      callFromThread(task);
    }

    @Override
    public boolean inReactorThread() {
      return clock.isOwnerThread();
    }

    @Override
    public boolean trackUnobservedFailure(Deferred<?> failed, Throwable failure) {
      unobserved.add(new Unobserved(failed, failure));
      return true;
    }

    @Override
    public String toString() {
      return "executor of " + MemoryReactor.this;
    }
  }

  private final class Owner implements ConnectionOwner {
    @Override
    public void callbackFailed(String context, Throwable error) {
      recordCallbackError(context, error);
    }

    @Override
    public void transportRequest(MemoryConnection connection) {
      postTurn(connection::applyTransportRequests);
    }

    @Override
    public void ended(MemoryConnection connection) {
      openConnections.remove(connection);
    }
  }

  // ---- UDP ---------------------------------------------------------------------------------

  private final MemoryUdp udp = new MemoryUdp(this);

  /**
   * Records the call and returns a {@link MemoryDatagramPort}; port 0 gets a fake ephemeral
   * port. The protocol's {@code startProtocol} runs now.
   *
   * @throws CannotListenException if a UDP port of this reactor already listens there, or
   *     {@code startProtocol} threw
   * @throws IllegalArgumentException as {@code NioReactor} throws it, from the same checks
   */
  @Override
  public DatagramTransport listenUDP(
      int port, DatagramProtocol protocol, String networkInterface, int maxPacketSize) {
    return udp.listen(
        new ListenUdpCall(port, protocol, networkInterface, maxPacketSize, false, false));
  }

  /** As {@link #listenUDP(int, DatagramProtocol, String, int)}, recorded as multicast. */
  @Override
  public DatagramTransport listenMulticast(
      int port,
      DatagramProtocol protocol,
      String networkInterface,
      int maxPacketSize,
      boolean listenMultiple) {
    return udp.listen(
        new ListenUdpCall(port, protocol, networkInterface, maxPacketSize, true, listenMultiple));
  }

  /**
   * Returns the recorded {@code listenUDP} and {@code listenMulticast} calls, in call order, the
   * rejected ones included.
   *
   * @return a snapshot
   */
  public List<ListenUdpCall> listenUdpCalls() {
    return udp.calls();
  }

  /**
   * Returns every UDP port opened, stopped or not, in call order.
   *
   * @return a snapshot
   */
  public List<MemoryDatagramPort> udpPorts() {
    return udp.all();
  }

  /**
   * Returns the last UDP port opened.
   *
   * @return the port
   * @throws IllegalStateException if none was opened
   */
  public MemoryDatagramPort lastUdpPort() {
    List<MemoryDatagramPort> all = udp.all();
    if (all.isEmpty()) {
      throw new IllegalStateException("no UDP port was opened; call listenUDP first");
    }
    return all.get(all.size() - 1);
  }

  /**
   * Sets where the datagrams this reactor's ports send go; see {@link DatagramRoute}. The
   * default delivers loopback datagrams to this reactor's own ports on its next turn.
   *
   * @param route the route
   * @return this reactor
   */
  public MemoryReactor datagramRoute(DatagramRoute route) {
    udp.route(route);
    return this;
  }

  /**
   * Returns the default route: loopback datagrams (and broadcast and multicast ones) reach this
   * reactor's own matching ports on its next turn; others are lost. A custom route may fall back
   * to it.
   *
   * @return the route
   */
  public DatagramRoute loopbackDatagramRoute() {
    return udp.defaultRoute();
  }

  /**
   * Tells whether datagrams sent on loopback wait for this reactor's next turn.
   *
   * @return whether a turn would deliver datagrams
   */
  public boolean hasDatagramsInFlight() {
    return udp.hasInFlight();
  }

  @Override
  public String toString() {
    return "MemoryReactor[" + stateName()
        + ", " + openConnections.size() + " open connections, "
        + (listeningPorts().size() + unixListeningPorts().size()) + " listening ports, " + clock
        + "]";
  }
}
