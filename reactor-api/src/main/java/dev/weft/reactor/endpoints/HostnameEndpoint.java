package dev.weft.reactor.endpoints;

import dev.weft.reactor.ConnectCancelledException;
import dev.weft.reactor.ConnectFailedException;
import dev.weft.reactor.Connector;
import dev.weft.reactor.DelayedCall;
import dev.weft.reactor.Deferred;
import dev.weft.reactor.DnsLookupException;
import dev.weft.reactor.Protocol;
import dev.weft.reactor.ProtocolFactory;
import dev.weft.reactor.ReactorResolver;
import dev.weft.reactor.ReactorTCP;
import dev.weft.reactor.ReactorTime;
import dev.weft.reactor.internal.Checks;
import dev.weft.reactor.internal.ReactorExecutors;
import java.net.InetAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionException;
import org.jspecify.annotations.Nullable;

/**
 * Resolves a host name with the reactor's resolver and tries its addresses in the order the
 * resolver returned them, starting the next attempt after an attempt delay of reactor time, or at
 * once when the previous attempts have all failed (RFC 8305, "Happy Eyeballs"). The first
 * connection established wins: the other attempts are stopped, and a connection that loses the
 * race is closed. Immutable; {@link #connect} must be called on the reactor thread.
 *
 * <p>The returned Deferred completes with the user's protocol after its {@code connectionMade}.
 * It fails with {@link DnsLookupException} if the name does not resolve, or with the failure of
 * the last attempt if every address failed (the earlier failures are attached as suppressed
 * exceptions). An attempt whose {@code connectTCP} throws counts as a failed attempt (the exception
 * is wrapped in a {@link ConnectFailedException} unless it is one), and a resolver that throws
 * fails the Deferred with a {@link DnsLookupException}: {@code connect} itself never throws for
 * them, and the Deferred never waits forever. Cancelling it stops the lookup, the pending
 * attempts and the timer, and fails it with {@link ConnectCancelledException}.
 *
 * <p>Twisted: {@code HostnameEndpoint}.
 */
public final class HostnameEndpoint implements ClientEndpoint {

  /** The delay between starting two attempts when none is given: 300 ms, as in Twisted. */
  public static final Duration DEFAULT_ATTEMPT_DELAY = Duration.ofMillis(300);

  private final ReactorTime time;
  private final ReactorTCP tcp;
  private final ReactorResolver resolver;
  private final String host;
  private final int port;
  private final Duration timeout;
  private final Duration attemptDelay;
  private final @Nullable SocketAddress bindAddress;

  private HostnameEndpoint(Builder b) {
    this.time = b.time;
    this.tcp = b.tcp;
    this.resolver = b.resolver;
    this.host = b.host;
    this.port = b.port;
    this.timeout = b.timeout;
    this.attemptDelay = b.attemptDelay;
    this.bindAddress = b.bindAddress;
  }

  /**
   * Starts a builder for an endpoint that uses one reactor for time, connections and names.
   *
   * @param reactor anything that is a {@link ReactorTime}, {@link ReactorTCP} and
   *     {@link ReactorResolver}: the production reactor, or a fake one in tests
   * @param host the host name or IP literal to resolve
   * @param port the port, 0..65535
   * @param <R> the reactor's type
   * @return a builder with the defaults: {@link ReactorTCP#DEFAULT_CONNECT_TIMEOUT} per attempt,
   *     {@link #DEFAULT_ATTEMPT_DELAY}, any local address
   * @throws IllegalArgumentException if {@code host} is blank or {@code port} is out of range
   */
  public static <R extends ReactorTime & ReactorTCP & ReactorResolver> Builder builder(
      R reactor, String host, int port) {
    Objects.requireNonNull(reactor, "reactor");
    return new Builder(reactor, reactor, reactor, host, port);
  }

  /**
   * Starts a builder for an endpoint that takes each reactor facet separately, for tests that
   * drive them with different fakes.
   *
   * @param time measures the attempt delay
   * @param tcp makes the connections
   * @param resolver resolves {@code host}
   * @param host the host name or IP literal to resolve
   * @param port the port, 0..65535
   * @return a builder with the defaults
   * @throws IllegalArgumentException if {@code host} is blank or {@code port} is out of range
   */
  public static Builder builder(
      ReactorTime time, ReactorTCP tcp, ReactorResolver resolver, String host, int port) {
    return new Builder(time, tcp, resolver, host, port);
  }

  @Override
  public Deferred<Protocol> connect(ProtocolFactory factory) {
    Objects.requireNonNull(factory, "factory");
    Race race = new Race(factory);
    race.start();
    return race.result;
  }

  /**
   * Returns the host name this endpoint resolves.
   *
   * @return the host, never {@code null}
   */
  public String host() {
    return host;
  }

  /**
   * Returns the port this endpoint connects to.
   *
   * @return the port
   */
  public int port() {
    return port;
  }

  /**
   * Returns how long each attempt may take.
   *
   * @return the per-attempt connect timeout, never {@code null}
   */
  public Duration timeout() {
    return timeout;
  }

  /**
   * Returns how long to wait before starting the next address while attempts are pending.
   *
   * @return the attempt delay, never {@code null}
   */
  public Duration attemptDelay() {
    return attemptDelay;
  }

  @Override
  public String toString() {
    return "HostnameEndpoint[" + host + ":" + port + ", timeout=" + timeout
        + ", attemptDelay=" + attemptDelay + "]";
  }

  /** One call of {@link #connect}: the lookup, then the attempts racing for the connection. */
  private final class Race implements ConnectingFactory.Listener {
    final ProtocolFactory factory;
    final Deferred<Protocol> result;
    final List<ConnectingFactory> pending = new ArrayList<>();
    final List<ConnectFailedException> failures = new ArrayList<>();
    List<InetAddress> addresses = List.of();
    int next;
    @Nullable Deferred<List<InetAddress>> lookup;
    @Nullable DelayedCall timer;
    boolean won;

    Race(ProtocolFactory factory) {
      this.factory = factory;
      this.result = new Deferred<>(ReactorExecutors.of(tcp), self -> cancel());
    }

    void start() {
      Deferred<List<InetAddress>> l;
      try {
        l = resolver.resolve(host);
      } catch (RuntimeException thrown) {
        result.completeExceptionally(lookupFailure(thrown));
        return;
      }
      lookup = l;
      l.whenComplete(
          (found, error) -> {
            if (result.isDone()) {
              return;
            }
            if (error != null) {
              result.completeExceptionally(lookupFailure(error));
            } else if (found == null || found.isEmpty()) {
              result.completeExceptionally(
                  new DnsLookupException("no addresses found for host " + host));
            } else {
              addresses = List.copyOf(found);
              attemptNext();
            }
          });
    }

    private ConnectFailedException lookupFailure(Throwable error) {
      Throwable cause = error instanceof CompletionException && error.getCause() != null
          ? error.getCause() : error;
      if (cause instanceof ConnectFailedException cfe) {
        return cfe;
      }
      return new DnsLookupException("could not resolve host " + host, cause);
    }

    void attemptNext() {
      timer = null;
      if (result.isDone() || next >= addresses.size()) {
        return;
      }
      InetAddress address = addresses.get(next++);
      ConnectingFactory attempt = new ConnectingFactory(factory, result, this);
      pending.add(attempt);
      Connector connector;
      try {
        connector = tcp.connectTCP(address.getHostAddress(), port, attempt, timeout, bindAddress);
      } catch (RuntimeException thrown) {
        // This runs inside the lookup's callback or a timer, where a thrown exception would be
        // lost and the Deferred would wait forever: the attempt fails like any other.
        failed(attempt,
            ConnectingFactory.connectTcpFailed(address.getHostAddress() + ":" + port, thrown));
        return;
      }
      attempt.attach(connector);
      if (next < addresses.size() && !result.isDone()) {
        timer = time.callLater(attemptDelay, this::attemptNext);
      }
    }

    @Override
    public boolean connected(ConnectingFactory winner) {
      if (won) {
        return false;
      }
      won = true;
      cancelTimer();
      for (ConnectingFactory other : List.copyOf(pending)) {
        if (other != winner) {
          other.stop();
        }
      }
      pending.clear();
      return true;
    }

    @Override
    public void failed(ConnectingFactory attempt, ConnectFailedException reason) {
      if (won) {
        return; // a loser stopped because another attempt connected
      }
      pending.remove(attempt);
      failures.add(reason);
      if (!pending.isEmpty()) {
        return;
      }
      if (next < addresses.size()) {
        // Nothing is in flight: waiting out the attempt delay would only lose time.
        cancelTimer();
        attemptNext();
        return;
      }
      ConnectFailedException last = failures.get(failures.size() - 1);
      for (ConnectFailedException earlier : failures.subList(0, failures.size() - 1)) {
        if (earlier != last) {
          last.addSuppressed(earlier);
        }
      }
      result.completeExceptionally(last);
    }

    void cancel() {
      cancelTimer();
      // Settle first, so the failures that stopping the lookup and attempts report are ignored.
      if (!result.isDone()) {
        result.completeExceptionally(
            new ConnectCancelledException(
                "connection attempt to " + host + ":" + port + " was cancelled"));
      }
      Deferred<List<InetAddress>> l = lookup;
      if (l != null && !l.isDone()) {
        l.cancel(false);
      }
      List<ConnectingFactory> attempts = List.copyOf(pending);
      pending.clear();
      for (ConnectingFactory attempt : attempts) {
        attempt.stop();
      }
    }

    private void cancelTimer() {
      DelayedCall t = timer;
      timer = null;
      if (t != null && t.isActive()) {
        t.cancel();
      }
    }
  }

  /**
   * Configures a {@link HostnameEndpoint}. Not thread-safe; build on one thread.
   */
  public static final class Builder {
    private final ReactorTime time;
    private final ReactorTCP tcp;
    private final ReactorResolver resolver;
    private final String host;
    private final int port;
    private Duration timeout = ReactorTCP.DEFAULT_CONNECT_TIMEOUT;
    private Duration attemptDelay = DEFAULT_ATTEMPT_DELAY;
    private @Nullable SocketAddress bindAddress;

    private Builder(
        ReactorTime time, ReactorTCP tcp, ReactorResolver resolver, String host, int port) {
      this.time = Objects.requireNonNull(time, "time");
      this.tcp = Objects.requireNonNull(tcp, "tcp");
      this.resolver = Objects.requireNonNull(resolver, "resolver");
      this.host = TcpClientEndpoint.checkHost(host);
      this.port = Checks.port(port);
    }

    /**
     * Sets how long each attempt may take before it fails with
     * {@link dev.weft.reactor.ConnectTimeoutException}.
     *
     * @param timeout not negative
     * @return this builder
     * @throws IllegalArgumentException if {@code timeout} is negative
     */
    public Builder timeout(Duration timeout) {
      this.timeout = Checks.nonNegative(timeout, "timeout");
      return this;
    }

    /**
     * Sets how long to wait, while attempts are pending, before trying the next address.
     *
     * @param attemptDelay not negative
     * @return this builder
     * @throws IllegalArgumentException if {@code attemptDelay} is negative
     */
    public Builder attemptDelay(Duration attemptDelay) {
      this.attemptDelay = Checks.nonNegative(attemptDelay, "attemptDelay");
      return this;
    }

    /**
     * Sets the local address to connect from.
     *
     * @param bindAddress the address, or {@code null} for any
     * @return this builder
     */
    public Builder bindAddress(@Nullable SocketAddress bindAddress) {
      this.bindAddress = bindAddress;
      return this;
    }

    /**
     * Builds the endpoint.
     *
     * @return a new endpoint, never {@code null}
     */
    public HostnameEndpoint build() {
      return new HostnameEndpoint(this);
    }
  }
}
