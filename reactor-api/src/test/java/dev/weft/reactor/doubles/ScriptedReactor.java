package dev.weft.reactor.doubles;

import dev.weft.reactor.CannotListenException;
import dev.weft.reactor.ClientFactory;
import dev.weft.reactor.ConnectCancelledException;
import dev.weft.reactor.ConnectFailedException;
import dev.weft.reactor.ConnectionEndedException;
import dev.weft.reactor.Connector;
import dev.weft.reactor.Deferred;
import dev.weft.reactor.DelayedCall;
import dev.weft.reactor.DnsLookupException;
import dev.weft.reactor.ListeningPort;
import dev.weft.reactor.Protocol;
import dev.weft.reactor.ProtocolFactory;
import dev.weft.reactor.ReactorResolver;
import dev.weft.reactor.ReactorTCP;
import dev.weft.reactor.ReactorTime;
import dev.weft.reactor.internal.TimerQueue;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A minimal hand-driven reactor for reactor-api's own tests: records connect and listen calls,
 * answers lookups from a table, and runs timers when told. The full fakes live in
 * reactor-testing, which depends on this module and so cannot be used here.
 */
public final class ScriptedReactor implements ReactorTime, ReactorTCP, ReactorResolver {
  private long nanos;
  private final TimerQueue timers = new TimerQueue(Instant.EPOCH, () -> nanos, () -> {});
  public final List<Attempt> attempts = new ArrayList<>();
  public final List<Listen> listens = new ArrayList<>();
  public final Map<String, Deferred<List<InetAddress>>> lookups = new HashMap<>();
  public @Nullable CannotListenException listenFailure;
  /** Thrown by the next connectTCP calls while set, as a stopped or misused reactor would. */
  public @Nullable RuntimeException connectFailure;

  /** One recorded connectTCP call, which the test completes or fails. */
  public final class Attempt implements Connector {
    public final String host;
    public final int port;
    public final ClientFactory factory;
    public final Duration timeout;
    public final @Nullable SocketAddress bindAddress;
    private State state = State.CONNECTING;
    public @Nullable Protocol protocol;

    Attempt(String host, int port, ClientFactory factory, Duration timeout,
        @Nullable SocketAddress bindAddress) {
      this.host = host;
      this.port = port;
      this.factory = factory;
      this.timeout = timeout;
      this.bindAddress = bindAddress;
    }

    /** Establishes the connection; returns the protocol the factory built, or null. */
    public @Nullable Protocol succeed(BufferTransport transport) {
      check();
      Protocol p = factory.buildProtocol(new InetSocketAddress(host, port));
      if (p == null) {
        state = State.DISCONNECTED;
        return null;
      }
      state = State.CONNECTED;
      protocol = p;
      p.makeConnection(transport);
      return p;
    }

    public void fail(ConnectFailedException reason) {
      check();
      state = State.DISCONNECTED;
      factory.clientConnectionFailed(this, reason);
    }

    public void lose(ConnectionEndedException reason) {
      if (state != State.CONNECTED || protocol == null) {
        throw new IllegalStateException("not connected: " + state);
      }
      state = State.DISCONNECTED;
      protocol.connectionLost(reason);
      factory.clientConnectionLost(this, reason);
    }

    private void check() {
      if (state != State.CONNECTING) {
        throw new IllegalStateException("attempt is " + state + ", not CONNECTING");
      }
    }

    @Override
    public void connect() {
      if (state != State.DISCONNECTED) {
        throw new IllegalStateException("connector is " + state);
      }
      attempts.add(new Attempt(host, port, factory, timeout, bindAddress));
    }

    @Override
    public void stopConnecting() {
      check();
      state = State.DISCONNECTED;
      factory.clientConnectionFailed(this, new ConnectCancelledException("stopConnecting"));
    }

    @Override
    public void disconnect() {
      if (state == State.CONNECTING) {
        stopConnecting();
      }
    }

    @Override
    public InetSocketAddress destination() {
      return InetSocketAddress.createUnresolved(host, port);
    }

    @Override
    public State state() {
      return state;
    }
  }

  /** One recorded listenTCP call. */
  public record Listen(int port, ProtocolFactory factory, int backlog, String networkInterface)
      implements ListeningPort {
    @Override
    public Deferred<Void> stopListening() {
      return Deferred.succeeded(null);
    }

    @Override
    public InetSocketAddress host() {
      return new InetSocketAddress(networkInterface.isEmpty() ? "0.0.0.0" : networkInterface,
          port);
    }
  }

  @Override
  public Instant now() {
    return timers.toInstant(nanos);
  }

  @Override
  public DelayedCall callLater(Duration delay, Runnable call) {
    return timers.schedule(delay, call);
  }

  public void advance(Duration by) {
    long target = nanos + by.toNanos();
    TimerQueue.Timer t;
    while ((t = timers.pollDue(target)) != null) {
      nanos = Math.max(nanos, t.dueNanos());
      t.run();
    }
    nanos = target;
  }

  public int pendingCalls() {
    return timers.size();
  }

  @Override
  public ListeningPort listenTCP(
      int port, ProtocolFactory factory, int backlog, String networkInterface) {
    if (listenFailure != null) {
      throw listenFailure;
    }
    Listen l = new Listen(port, factory, backlog, networkInterface);
    listens.add(l);
    return l;
  }

  @Override
  public Connector connectTCP(
      String host, int port, ClientFactory factory, Duration timeout,
      @Nullable SocketAddress bindAddress) {
    if (connectFailure != null) {
      throw connectFailure;
    }
    Attempt a = new Attempt(host, port, factory, timeout, bindAddress);
    attempts.add(a);
    return a;
  }

  @Override
  public Deferred<List<InetAddress>> resolve(String host) {
    Deferred<List<InetAddress>> d = lookups.get(host);
    return d != null ? d : Deferred.failed(new DnsLookupException("no such host: " + host));
  }
}
