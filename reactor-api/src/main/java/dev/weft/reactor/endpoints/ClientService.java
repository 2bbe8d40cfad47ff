package dev.weft.reactor.endpoints;

import dev.weft.reactor.ConnectCancelledException;
import dev.weft.reactor.ConnectionEndedException;
import dev.weft.reactor.Deferred;
import dev.weft.reactor.DelayedCall;
import dev.weft.reactor.Protocol;
import dev.weft.reactor.ProtocolFactory;
import dev.weft.reactor.ReactorTime;
import dev.weft.reactor.Transport;
import dev.weft.reactor.internal.Checks;
import dev.weft.reactor.internal.ReactorExecutors;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Keeps one connection up through a {@link ClientEndpoint}: connects when started, and whenever
 * an attempt fails or the connection is lost, connects again after a delay of reactor time chosen
 * by a {@link RetryPolicy} (by default Twisted's exponential backoff with jitter). Code that needs
 * the connection asks {@link #whenConnected()} for the current protocol, typed as the caller's
 * protocol class; while disconnected the Deferred waits for the next connection, so work chained
 * on it is queued until then, in order. {@link #stop()} closes the connection (or stops the
 * attempt, or cancels the retry) and completes when that is done.
 *
 * <pre>{@code
 * ClientService<Session> service =
 *     ClientService.builder(reactor, new TcpClientEndpoint(reactor, host, port),
 *             () -> new Session(new ReplyQueue<>(reactor.executor())))
 *         .retryPolicy(retryPolicy)
 *         .build();
 * service.start();
 * Deferred<String> reply = service.whenConnected()
 *     .thenCompose(session -> session.request(line))
 *     .withTimeout(requestTimeout, reactor);
 * }</pre>
 *
 * <p>(From the reconnecting sample of Weft's samples module, {@code ReconnectingLineClient},
 * whose tests run it on the fakes and on {@code NioReactor}.)
 *
 * <p><b>States.</b> {@link State#NEW} until {@link #start()}; then {@link State#CONNECTING}
 * (an attempt is in progress), {@link State#CONNECTED}, or {@link State#WAITING} (a retry is
 * scheduled); after {@link #stop()}, {@link State#STOPPING} while the connection closes or the
 * attempt ends, then {@link State#STOPPED} for good (a stopped service cannot start again: build
 * a new one). Every change is reported, in order, to the listeners added with
 * {@link #addListener(Consumer)} as a {@link StateChange}, and {@link #state()} tells the current
 * one. A listener that throws does not disturb the service or the other listeners: its exception
 * is reported like an unobserved {@link Deferred} failure of the reactor (on the fakes, a
 * leftover of the dirty-reactor check; on {@code NioReactor}, a log entry).
 *
 * <p><b>Counting failures.</b> Each failed attempt adds one to {@link #failedAttempts()}; a
 * connection resets the count to zero and losing it adds one, so the first retry after a lost
 * connection waits {@code retryPolicy.delay(1)}, as the first retry after a failed attempt does.
 *
 * <p><b>Threads.</b> Not thread-safe: call it on the reactor thread; its Deferreds complete there.
 *
 * <p>Twisted: {@code twisted.application.internet.ClientService}.
 *
 * @param <P> the type of the protocol each connection runs
 */
public final class ClientService<P extends Protocol> {

  /** Where a {@link ClientService} is in its life. */
  public enum State {
    /** Built, not started. */
    NEW,
    /** A connection attempt is in progress. */
    CONNECTING,
    /** A connection is up; {@link #whenConnected()} returns its protocol at once. */
    CONNECTED,
    /** The last attempt failed or the connection was lost; a retry is scheduled. */
    WAITING,
    /** {@link #stop()} was called; the connection is closing or the attempt ending. */
    STOPPING,
    /** Stopped for good. */
    STOPPED
  }

  /**
   * One change of a service's {@link State}.
   *
   * @param from the state before
   * @param to the state after
   * @param failedAttempts failures in a row so far, see {@link ClientService#failedAttempts()}
   * @param cause why: the attempt's failure or the connection's end for a change to
   *     {@link State#WAITING}, the error of a broken retry policy for a change to
   *     {@link State#STOPPED}; otherwise {@code null}
   * @param retryDelay for a change to {@link State#WAITING}, how long until the next attempt;
   *     otherwise {@code null}
   */
  public record StateChange(
      State from,
      State to,
      int failedAttempts,
      @Nullable Throwable cause,
      @Nullable Duration retryDelay) {

    /**
     * Checks the components.
     *
     * @param from the state before
     * @param to the state after
     * @param failedAttempts failures in a row so far
     * @param cause why, or {@code null}
     * @param retryDelay the delay before the next attempt, or {@code null}
     */
    public StateChange {
      Objects.requireNonNull(from, "from");
      Objects.requireNonNull(to, "to");
    }
  }

  private final ReactorTime time;
  private final ClientEndpoint endpoint;
  private final Supplier<? extends P> protocols;
  private final RetryPolicy retryPolicy;
  private final @Nullable Executor executor;
  private final List<Consumer<? super StateChange>> listeners = new ArrayList<>();
  private final List<Waiter<P>> waiters = new ArrayList<>();
  private State state = State.NEW;
  private int failedAttempts;
  private @Nullable Connection<P> current;
  private @Nullable Deferred<Protocol> attempt;
  private @Nullable DelayedCall retry;
  private @Nullable Deferred<Void> stopped;

  private ClientService(Builder<P> b) {
    this.time = b.time;
    this.endpoint = b.endpoint;
    this.protocols = b.protocols;
    this.retryPolicy = b.retryPolicy != null ? b.retryPolicy : RetryPolicy.twistedDefault();
    this.executor = ReactorExecutors.of(b.time);
  }

  /**
   * Starts a builder.
   *
   * @param time the reactor time retries are scheduled on; when it is a whole reactor, the
   *     service's Deferreds run their async stages on it
   * @param endpoint where to connect
   * @param protocols builds the protocol of each connection; must not return {@code null}
   * @param <P> the protocol type
   * @return a builder with Twisted's retry policy ({@link RetryPolicy#twistedDefault()})
   */
  public static <P extends Protocol> Builder<P> builder(
      ReactorTime time, ClientEndpoint endpoint, Supplier<? extends P> protocols) {
    return new Builder<>(time, endpoint, protocols);
  }

  /**
   * Starts connecting.
   *
   * @return this service
   * @throws IllegalStateException if it was started before
   */
  public ClientService<P> start() {
    if (state != State.NEW) {
      throw new IllegalStateException(
          "ClientService is " + state + "; start() runs once: build a new ClientService");
    }
    connect();
    return this;
  }

  /**
   * Returns the protocol of the current connection, or of the next one while disconnected: the
   * caller's way to use the connection, whatever reconnections happened. Work chained on it
   * while disconnected runs when the next connection is up, in the order it was chained.
   *
   * @return completes with the connected protocol (after its {@code connectionMade}); fails with
   *     {@link ConnectCancelledException} when the service is stopped first. Cancelling it only
   *     withdraws this request.
   */
  public Deferred<P> whenConnected() {
    return awaitConnection(-1);
  }

  /**
   * Returns the protocol of the current connection, or of the next one, giving up after a
   * number of failed attempts.
   *
   * @param failAfterFailures how many failed attempts from now fail the returned Deferred, at
   *     least 1 (1 fails it with the very next failure)
   * @return completes like {@link #whenConnected()}, or fails with the attempt's failure once
   *     {@code failAfterFailures} attempts failed in a row before a connection
   * @throws IllegalArgumentException if {@code failAfterFailures} is less than 1
   */
  public Deferred<P> whenConnected(int failAfterFailures) {
    if (failAfterFailures < 1) {
      throw new IllegalArgumentException(
          "failAfterFailures must be at least 1: " + failAfterFailures);
    }
    return awaitConnection(failAfterFailures);
  }

  private Deferred<P> awaitConnection(int remaining) {
    Connection<P> connected = current;
    if (state == State.CONNECTED && connected != null) {
      Deferred<P> now = new Deferred<>(executor, null);
      now.complete(connected.protocol);
      return now;
    }
    if (state == State.STOPPING || state == State.STOPPED) {
      Deferred<P> refused = new Deferred<>(executor, null);
      refused.completeExceptionally(stoppedFailure());
      return refused;
    }
    Waiter<P> waiter = new Waiter<>(remaining);
    waiter.deferred = new Deferred<>(executor, self -> waiters.remove(waiter));
    waiters.add(waiter);
    return waiter.deferred;
  }

  /**
   * Stops the service: cancels a scheduled retry, stops an attempt in progress, or closes the
   * connection with {@link Transport#loseConnection()} (pending writes are sent first). Pending
   * {@link #whenConnected()} Deferreds fail with {@link ConnectCancelledException}. Calling it
   * again returns the same Deferred.
   *
   * @return completes once the service is {@link State#STOPPED}: the connection's
   *     {@code connectionLost} has run, or the attempt has ended; never fails
   */
  public Deferred<Void> stop() {
    Deferred<Void> done = stopped;
    if (done != null) {
      return done;
    }
    done = new Deferred<>(executor, null);
    stopped = done;
    failWaiters(stoppedFailure());
    switch (state) {
      case NEW -> finishStopping(null);
      case WAITING -> {
        cancelRetry();
        finishStopping(null);
      }
      case CONNECTING -> {
        transition(State.STOPPING, null, null);
        Deferred<Protocol> inProgress = attempt;
        if (inProgress != null) {
          inProgress.cancel(false); // the endpoint stops the attempt; attemptEnded finishes
        }
      }
      case CONNECTED -> {
        transition(State.STOPPING, null, null);
        Connection<P> connected = Objects.requireNonNull(current, "current connection");
        connected.transport().loseConnection(); // connectionLost finishes
      }
      default -> throw new IllegalStateException("stop() in state " + state);
    }
    return done;
  }

  /**
   * Returns the current state.
   *
   * @return the state, never {@code null}
   */
  public State state() {
    return state;
  }

  /**
   * Returns how many attempts failed in a row, a lost connection counting as one.
   *
   * @return 0 while connected and before the first failure
   */
  public int failedAttempts() {
    return failedAttempts;
  }

  /**
   * Returns the protocol of the current connection.
   *
   * @return the protocol while {@link State#CONNECTED} (or {@link State#STOPPING} a connection),
   *     otherwise {@code null}
   */
  public @Nullable P connectedProtocol() {
    Connection<P> connected = current;
    return connected == null ? null : connected.protocol;
  }

  /**
   * Adds a listener that hears every later state change, in order, on the reactor thread.
   *
   * @param listener the listener; what it throws is reported (see the class comment)
   * @return this service
   */
  public ClientService<P> addListener(Consumer<? super StateChange> listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
    return this;
  }

  /**
   * Removes a listener added with {@link #addListener(Consumer)}.
   *
   * @param listener the listener
   * @return whether it was registered
   */
  public boolean removeListener(Consumer<? super StateChange> listener) {
    return listeners.remove(listener);
  }

  // ---- the machine ----------------------------------------------------------------------

  private void connect() {
    transition(State.CONNECTING, null, null);
    Connection<P>[] made = newConnectionSlot();
    ProtocolFactory factory =
        peer -> {
          P protocol = Objects.requireNonNull(protocols.get(), "protocol supplier returned null");
          return WrappingProtocol.wrap(
              protocol,
              new WrappingProtocol.Hooks() {
                @Override
                public void made(Protocol wrapped, Transport transport) {
                  made[0] = new Connection<>(protocol, transport);
                }

                @Override
                public void lost(ConnectionEndedException reason) {
                  Connection<P> connection = made[0];
                  if (connection != null) {
                    connectionLost(connection, reason);
                  }
                }
              });
        };
    Deferred<Protocol> inProgress;
    try {
      inProgress = endpoint.connect(factory);
    } catch (RuntimeException thrown) {
      inProgress = Deferred.failed(thrown);
    }
    attempt = inProgress;
    Deferred<Protocol> thisAttempt = inProgress;
    inProgress.whenComplete(
        (protocol, error) -> {
          if (attempt == thisAttempt) {
            attempt = null;
          }
          Connection<P> connection = made[0];
          if (error == null && connection != null) {
            connected(connection);
          } else {
            attemptEnded(error == null ? new IllegalStateException("no connection") : error);
          }
        });
  }

  @SuppressWarnings("unchecked") // a one-element array to share with the hooks
  private static <P extends Protocol> Connection<P>[] newConnectionSlot() {
    return (Connection<P>[]) new Connection<?>[1];
  }

  private void connected(Connection<P> connection) {
    if (state != State.CONNECTING) {
      // Stopped while the connection was being made: do not keep it.
      connection.transport().loseConnection();
      return;
    }
    failedAttempts = 0;
    current = connection;
    transition(State.CONNECTED, null, null);
    List<Waiter<P>> ready = List.copyOf(waiters);
    waiters.clear();
    for (Waiter<P> waiter : ready) {
      waiter.deferred().complete(connection.protocol);
    }
  }

  private void attemptEnded(Throwable error) {
    Throwable reason =
        error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    if (state == State.STOPPING) {
      finishStopping(null);
      return;
    }
    if (state != State.CONNECTING) {
      return;
    }
    failedAttempts++;
    List<Waiter<P>> giveUp = new ArrayList<>();
    for (Waiter<P> waiter : waiters) {
      if (waiter.remaining > 0 && --waiter.remaining == 0) {
        giveUp.add(waiter);
      }
    }
    waiters.removeAll(giveUp);
    for (Waiter<P> waiter : giveUp) {
      waiter.deferred().completeExceptionally(reason);
    }
    scheduleRetry(reason);
  }

  private void connectionLost(Connection<P> connection, ConnectionEndedException reason) {
    if (connection != current) {
      return; // a connection the service never adopted
    }
    current = null;
    if (state == State.STOPPING) {
      finishStopping(null);
    } else if (state == State.CONNECTED) {
      failedAttempts++;
      scheduleRetry(reason);
    }
  }

  private void scheduleRetry(Throwable cause) {
    Duration delay;
    try {
      delay = Checks.nonNegative(retryPolicy.delay(failedAttempts), "retry delay");
    } catch (RuntimeException broken) {
      failWaiters(broken);
      stopped = stopped != null ? stopped : new Deferred<>(executor, null);
      finishStopping(broken);
      return;
    }
    retry =
        time.callLater(
            delay,
            () -> {
              retry = null;
              if (state == State.WAITING) {
                connect();
              }
            });
    transition(State.WAITING, cause, delay);
  }

  private void cancelRetry() {
    DelayedCall pending = retry;
    retry = null;
    if (pending != null && pending.isActive()) {
      pending.cancel();
    }
  }

  private void finishStopping(@Nullable Throwable cause) {
    transition(State.STOPPED, cause, null);
    Deferred<Void> done = Objects.requireNonNull(stopped, "stop Deferred");
    if (!done.isDone()) {
      done.complete(null);
    }
  }

  private void failWaiters(Throwable reason) {
    List<Waiter<P>> failing = List.copyOf(waiters);
    waiters.clear();
    for (Waiter<P> waiter : failing) {
      waiter.deferred().completeExceptionally(reason);
    }
  }

  private ConnectCancelledException stoppedFailure() {
    return new ConnectCancelledException(
        "ClientService for " + endpoint + " was stopped; no connection will come");
  }

  private void transition(State to, @Nullable Throwable cause, @Nullable Duration retryDelay) {
    StateChange change = new StateChange(state, to, failedAttempts, cause, retryDelay);
    state = to;
    for (Consumer<? super StateChange> listener : List.copyOf(listeners)) {
      try {
        listener.accept(change);
      } catch (RuntimeException | AssertionError thrown) {
        // Reported like any failure nobody observes: a leftover on the fakes, a log on nio.
        new Deferred<Void>(executor, null)
            .completeExceptionally(
                new IllegalStateException(
                    "a ClientService state listener threw on " + change, thrown));
      }
    }
  }

  @Override
  public String toString() {
    return "ClientService[" + endpoint + ", " + state + ", " + failedAttempts
        + " failed attempts]";
  }

  /** One established connection: the user's protocol and its transport. */
  private record Connection<P extends Protocol>(P protocol, Transport transport) {}

  /** A pending {@link #whenConnected()}. */
  private static final class Waiter<P> {
    int remaining;
    @Nullable Deferred<P> deferred;

    Waiter(int remaining) {
      this.remaining = remaining;
    }

    Deferred<P> deferred() {
      return Objects.requireNonNull(deferred, "deferred");
    }
  }

  /**
   * Configures a {@link ClientService}. Not thread-safe; build on one thread.
   *
   * @param <P> the protocol type
   */
  public static final class Builder<P extends Protocol> {
    private final ReactorTime time;
    private final ClientEndpoint endpoint;
    private final Supplier<? extends P> protocols;
    private @Nullable RetryPolicy retryPolicy;

    private Builder(ReactorTime time, ClientEndpoint endpoint, Supplier<? extends P> protocols) {
      this.time = Objects.requireNonNull(time, "time");
      this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
      this.protocols = Objects.requireNonNull(protocols, "protocols");
    }

    /**
     * Sets how long to wait before each retry.
     *
     * @param retryPolicy the policy; an exception it throws, or a negative delay, stops the
     *     service (the {@link StateChange} to {@link State#STOPPED} carries the error)
     * @return this builder
     */
    public Builder<P> retryPolicy(RetryPolicy retryPolicy) {
      this.retryPolicy = Objects.requireNonNull(retryPolicy, "retryPolicy");
      return this;
    }

    /**
     * Builds the service, not started.
     *
     * @return a new service in {@link State#NEW}
     */
    public ClientService<P> build() {
      return new ClientService<>(this);
    }
  }
}
