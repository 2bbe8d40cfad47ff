package dev.weft.reactor.nio;

import dev.weft.reactor.ClientFactory;
import dev.weft.reactor.Connector;
import dev.weft.reactor.Deferred;
import dev.weft.reactor.DelayedCall;
import dev.weft.reactor.ListeningPort;
import dev.weft.reactor.ProtocolFactory;
import dev.weft.reactor.Reactor;
import dev.weft.reactor.ReactorExecutor;
import dev.weft.reactor.ReactorUNIX;
import dev.weft.reactor.SystemEvent;
import dev.weft.reactor.TriggerHandle;
import dev.weft.reactor.TriggerPhase;
import dev.weft.reactor.internal.Checks;
import dev.weft.reactor.nio.internal.BlockingPools;
import dev.weft.reactor.internal.ProducerPacing;
import dev.weft.reactor.nio.internal.EventLoop;
import dev.weft.reactor.nio.internal.Lifecycle;
import dev.weft.reactor.nio.internal.LoopSettings;
import dev.weft.reactor.nio.internal.Tcp;
import dev.weft.reactor.nio.internal.Udp;
import dev.weft.reactor.tls.ReactorTLS;
import dev.weft.reactor.tls.TlsConfig;
import dev.weft.reactor.tls.TlsLayer;
import dev.weft.reactor.tls.TlsRole;
import dev.weft.reactor.udp.DatagramProtocol;
import dev.weft.reactor.udp.DatagramTransport;
import dev.weft.reactor.udp.ReactorUDP;
import java.net.InetAddress;
import java.net.SocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The production {@link Reactor}: one thread running a {@link java.nio.channels.Selector} loop
 * with a timer heap, serving TCP servers and clients on real sockets.
 *
 * <pre>{@code
 * NioReactor reactor = NioReactor.builder().threadName("echo").build();
 * ListeningPort port = reactor.listenTCP(0, ProtocolFactory.of(Echo::new));
 * reactor.start(); // or run(), to serve on this thread until stop()
 * ...
 * reactor.stop();
 * reactor.awaitTermination(Duration.ofSeconds(10));
 * }</pre>
 *
 * <p>(A copy of {@code NioReactorExampleIT}, which compiles and runs it.)
 *
 * <p><b>Threads.</b> One thread owns the reactor. Until {@link #run()} starts, the owner is the
 * thread that built it, so that thread can open ports and add triggers first; from then on it is
 * the thread running the loop. Every method except {@link #callFromThread(Runnable)},
 * {@link #stop()}, {@link #crash()}, {@link #isRunning()}, {@link #start()},
 * {@link #awaitTermination(Duration)}, {@link #isTerminated()}, {@link #failure()} and
 * {@link #isReactorThread()} must be called by the owner and
 * throws {@link dev.weft.reactor.WrongThreadException} otherwise; so do the methods of the
 * transports, connectors, ports and delayed calls it hands out, except the immutable addresses
 * ({@code Transport.host()/peer()}, {@code ListeningPort.host()/address()},
 * {@code Connector.destination()/destinationAddress()}), which any thread may read. A stopped reactor cannot run
 * again; {@code callFromThread} calls made after it stopped are dropped. A reactor that will never
 * run is released with {@link #crash()}.
 *
 * <p><b>Bytes.</b> {@code dataReceived} receives a read-only view of one reused direct buffer,
 * valid only during the call. Writes go straight to the socket when nothing is queued; the rest
 * is copied into a per-connection queue flushed with gathering writes. Accepted and connected
 * sockets have {@code TCP_NODELAY} on.
 *
 * <p><b>Flow control.</b> Each connection paces producers and reports writability with the
 * {@link Builder#writeBufferWaterMarks(int, int) water marks}, and is aborted past the
 * {@link Builder#writeBufferLimit(long) write buffer limit} if one is set. A transport paused as
 * a producer ({@code Transport.pauseProducing()}) drops its read interest, so the kernel buffers
 * fill and TCP slows the peer down; it then sees the end of the stream only once it reads again.
 * The rules are shared with the fakes of reactor-testing.
 *
 * <p><b>Errors.</b> Whatever a protocol, factory or producer callback throws is logged to the
 * configured {@link System.Logger} and its connection is aborted with a
 * {@link dev.weft.reactor.ConnectionAbortedException} whose cause is the throwable; whatever a
 * delayed call, trigger, {@code callFromThread} call or {@code callInThread} work throws is
 * logged; the loop carries on. That includes a {@link StackOverflowError} (recursion driven by
 * input) and an {@link OutOfMemoryError} (an allocation sized by a peer): both unwind to the
 * callback's boundary and leave the loop sound.
 *
 * <p><b>Fatal errors.</b> An error that says the JVM itself is broken ({@link InternalError},
 * {@link UnknownError}, any other {@link VirtualMachineError} but those two) cannot be survived,
 * since no code, the loop's included, can be trusted to keep its invariants. It is logged, its
 * connection aborted as above, and the reactor stops in order as after {@link #stop()}: shutdown
 * triggers run and every connection and attempt is told. Then {@link #run()} throws the error;
 * on a reactor {@linkplain #start() started} on its own thread it reaches that thread's uncaught
 * exception handler, and {@link #failure()} returns it once {@link #awaitTermination(Duration)}
 * says the loop is over. An exception escaping the loop's own code (outside every callback) is
 * handled the same way. A process that would rather die at an {@code OutOfMemoryError} runs with
 * {@code -XX:+ExitOnOutOfMemoryError}.
 *
 * <p><b>Stopping.</b> {@link #stop()} fires {@link SystemEvent#SHUTDOWN}: BEFORE triggers (their
 * stages awaited up to {@link Builder#shutdownTimeout(Duration)}, with the loop still serving),
 * DURING triggers, then pending connection attempts fail with
 * {@link dev.weft.reactor.ConnectCancelledException}, ports close, every open connection is
 * closed and sees {@link dev.weft.reactor.ConnectionLostException}, then the AFTER triggers run
 * and the loop thread releases every socket, the selector and its pools.
 *
 * <p><b>TLS.</b> {@link #listenTLS} and {@link #connectTLS} are TCP with the
 * {@link TlsLayer} between socket and protocol, the same layer the fakes run.
 *
 * <p><b>UNIX-domain sockets.</b> {@link #listenUNIX} and {@link #connectUNIX} serve
 * UNIX-domain stream sockets on the same loop, with the same connection, port and connector
 * code as TCP (only the channel's protocol family differs), so flow control, half-close and
 * every error rule are the same. Listening removes a stale socket file first, and
 * {@code stopListening} (also run by {@link #stop()}) removes the socket file the port created;
 * a crashed reactor leaves it behind, stale, for the next listen to remove. See
 * {@link ReactorUNIX}.
 *
 * <p><b>UDP.</b> {@link #listenUDP} and {@link #listenMulticast} open a
 * {@link java.nio.channels.DatagramChannel} on the same loop. Datagrams are received into one
 * direct buffer per port and handed over as a read-only view valid during
 * {@code datagramReceived}; a datagram longer than the port's {@code maxPacketSize} is dropped
 * whole; a write the socket buffer cannot take is dropped and counted, never queued (see
 * {@link DatagramTransport}). A {@code datagramReceived} that throws is logged and the port keeps
 * listening; shutdown stops every port.
 *
 * <p>Twisted: the default {@code reactor} ({@code EPollReactor}/{@code SelectReactor}).
 */
public final class NioReactor implements Reactor, ReactorTLS, ReactorUNIX, ReactorUDP {
  private final String threadName;
  private final Lifecycle lifecycle;
  private final EventLoop loop;
  private final BlockingPools pools;
  private final Tcp tcp;
  private final Udp udp;

  private NioReactor(LoopSettings settings) {
    this.threadName = settings.threadName();
    this.lifecycle = new Lifecycle(settings);
    this.loop = lifecycle.loop();
    // Each facet registers once with the lifecycle, which shuts it down in registration order.
    this.pools = lifecycle.add(new BlockingPools(loop));
    this.tcp = lifecycle.add(new Tcp(loop, pools));
    this.udp = lifecycle.add(new Udp(loop));
  }

  /**
   * Returns a builder with the defaults described on each of its methods.
   *
   * @return a new builder, never {@code null}
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Builds a reactor with every default; the calling thread owns it until it runs.
   *
   * @return a new reactor, not running
   */
  public static NioReactor create() {
    return builder().build();
  }

  /**
   * Runs the loop on a new thread named after {@link Builder#threadName(String)} and returns once
   * that thread owns the reactor, so embedding code and tests can hand it work with
   * {@link #callFromThread(Runnable)}. Call from the thread that built the reactor.
   *
   * <p>If a fatal error stops the reactor (see the class comment), it is thrown out of that
   * thread's {@code run}, so the thread's uncaught exception handler sees it, and
   * {@link #failure()} returns it once {@link #awaitTermination(Duration)} says the loop is over.
   *
   * @return this reactor
   * @throws IllegalStateException if the reactor already ran or is running
   * @throws dev.weft.reactor.WrongThreadException if called by another thread than the owner
   */
  public NioReactor start() {
    loop.checkThread();
    if (isRunning() || isTerminated()) {
      throw new IllegalStateException(
          "reactor is already running or stopped; start() runs a new reactor once");
    }
    Thread thread = new Thread(lifecycle::run, threadName);
    thread.start();
    try {
      // The new thread takes ownership before anything else, so this returns promptly.
      while (!lifecycle.awaitStarted(Duration.ofSeconds(1))) {
        if (!thread.isAlive()) {
          throw new IllegalStateException("the reactor thread died before it started: " + thread);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting the reactor thread", e);
    }
    return this;
  }

  /**
   * Waits, at most {@code timeout}, until the loop has exited and released every resource. Any
   * thread except the reactor thread itself may call it.
   *
   * @param timeout the bound, not negative
   * @return {@code true} if the loop has terminated
   * @throws InterruptedException if the waiting thread is interrupted
   */
  public boolean awaitTermination(Duration timeout) throws InterruptedException {
    Checks.nonNegative(timeout, "timeout");
    return lifecycle.awaitTermination(timeout);
  }

  /**
   * Tells whether the loop has exited. Any thread.
   *
   * @return {@code true} once {@link #run()} has released everything
   */
  public boolean isTerminated() {
    return lifecycle.isTerminated();
  }

  /** Completes once the loop has terminated; for the group, which must not wait on a dead loop. */
  java.util.concurrent.CompletableFuture<Void> termination() {
    return lifecycle.termination();
  }

  /**
   * Returns the error that stopped the reactor, if one did: a fatal error thrown by a callback
   * (see the class comment), or a failure of the loop's own code. Any thread; once
   * {@link #isTerminated()} is true the answer is final.
   *
   * @return the error, or empty if the reactor has not stopped because of one
   */
  public Optional<Throwable> failure() {
    return lifecycle.failure();
  }

  /**
   * Tells whether the calling thread may call the reactor's thread-confined methods. Any thread.
   *
   * @return {@code true} on the owning thread
   */
  public boolean isReactorThread() {
    return loop.isOwnerThread();
  }

  /**
   * {@inheritDoc}
   *
   * <p>The calling thread becomes the reactor thread. Returns once the reactor has stopped and
   * released everything; if a fatal error stopped it (see the class comment), throws that error
   * instead, after the same orderly shutdown.
   *
   * @throws Error or RuntimeException the fatal error that stopped the reactor
   */
  @Override
  public void run() {
    loop.checkThread();
    lifecycle.run();
  }

  @Override
  public void stop() {
    lifecycle.stop();
  }

  /**
   * {@inheritDoc}
   *
   * <p>No trigger and no protocol callback runs: the loop exits at its next turn and closes
   * every socket silently. On a reactor that never ran, releases its selector and ports at once.
   */
  @Override
  public void crash() {
    lifecycle.crash();
  }

  @Override
  public boolean isRunning() {
    return lifecycle.isRunning();
  }

  @Override
  public void callWhenRunning(Runnable call) {
    lifecycle.callWhenRunning(call);
  }

  @Override
  public TriggerHandle addSystemEventTrigger(
      TriggerPhase phase, SystemEvent event, Runnable trigger) {
    return lifecycle.addSystemEventTrigger(phase, event, trigger);
  }

  @Override
  public TriggerHandle addAsyncSystemEventTrigger(
      TriggerPhase phase, SystemEvent event, Supplier<? extends CompletionStage<?>> trigger) {
    return lifecycle.addAsyncSystemEventTrigger(phase, event, trigger);
  }

  @Override
  public void removeSystemEventTrigger(TriggerHandle handle) {
    lifecycle.removeSystemEventTrigger(handle);
  }

  @Override
  public Deferred<Void> fireSystemEvent(SystemEvent event) {
    return lifecycle.fireSystemEvent(event);
  }

  /**
   * {@inheritDoc}
   *
   * <p>Monotonic: the wall clock read once at construction plus {@link System#nanoTime()} elapsed
   * since. Timers have millisecond resolution.
   */
  @Override
  public Instant now() {
    loop.checkThread();
    return loop.now();
  }

  @Override
  public DelayedCall callLater(Duration delay, Runnable call) {
    return loop.callLater(delay, call);
  }

  /**
   * {@inheritDoc}
   *
   * <p>Lock-free; wakes the selector only when the loop may be asleep.
   */
  @Override
  public void callFromThread(Runnable call) {
    loop.callFromThread(call);
  }

  /**
   * Returns this reactor as an executor: tasks run on the loop thread; Deferreds made with it
   * refuse to block that thread and log unobserved failures to the configured logger.
   */
  @Override
  public ReactorExecutor executor() {
    return loop.executor();
  }

  @Override
  public void callInThread(Runnable work) {
    pools.callInThread(work);
  }

  @Override
  public <T> Deferred<T> deferToThread(Callable<T> work) {
    return pools.deferToThread(work);
  }

  /**
   * {@inheritDoc}
   *
   * <p>IP literals are answered at once, without any lookup; names go to the
   * {@link HostResolver} on the resolver pool. A failure, or an empty answer, fails with
   * {@link dev.weft.reactor.DnsLookupException}.
   */
  @Override
  public Deferred<List<InetAddress>> resolve(String host) {
    return pools.resolve(host);
  }

  @Override
  public ListeningPort listenTCP(
      int port, ProtocolFactory factory, int backlog, String networkInterface) {
    return tcp.listenTCP(port, factory, backlog, networkInterface);
  }

  /** For {@link NioReactorGroup}: a port with SO_REUSEPORT, or one that hands sockets off. */
  ListeningPort listenForGroup(
      int port, ProtocolFactory factory, int backlog, String networkInterface, boolean reusePort,
      java.util.function.@Nullable Consumer<java.nio.channels.SocketChannel> handoff) {
    return tcp.listenTCP(port, factory, backlog, networkInterface, reusePort, handoff);
  }

  /** For {@link NioReactorGroup}: serves a socket another reactor accepted. Owner thread only. */
  void adopt(java.nio.channels.SocketChannel accepted, ProtocolFactory factory) {
    tcp.adopt(accepted, factory);
  }

  /**
   * {@inheritDoc}
   *
   * <p>The timeout covers name resolution and the TCP handshakes: the resolved addresses are
   * tried in order until one connects, and the last failure is reported.
   */
  @Override
  public Connector connectTCP(
      String host,
      int port,
      ClientFactory factory,
      Duration timeout,
      @Nullable SocketAddress bindAddress) {
    return tcp.connectTCP(host, port, factory, timeout, bindAddress);
  }

  /**
   * {@inheritDoc}
   *
   * <p>{@code listenTCP} with every accepted connection's protocol behind the {@link TlsLayer}.
   */
  @Override
  public ListeningPort listenTLS(
      int port, ProtocolFactory factory, TlsConfig config, int backlog, String networkInterface) {
    TlsLayer.requireRole(config, TlsRole.SERVER, "listenTLS");
    return listenTCP(port, TlsLayer.server(factory, config, this), backlog, networkInterface);
  }

  /**
   * {@inheritDoc}
   *
   * <p>{@code connectTCP} with the protocol behind the {@link TlsLayer}.
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
    TlsLayer.requireRole(config, TlsRole.CLIENT, "connectTLS");
    return connectTCP(
        host, port, TlsLayer.client(factory, config, this, host, port), timeout, bindAddress);
  }

  /**
   * {@inheritDoc}
   *
   * <p>The socket file is created with the process's umask; a stale socket file at the path is
   * removed first, after a connect to it was refused (a live server there sees one connection
   * open and close).
   */
  @Override
  public ListeningPort listenUNIX(Path path, ProtocolFactory factory, int backlog) {
    return tcp.listenUNIX(path, factory, backlog);
  }

  /**
   * {@inheritDoc}
   *
   * <p>A UNIX-domain connect is answered at once by the system, so the timeout only matters when
   * the attempt is slower to report than that; a server whose accept queue is full fails the
   * attempt at once with a {@link dev.weft.reactor.ConnectFailedException} quoting the system
   * ("Resource temporarily unavailable"), where TCP would wait.
   */
  @Override
  public Connector connectUNIX(Path path, ClientFactory factory, Duration timeout) {
    return tcp.connectUNIX(path, factory, timeout);
  }

  @Override
  public DatagramTransport listenUDP(
      int port, DatagramProtocol protocol, String networkInterface, int maxPacketSize) {
    return udp.listenUDP(port, protocol, networkInterface, maxPacketSize);
  }

  @Override
  public DatagramTransport listenMulticast(
      int port,
      DatagramProtocol protocol,
      String networkInterface,
      int maxPacketSize,
      boolean listenMultiple) {
    return udp.listenMulticast(port, protocol, networkInterface, maxPacketSize, listenMultiple);
  }

  @Override
  public String toString() {
    return "NioReactor[" + threadName + ", " + lifecycle.stateName() + "]";
  }

  /**
   * Configures a {@link NioReactor}. Not thread-safe; use it from one thread.
   */
  public static final class Builder {
    private String threadName = "weft-reactor";
    private HostResolver resolver = HostResolver.system();
    private int resolverThreads = 2;
    private int threadPoolSize = 4;
    private int lowWaterMark = (int) ProducerPacing.DEFAULT_LOW_WATER_MARK;
    private int highWaterMark = (int) ProducerPacing.DEFAULT_HIGH_WATER_MARK;
    private long writeBufferLimit = ProducerPacing.NO_LIMIT;
    private int readBufferSize = 64 * 1024;
    private Duration shutdownTimeout = Duration.ofSeconds(10);
    private System.Logger logger = System.getLogger(NioReactor.class.getName());

    private Builder() {}

    /**
     * Names the thread {@link NioReactor#start()} creates, and prefixes the pool threads; a
     * thread that calls {@link NioReactor#run()} keeps its own name. Default
     * {@code "weft-reactor"}.
     *
     * @param name the thread name, not blank
     * @return this builder
     */
    public Builder threadName(String name) {
      Objects.requireNonNull(name, "name");
      if (name.isBlank()) {
        throw new IllegalArgumentException("threadName must not be blank: '" + name + "'");
      }
      this.threadName = name;
      return this;
    }

    /**
     * Sets the blocking resolver used for host names. Default {@link HostResolver#system()}.
     *
     * @param resolver the resolver, thread-safe
     * @return this builder
     */
    public Builder resolver(HostResolver resolver) {
      this.resolver = Objects.requireNonNull(resolver, "resolver");
      return this;
    }

    /**
     * Sets how many threads may resolve names at once. Default 2.
     *
     * @param threads at least 1
     * @return this builder
     */
    public Builder resolverThreads(int threads) {
      this.resolverThreads = atLeastOne(threads, "resolverThreads");
      return this;
    }

    /**
     * Sets the size of the pool behind {@code callInThread} and {@code deferToThread}. Default 4.
     *
     * @param threads at least 1
     * @return this builder
     */
    public Builder threadPoolSize(int threads) {
      this.threadPoolSize = atLeastOne(threads, "threadPoolSize");
      return this;
    }

    /**
     * Sets the flow-control marks of every connection: when more than {@code high} bytes are
     * buffered the transport is no longer writable and a push producer is paused; when at most
     * {@code low} remain it is writable again and the producer resumed. Default 32 KiB and
     * 64 KiB, as on the fakes.
     *
     * @param low the resume mark, not negative
     * @param high the pause mark, at least {@code low}
     * @return this builder
     * @throws IllegalArgumentException if a mark is negative or {@code low} exceeds {@code high}
     */
    public Builder writeBufferWaterMarks(int low, int high) {
      ProducerPacing.checkWaterMarks(low, high);
      this.lowWaterMark = low;
      this.highWaterMark = high;
      return this;
    }

    /**
     * Caps the bytes any one connection may buffer for writing: a write that takes them above
     * {@code bytes} aborts the connection, and its protocol's {@code connectionLost} receives a
     * {@link dev.weft.reactor.WriteBufferLimitExceededException} on the next turn. Only bytes the
     * socket did not take count, as for {@code Transport.pendingBytes()}. Default: no limit.
     *
     * @param bytes not negative; {@link Long#MAX_VALUE} for no limit
     * @return this builder
     * @throws IllegalArgumentException if negative
     */
    public Builder writeBufferLimit(long bytes) {
      ProducerPacing.checkWriteBufferLimit(bytes);
      this.writeBufferLimit = bytes;
      return this;
    }

    /**
     * Sets the capacity of the shared read buffer, the most one {@code dataReceived} call can
     * carry. Default 64 KiB, the most one read delivers on the fakes too. One buffer serves
     * every connection of the reactor, so a larger one costs nothing per connection: a server
     * that streams large volumes moves more bytes per read system call with 256 KiB (about four
     * times fewer reads and writes per GiB echoed, see {@code docs/benchmarks.md}).
     *
     * @param bytes in 1..16 MiB
     * @return this builder
     */
    public Builder readBufferSize(int bytes) {
      if (bytes < 1 || bytes > 16 * 1024 * 1024) {
        throw new IllegalArgumentException("readBufferSize must be in 1..16777216: " + bytes);
      }
      this.readBufferSize = bytes;
      return this;
    }

    /**
     * Bounds how long startup and shutdown wait for the stages returned by async BEFORE triggers;
     * after it the reactor logs a warning and carries on. Default 10 seconds.
     *
     * @param timeout positive
     * @return this builder
     */
    public Builder shutdownTimeout(Duration timeout) {
      this.shutdownTimeout = Checks.positive(timeout, "shutdownTimeout");
      return this;
    }

    /**
     * Sets where callback exceptions and I/O trouble are reported. Default
     * {@code System.getLogger("dev.weft.reactor.nio.NioReactor")}.
     *
     * @param logger the logger; called on the reactor thread and the pool threads
     * @return this builder
     */
    public Builder logger(System.Logger logger) {
      this.logger = Objects.requireNonNull(logger, "logger");
      return this;
    }

    /**
     * Builds the reactor and opens its selector; the calling thread owns it until it runs.
     *
     * @return a new reactor, not running
     * @throws java.io.UncheckedIOException if the selector cannot be opened
     */
    public NioReactor build() {
      return new NioReactor(
          new LoopSettings(
              threadName, resolver::resolve, resolverThreads, threadPoolSize, lowWaterMark, highWaterMark,
              writeBufferLimit, readBufferSize, shutdownTimeout, logger));
    }

    private static int atLeastOne(int value, String name) {
      if (value < 1) {
        throw new IllegalArgumentException(name + " must be at least 1: " + value);
      }
      return value;
    }
  }
}
