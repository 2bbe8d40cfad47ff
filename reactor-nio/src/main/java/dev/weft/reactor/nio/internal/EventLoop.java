package dev.weft.reactor.nio.internal;

import dev.weft.reactor.ClientFactory;
import dev.weft.reactor.Connector;
import dev.weft.reactor.Deferred;
import dev.weft.reactor.DelayedCall;
import dev.weft.reactor.ListeningPort;
import dev.weft.reactor.ProtocolFactory;
import dev.weft.reactor.Reactor;
import dev.weft.reactor.ReactorExecutor;
import dev.weft.reactor.SystemEvent;
import dev.weft.reactor.TriggerHandle;
import dev.weft.reactor.TriggerPhase;
import dev.weft.reactor.WrongThreadException;
import dev.weft.reactor.internal.Checks;
import dev.weft.reactor.internal.SystemEventTriggers;
import dev.weft.reactor.internal.TimerQueue;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The selector loop: one thread that owns a {@link Selector}, the timer heap, and every channel.
 *
 * <p>Only {@link #callFromThread}, {@link #stop}, {@link #crash}, {@link #isRunning} and the
 * termination methods are thread-safe; everything else checks the calling thread. Before
 * {@link #run()} the owner is the thread that created the loop, so it can be configured (ports
 * opened, triggers added) before it runs.
 */
public final class EventLoop implements Reactor {
  private static final int NEW = 0;
  private static final int RUNNING = 1;
  private static final int STOPPING = 2;
  private static final int STOPPED = 3;
  private static final int FOREIGN_BATCH = 4096;

  final LoopSettings settings;
  private final AtomicInteger state = new AtomicInteger(NEW);
  private volatile Thread owner;
  private final Selector selector;
  private final Consumer<SelectionKey> dispatch = this::dispatch;
  private final ConcurrentLinkedQueue<Runnable> foreignTasks = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean sleeping = new AtomicBoolean();
  private final ArrayDeque<Runnable> localTasks = new ArrayDeque<>();
  private final long originNanos = System.nanoTime();
  private final TimerQueue timers;
  // Before the triggers, which take it: Deferreds made with it refuse to block this loop's
  // thread and report their unobserved failures to this loop's logger.
  private final ReactorExecutor executor = new LoopExecutor();
  private final SystemEventTriggers triggers =
      new SystemEventTriggers(this::report, this::callFromThread, executor);
  private final List<Runnable> whenRunning = new ArrayList<>();
  private final Set<TcpConnection> connections = Collections.newSetFromMap(new IdentityHashMap<>());
  private final Set<TcpPort> ports = Collections.newSetFromMap(new IdentityHashMap<>());
  private final Set<TcpConnector> connectors = Collections.newSetFromMap(new IdentityHashMap<>());
  private final CountDownLatch started = new CountDownLatch(1);
  private final CountDownLatch terminated = new CountDownLatch(1);
  private volatile boolean exitLoop;
  private volatile boolean crashed;
  private boolean startupDone;
  // Shared by every connection: the loop reads one socket at a time and the protocol may use the
  // bytes only during dataReceived, so one direct buffer and one read-only view serve them all.
  final ByteBuffer readBuffer;
  final ByteBuffer readView;
  private final BlockingPools pools;

  /**
   * Opens the selector; the calling thread owns the loop until {@link #run()}.
   *
   * @param settings the checked knobs
   */
  public EventLoop(LoopSettings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.owner = Thread.currentThread();
    try {
      this.selector = Selector.open();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open a selector", e);
    }
    this.timers = new TimerQueue(Instant.now(), this::clockNanos, this::checkThread);
    this.readBuffer = ByteBuffer.allocateDirect(settings.readBufferSize());
    this.readView = readBuffer.asReadOnlyBuffer();
    this.pools = new BlockingPools(this);
  }

  long clockNanos() {
    return System.nanoTime() - originNanos;
  }

  /**
   * Fails unless the caller is the owning thread.
   *
   * @throws WrongThreadException if called from another thread
   */
  public void checkThread() {
    Thread current = Thread.currentThread();
    Thread own = owner;
    if (current != own) {
      throw new WrongThreadException(
          "reactor method called on thread '" + current.getName() + "' but this reactor is owned by '"
              + own.getName() + "' (" + stateName() + "); call it on the reactor thread, or hand "
              + "the work over with callFromThread");
    }
  }

  /**
   * Tells whether the caller is the owning thread.
   *
   * @return whether reactor methods may be called from here
   */
  public boolean isOwnerThread() {
    return Thread.currentThread() == owner;
  }

  private String stateName() {
    return switch (state.get()) {
      case NEW -> "not running yet";
      case RUNNING -> "running";
      case STOPPING -> "stopping";
      default -> "stopped";
    };
  }

  // ---------------------------------------------------------------- run, stop

  @Override
  public void run() {
    if (!state.compareAndSet(NEW, RUNNING)) {
      throw new IllegalStateException(
          "reactor is " + stateName() + "; a reactor runs once: build a new one");
    }
    owner = Thread.currentThread();
    started.countDown();
    try {
      triggers
          .fire(SystemEvent.STARTUP, () -> {}, settings.shutdownTimeout(), this)
          .whenComplete((v, e) -> runWhenRunningCalls());
      loop();
      if (!crashed) {
        // Callbacks deferred by the shutdown itself (port doStop, late connectionLost) still run.
        for (int round = 0; round < 16 && !localTasks.isEmpty(); round++) {
          runLocalTasks();
        }
      }
    } catch (Throwable t) {
      report("reactor loop failed; stopping", t);
      crashed = true;
      throw t;
    } finally {
      try {
        cleanUp();
      } finally {
        state.set(STOPPED);
        terminated.countDown();
      }
    }
  }

  private void runWhenRunningCalls() {
    startupDone = true;
    List<Runnable> calls = new ArrayList<>(whenRunning);
    whenRunning.clear();
    for (Runnable call : calls) {
      runGuarded(call, "callWhenRunning call");
    }
  }

  private void loop() {
    while (!exitLoop) {
      runForeignTasks();
      runLocalTasks();
      runDueTimers();
      runLocalTasks();
      if (exitLoop) {
        break;
      }
      select();
    }
  }

  private void select() {
    try {
      if (!localTasks.isEmpty()) {
        selector.selectNow(dispatch);
        return;
      }
      long next = timers.nextDueNanos();
      long waitNanos = next == Long.MAX_VALUE ? -1 : Math.max(0, next - clockNanos());
      if (waitNanos == 0) {
        selector.selectNow(dispatch);
        return;
      }
      sleeping.set(true);
      // A task queued before the flag was set found no sleeper to wake: look before sleeping.
      if (!foreignTasks.isEmpty() || exitLoop) {
        sleeping.set(false);
        selector.selectNow(dispatch);
        return;
      }
      if (waitNanos < 0) {
        selector.select(dispatch);
      } else {
        selector.select(dispatch, Math.max(1, (waitNanos + 999_999) / 1_000_000));
      }
      sleeping.set(false);
    } catch (IOException e) {
      report("selector failed; retrying", e);
    }
  }

  private void dispatch(SelectionKey key) {
    if (!key.isValid()) {
      return;
    }
    Selectable target = (Selectable) key.attachment();
    try {
      target.ready(key.readyOps());
    } catch (Throwable t) {
      rethrowFatal(t);
      report("unexpected failure handling " + target + "; closing it", t);
      target.closeQuietly();
    }
  }

  private void runForeignTasks() {
    Runnable task;
    int n = 0;
    // Bounded so that a task that re-posts itself cannot starve I/O and timers.
    while (n++ < FOREIGN_BATCH && (task = foreignTasks.poll()) != null) {
      runGuarded(task, "callFromThread call");
    }
  }

  private void runLocalTasks() {
    int n = localTasks.size();
    for (int i = 0; i < n; i++) {
      Runnable task = localTasks.poll();
      if (task == null) {
        return;
      }
      runGuarded(task, "reactor task");
    }
  }

  private void runDueTimers() {
    long now = clockNanos();
    TimerQueue.Timer timer;
    while ((timer = timers.pollDue(now)) != null) {
      try {
        timer.run();
      } catch (Throwable t) {
        rethrowFatal(t);
        report("delayed call threw; carrying on", t);
      }
    }
  }

  void runGuarded(Runnable task, String what) {
    try {
      task.run();
    } catch (Throwable t) {
      rethrowFatal(t);
      report(what + " threw; carrying on", t);
    }
  }

  /** Runs {@code task} on the next turn of the loop; loop thread only. */
  void runLater(Runnable task) {
    localTasks.add(task);
  }

  @Override
  public void stop() {
    if (!state.compareAndSet(RUNNING, STOPPING)) {
      throw new IllegalStateException(
          "reactor is " + stateName() + "; stop() is for a running reactor (call it once)");
    }
    enqueue(this::shutDown);
  }

  private void shutDown() {
    triggers
        .fire(SystemEvent.SHUTDOWN, this::disconnectAll, settings.shutdownTimeout(), this)
        .whenComplete((v, e) -> exitLoop = true);
  }

  private void disconnectAll() {
    for (TcpConnector connector : new ArrayList<>(connectors)) {
      connector.cancelForShutdown();
    }
    for (TcpPort port : new ArrayList<>(ports)) {
      port.stopListening();
    }
    for (TcpConnection connection : new ArrayList<>(connections)) {
      connection.closeForShutdown();
    }
  }

  @Override
  public void crash() {
    crashed = true;
    exitLoop = true;
    if (state.compareAndSet(NEW, STOPPED)) {
      // Never ran: nobody else will release what the owner opened while configuring it.
      try {
        cleanUp();
      } finally {
        started.countDown();
        terminated.countDown();
      }
      return;
    }
    state.compareAndSet(RUNNING, STOPPING);
    selector.wakeup();
  }

  private void cleanUp() {
    for (SelectionKey key : new ArrayList<>(selector.keys())) {
      if (key.attachment() instanceof Selectable s) {
        s.closeQuietly();
      }
    }
    connections.clear();
    ports.clear();
    connectors.clear();
    timers.clear();
    try {
      selector.close();
    } catch (IOException e) {
      report("closing the selector failed", e);
    }
    pools.shutdown();
    foreignTasks.clear();
  }

  @Override
  public boolean isRunning() {
    return state.get() == RUNNING;
  }

  /**
   * Waits until the loop thread owns the loop or it has already terminated.
   *
   * @param timeout the bound
   * @return whether it started within the bound
   * @throws InterruptedException if interrupted
   */
  public boolean awaitStarted(Duration timeout) throws InterruptedException {
    return started.await(Checks.saturatedNanos(timeout), TimeUnit.NANOSECONDS);
  }

  /**
   * Waits until {@link #run()} has returned.
   *
   * @param timeout the bound
   * @return whether the loop terminated within the bound
   * @throws InterruptedException if interrupted
   */
  public boolean awaitTermination(Duration timeout) throws InterruptedException {
    return terminated.await(Checks.saturatedNanos(timeout), TimeUnit.NANOSECONDS);
  }

  /**
   * Tells whether {@link #run()} has returned.
   *
   * @return whether the loop is over
   */
  public boolean isTerminated() {
    return terminated.getCount() == 0;
  }

  @Override
  public void callWhenRunning(Runnable call) {
    Objects.requireNonNull(call, "call");
    checkThread();
    if (startupDone) {
      runLater(call);
    } else {
      whenRunning.add(call);
    }
  }

  @Override
  public TriggerHandle addSystemEventTrigger(
      TriggerPhase phase, SystemEvent event, Runnable trigger) {
    Objects.requireNonNull(phase, "phase");
    Objects.requireNonNull(event, "event");
    Objects.requireNonNull(trigger, "trigger");
    checkThread();
    return triggers.add(
        phase,
        event,
        () -> {
          trigger.run();
          return null;
        });
  }

  @Override
  public TriggerHandle addAsyncSystemEventTrigger(
      TriggerPhase phase, SystemEvent event, Supplier<? extends CompletionStage<?>> trigger) {
    Objects.requireNonNull(phase, "phase");
    Objects.requireNonNull(event, "event");
    Objects.requireNonNull(trigger, "trigger");
    checkThread();
    return triggers.add(phase, event, trigger);
  }

  @Override
  public void removeSystemEventTrigger(TriggerHandle handle) {
    Objects.requireNonNull(handle, "handle");
    checkThread();
    triggers.remove(handle);
  }

  @Override
  public Deferred<Void> fireSystemEvent(SystemEvent event) {
    Objects.requireNonNull(event, "event");
    checkThread();
    return triggers.fire(event, () -> {}, settings.shutdownTimeout(), this);
  }

  // ---------------------------------------------------------------- time and threads

  @Override
  public Instant now() {
    return timers.toInstant(clockNanos());
  }

  @Override
  public DelayedCall callLater(Duration delay, Runnable call) {
    return timers.schedule(delay, call);
  }

  @Override
  public void callFromThread(Runnable call) {
    Objects.requireNonNull(call, "call");
    enqueue(call);
  }

  @Override
  public ReactorExecutor executor() {
    return executor;
  }

  /** This loop as the executor of its Deferreds. */
  private final class LoopExecutor implements ReactorExecutor {
    @Override
    public void execute(Runnable task) {
      callFromThread(task);
    }

    @Override
    public boolean inReactorThread() {
      return isOwnerThread();
    }

    @Override
    public void reportUnobservedFailure(Throwable failure) {
      report("Unobserved failure in a Deferred of this reactor: it failed, and nothing chained a"
          + " stage on it or read its result before it became unreachable", failure);
    }
  }

  private void enqueue(Runnable call) {
    if (state.get() == STOPPED) {
      // Nobody will ever run it; keeping it would only hold memory.
      return;
    }
    foreignTasks.offer(call);
    // Only a sleeping loop needs the (costly) wake-up; an awake one drains the queue next turn.
    if (sleeping.get() && sleeping.compareAndSet(true, false)) {
      selector.wakeup();
    }
  }

  @Override
  public void callInThread(Runnable work) {
    Objects.requireNonNull(work, "work");
    checkThread();
    pools.callInThread(work);
  }

  @Override
  public <T> Deferred<T> deferToThread(Callable<T> work) {
    Objects.requireNonNull(work, "work");
    checkThread();
    return pools.deferToThread(work);
  }

  @Override
  public Deferred<List<InetAddress>> resolve(String host) {
    Objects.requireNonNull(host, "host");
    checkThread();
    return pools.resolve(host);
  }

  // ---------------------------------------------------------------- TCP

  @Override
  public ListeningPort listenTCP(
      int port, ProtocolFactory factory, int backlog, String networkInterface) {
    Checks.port(port);
    Checks.backlog(backlog);
    Objects.requireNonNull(factory, "factory");
    Objects.requireNonNull(networkInterface, "networkInterface");
    checkThread();
    TcpPort listening = TcpPort.open(this, port, factory, backlog, networkInterface);
    ports.add(listening);
    return listening;
  }

  @Override
  public Connector connectTCP(
      String host,
      int port,
      ClientFactory factory,
      Duration timeout,
      @Nullable SocketAddress bindAddress) {
    Objects.requireNonNull(host, "host");
    Checks.port(port);
    Objects.requireNonNull(factory, "factory");
    Checks.nonNegative(timeout, "timeout");
    checkThread();
    TcpConnector connector = new TcpConnector(this, host, port, factory, timeout, bindAddress);
    connector.connect();
    return connector;
  }

  SelectionKey register(java.nio.channels.SelectableChannel channel, int ops, Selectable target)
      throws IOException {
    channel.configureBlocking(false);
    return channel.register(selector, ops, target);
  }

  void added(TcpConnection connection) {
    connections.add(connection);
  }

  void removed(TcpConnection connection) {
    connections.remove(connection);
  }

  void removed(TcpPort port) {
    ports.remove(port);
  }

  void removed(TcpConnector connector) {
    connectors.remove(connector);
  }

  void added(TcpConnector connector) {
    connectors.add(connector);
  }

  // ---------------------------------------------------------------- errors

  void report(String message, @Nullable Throwable error) {
    System.Logger logger = settings.logger();
    try {
      if (error == null) {
        logger.log(System.Logger.Level.WARNING, message);
      } else {
        logger.log(System.Logger.Level.ERROR, message, error);
      }
    } catch (RuntimeException broken) {
      // A broken logger must not break the loop; stderr is the last place left to say it.
      System.err.println("weft: logger " + logger + " failed (" + broken + ") reporting: " + message);
      if (error != null) {
        error.printStackTrace();
      }
    }
  }

  static void rethrowFatal(Throwable t) {
    if (t instanceof VirtualMachineError e) {
      throw e;
    }
  }

  @Override
  public String toString() {
    return "NioReactor[" + settings.threadName() + ", " + stateName() + "]";
  }
}
