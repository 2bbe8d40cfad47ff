package dev.weft.reactor.protocols;

import dev.weft.reactor.ClientFactory;
import dev.weft.reactor.ConnectFailedException;
import dev.weft.reactor.ConnectionEndedException;
import dev.weft.reactor.Connector;
import dev.weft.reactor.Deferred;
import dev.weft.reactor.DelayedCall;
import dev.weft.reactor.NetworkException;
import dev.weft.reactor.Protocol;
import dev.weft.reactor.ProtocolFactory;
import dev.weft.reactor.ReactorTime;
import dev.weft.reactor.internal.Checks;
import dev.weft.reactor.internal.ReactorExecutors;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.Random;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;

/**
 * A client factory that connects again whenever its connection fails or is lost, waiting longer
 * after each failure: exponential backoff with jitter, on reactor time. Pass it to
 * {@link dev.weft.reactor.ReactorTCP#connectTCP}; it builds protocols with the wrapped factory
 * and passes the attempt callbacks on to it when that is a {@link ClientFactory}. Not
 * thread-safe; the reactor calls it on its thread.
 *
 * <p>The schedule is Twisted's: the delay starts at the initial delay; before each retry it is
 * multiplied by the factor and capped at the maximum delay, then, if jitter is not zero, replaced
 * by a normally distributed value with that mean and a standard deviation of {@code jitter}
 * times it (never below zero). After {@code maxRetries} consecutive retries the factory gives up
 * ({@link #hasGivenUp()}, and {@link #whenGivenUp()} completes). A successful connection (the
 * wrapped factory is asked for a protocol) resets the delay and the retry count, as Twisted's
 * users do by calling {@code resetDelay} from {@code buildProtocol}, but unlike Twisted it does
 * not undo {@link #stopTrying()}.
 *
 * <p>For a connection kept up behind an endpoint, with a Deferred of the current protocol and an
 * orderly stop, prefer {@link dev.weft.reactor.endpoints.ClientService}.
 *
 * <p>Twisted: {@code twisted.internet.protocol.ReconnectingClientFactory}.
 */
public final class ReconnectingClientFactory implements ClientFactory {
  /** Twisted's default initial delay: one second. */
  public static final Duration DEFAULT_INITIAL_DELAY = Duration.ofSeconds(1);
  /** Twisted's default growth factor: e. */
  public static final double DEFAULT_FACTOR = Math.E;
  /** Twisted's default jitter: about 0.12 of the delay as standard deviation. */
  public static final double DEFAULT_JITTER = 0.11962656472;
  /** Twisted's default maximum delay: one hour. */
  public static final Duration DEFAULT_MAX_DELAY = Duration.ofHours(1);

  private final ReactorTime time;
  private final ProtocolFactory protocols;
  private final double initialDelaySeconds;
  private final double factor;
  private final double jitter;
  private final double maxDelaySeconds;
  private final int maxRetries;
  private final RandomGenerator random;

  private double delaySeconds;
  private int retries;
  private boolean continueTrying = true;
  private boolean gaveUp;
  private @Nullable Connector connector;
  private @Nullable DelayedCall pendingRetry;
  private Deferred<NetworkException> givenUp;

  private ReconnectingClientFactory(Builder b) {
    this.time = b.time;
    this.protocols = b.protocols;
    this.initialDelaySeconds = seconds(b.initialDelay);
    this.factor = b.factor;
    this.jitter = b.jitter;
    this.maxDelaySeconds = seconds(b.maxDelay);
    this.maxRetries = b.maxRetries;
    this.random = b.random != null ? b.random : new Random();
    this.delaySeconds = initialDelaySeconds;
    this.givenUp = new Deferred<>(ReactorExecutors.of(time), null);
  }

  private static double seconds(Duration d) {
    return d.getSeconds() + d.getNano() / 1e9;
  }

  /**
   * Starts a builder with Twisted's defaults: initial delay 1 s, factor e, jitter 0.1196,
   * maximum delay 1 h, unlimited retries, a fresh {@link Random}.
   *
   * @param time the reactor time retries are scheduled on
   * @param protocols builds the protocol of each connection; if it is a {@link ClientFactory}
   *     it also hears every attempt's outcome
   * @return a builder
   */
  public static Builder builder(ReactorTime time, ProtocolFactory protocols) {
    return new Builder(time, protocols);
  }

  /**
   * {@inheritDoc} Resets the backoff (delay and retry count): this attempt succeeded. A factory
   * stopped with {@link #stopTrying()} stays stopped: the connection is used, but not
   * reconnected when it ends.
   */
  @Override
  public @Nullable Protocol buildProtocol(SocketAddress peer) {
    resetBackoff();
    return protocols.buildProtocol(peer);
  }

  /**
   * {@inheritDoc} If {@link #stopTrying()} was called before the attempt began (in the same turn
   * as {@code connectTCP}, before the factory knew the connector), the attempt is stopped now.
   */
  @Override
  public void startedConnecting(Connector connector) {
    this.connector = connector;
    if (protocols instanceof ClientFactory client) {
      client.startedConnecting(connector);
    }
    if (!continueTrying && connector.state() == Connector.State.CONNECTING) {
      connector.stopConnecting();
    }
  }

  /**
   * {@inheritDoc} Decides first whether to retry (scheduling it) or give up, so that the wrapped
   * factory's callback sees {@link #isTrying()} and {@link #hasGivenUp()} already up to date;
   * then, on giving up, completes {@link #whenGivenUp()}.
   */
  @Override
  public void clientConnectionFailed(Connector connector, ConnectFailedException reason) {
    boolean gaveUpNow = decide(connector);
    if (protocols instanceof ClientFactory client) {
      client.clientConnectionFailed(connector, reason);
    }
    announce(gaveUpNow, reason);
  }

  /**
   * {@inheritDoc} Decides first whether to retry or give up, as
   * {@link #clientConnectionFailed} does.
   */
  @Override
  public void clientConnectionLost(Connector connector, ConnectionEndedException reason) {
    boolean gaveUpNow = decide(connector);
    if (protocols instanceof ClientFactory client) {
      client.clientConnectionLost(connector, reason);
    }
    announce(gaveUpNow, reason);
  }

  /** Schedules a retry unless stopped; returns whether this failure used up the retries. */
  private boolean decide(Connector connector) {
    if (!continueTrying) {
      return false;
    }
    this.connector = connector;
    retry();
    return gaveUp;
  }

  private void announce(boolean gaveUpNow, NetworkException reason) {
    if (gaveUpNow && !givenUp.isDone()) {
      givenUp.complete(reason);
    }
  }

  private void retry() {
    Connector c = connector;
    if (!continueTrying || c == null) {
      return;
    }
    retries++;
    if (maxRetries >= 0 && retries > maxRetries) {
      gaveUp = true;
      return;
    }
    delaySeconds = Math.min(delaySeconds * factor, maxDelaySeconds);
    if (jitter > 0) {
      // mean + deviation * N(0,1), Twisted's normalvariate; nextGaussian() is the generator's
      // own method, so a java.util.Random seed gives the documented legacy sequence.
      delaySeconds = Math.max(0, delaySeconds + delaySeconds * jitter * random.nextGaussian());
    }
    pendingRetry =
        time.callLater(
            Duration.ofNanos(Math.round(delaySeconds * 1e9)),
            () -> {
              pendingRetry = null;
              c.connect();
            });
  }

  /**
   * Stops reconnecting: cancels a scheduled retry and stops an attempt in progress, also one
   * whose {@code connectTCP} was made in this same turn (it is stopped when it begins). An
   * established connection stays open, but is not reconnected when it ends, nor is a connection
   * the reactor completes anyway.
   */
  public void stopTrying() {
    DelayedCall r = pendingRetry;
    pendingRetry = null;
    if (r != null && r.isActive()) {
      r.cancel();
    }
    continueTrying = false;
    Connector c = connector;
    if (c != null && c.state() == Connector.State.CONNECTING) {
      c.stopConnecting();
    }
  }

  /**
   * Starts the backoff over: the next retry waits the initial delay times the factor again, the
   * retry count restarts at zero, and a factory stopped with {@link #stopTrying()} tries again
   * when its next connection ends. When a connection is established, the delay and retry count
   * are reset automatically, but a stopped factory stays stopped.
   */
  public void resetDelay() {
    resetBackoff();
    continueTrying = true;
    if (gaveUp) {
      gaveUp = false;
      givenUp = new Deferred<>(ReactorExecutors.of(time), null);
    }
  }

  private void resetBackoff() {
    delaySeconds = initialDelaySeconds;
    retries = 0;
  }

  /**
   * Returns a Deferred that succeeds with the last failure (a {@link ConnectFailedException} or
   * {@link ConnectionEndedException}) once the factory gives up because it used up its retries,
   * after the wrapped factory's callback for that failure. It never completes while the factory
   * keeps trying or when it is stopped with {@link #stopTrying()}. After {@link #resetDelay()}
   * following a give-up, a new Deferred is returned for the next time.
   *
   * @return the give-up signal, on the reactor thread
   */
  public Deferred<NetworkException> whenGivenUp() {
    return givenUp;
  }

  /**
   * Returns how many retries were scheduled since the last successful connection or reset.
   *
   * @return the retry count
   */
  public int retries() {
    return retries;
  }

  /**
   * Returns the delay of the last scheduled retry, or the initial delay before any.
   *
   * @return the current delay, never {@code null}
   */
  public Duration currentDelay() {
    return Duration.ofNanos(Math.round(delaySeconds * 1e9));
  }

  /**
   * Returns the scheduled retry, if one is waiting.
   *
   * @return the delayed call that will reconnect, or {@code null}
   */
  public @Nullable DelayedCall pendingRetry() {
    return pendingRetry;
  }

  /**
   * Tells whether the factory will reconnect when the connection fails or ends.
   *
   * @return {@code false} after {@link #stopTrying()} or once it has given up
   */
  public boolean isTrying() {
    return continueTrying && !gaveUp;
  }

  /**
   * Tells whether the factory stopped because it used up its retries.
   *
   * @return {@code true} once more than {@code maxRetries} consecutive retries were needed
   */
  public boolean hasGivenUp() {
    return gaveUp;
  }

  @Override
  public void doStart() {
    protocols.doStart();
  }

  @Override
  public void doStop() {
    protocols.doStop();
  }

  @Override
  public String toString() {
    return "ReconnectingClientFactory[" + protocols + ", retries=" + retries + ", delay="
        + currentDelay() + (isTrying() ? "" : gaveUp ? ", gave up" : ", stopped") + "]";
  }

  /** Configures a {@link ReconnectingClientFactory}. Not thread-safe; build on one thread. */
  public static final class Builder {
    private final ReactorTime time;
    private final ProtocolFactory protocols;
    private Duration initialDelay = DEFAULT_INITIAL_DELAY;
    private double factor = DEFAULT_FACTOR;
    private double jitter = DEFAULT_JITTER;
    private Duration maxDelay = DEFAULT_MAX_DELAY;
    private int maxRetries = -1;
    private @Nullable RandomGenerator random;

    private Builder(ReactorTime time, ProtocolFactory protocols) {
      this.time = Objects.requireNonNull(time, "time");
      this.protocols = Objects.requireNonNull(protocols, "protocols");
    }

    /**
     * Sets the delay the backoff starts from; the first retry waits this times the factor.
     *
     * @param initialDelay not negative
     * @return this builder
     */
    public Builder initialDelay(Duration initialDelay) {
      this.initialDelay = Checks.nonNegative(initialDelay, "initialDelay");
      return this;
    }

    /**
     * Sets how much the delay grows before each retry.
     *
     * @param factor at least 1
     * @return this builder
     * @throws IllegalArgumentException if {@code factor} is below 1 or not a number
     */
    public Builder factor(double factor) {
      if (!(factor >= 1) || Double.isInfinite(factor)) {
        throw new IllegalArgumentException("factor must be a finite number >= 1: " + factor);
      }
      this.factor = factor;
      return this;
    }

    /**
     * Sets the jitter: the standard deviation of each delay, as a fraction of it.
     *
     * @param jitter 0 (no jitter) up to 1
     * @return this builder
     * @throws IllegalArgumentException if {@code jitter} is outside 0..1
     */
    public Builder jitter(double jitter) {
      if (!(jitter >= 0 && jitter <= 1)) {
        throw new IllegalArgumentException("jitter must be in 0..1: " + jitter);
      }
      this.jitter = jitter;
      return this;
    }

    /**
     * Sets the largest delay, before jitter.
     *
     * @param maxDelay not negative
     * @return this builder
     */
    public Builder maxDelay(Duration maxDelay) {
      this.maxDelay = Checks.nonNegative(maxDelay, "maxDelay");
      return this;
    }

    /**
     * Sets how many consecutive retries are made before giving up.
     *
     * @param maxRetries not negative; 0 never retries
     * @return this builder
     * @throws IllegalArgumentException if {@code maxRetries} is negative
     */
    public Builder maxRetries(int maxRetries) {
      if (maxRetries < 0) {
        throw new IllegalArgumentException("maxRetries must not be negative: " + maxRetries);
      }
      this.maxRetries = maxRetries;
      return this;
    }

    /**
     * Sets the random source of the jitter, so tests can fix the schedule with a seed.
     *
     * @param random the generator; called on the reactor thread only
     * @return this builder
     */
    public Builder random(RandomGenerator random) {
      this.random = Objects.requireNonNull(random, "random");
      return this;
    }

    /**
     * Builds the factory.
     *
     * @return a new factory, never {@code null}
     */
    public ReconnectingClientFactory build() {
      return new ReconnectingClientFactory(this);
    }
  }
}
