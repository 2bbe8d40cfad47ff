package dev.weft.reactor.internal;

import dev.weft.reactor.CannotListenException;
import dev.weft.reactor.ClientFactory;
import dev.weft.reactor.ProtocolFactory;
import dev.weft.reactor.ReactorTCP;
import dev.weft.reactor.WrongThreadException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Argument checks whose messages name the argument and the bad value; the real and the fake
 * reactors call the same ones, so they reject the same arguments with the same messages.
 */
public final class Checks {
  private Checks() {}

  /**
   * Checks the arguments of {@link ReactorTCP#listenTCP(int, ProtocolFactory, int, String)}, in
   * parameter order.
   *
   * @param port the port, 0 meaning "any free port"
   * @param factory the protocol factory
   * @param backlog the listen backlog
   * @param networkInterface an IP literal, or {@link ReactorTCP#ALL_INTERFACES}
   * @return the address to bind to, or {@code null} for all interfaces
   * @throws NullPointerException if {@code factory} or {@code networkInterface} is null
   * @throws IllegalArgumentException for a port outside 0..65535, a negative backlog, or an
   *     interface that is neither an IP literal ({@link IpLiterals}) nor {@code ""}
   */
  public static @Nullable InetAddress listenTcp(
      int port, ProtocolFactory factory, int backlog, String networkInterface) {
    port(port);
    Objects.requireNonNull(factory, "factory");
    backlog(backlog);
    Objects.requireNonNull(networkInterface, "networkInterface");
    if (networkInterface.equals(ReactorTCP.ALL_INTERFACES)) {
      return null;
    }
    InetAddress bind = IpLiterals.parse(networkInterface);
    if (bind == null) {
      throw new IllegalArgumentException(
          "networkInterface must be an IP literal or ALL_INTERFACES (\"\"): " + networkInterface);
    }
    return bind;
  }

  /**
   * Checks the arguments of {@link ReactorTCP#connectTCP(String, int, ClientFactory, Duration,
   * java.net.SocketAddress)} that can be wrong, in parameter order (the bind address may be
   * {@code null}).
   *
   * @param host the host name or IP literal
   * @param port the port
   * @param factory the client factory
   * @param timeout the connect timeout
   * @throws NullPointerException if {@code host}, {@code factory} or {@code timeout} is null
   * @throws IllegalArgumentException for a port outside 0..65535 or a negative timeout
   */
  public static void connectTcp(String host, int port, ClientFactory factory, Duration timeout) {
    Objects.requireNonNull(host, "host");
    port(port);
    Objects.requireNonNull(factory, "factory");
    nonNegative(timeout, "timeout");
  }

  /**
   * Checks a TCP port number.
   *
   * @param port the port, 0 meaning "any free port"
   * @return {@code port}
   * @throws IllegalArgumentException if {@code port} is outside 0..65535
   */
  public static int port(int port) {
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("port must be in 0..65535: " + port);
    }
    return port;
  }

  /**
   * Checks a listen backlog.
   *
   * @param backlog the backlog
   * @return {@code backlog}
   * @throws IllegalArgumentException if {@code backlog} is negative
   */
  public static int backlog(int backlog) {
    if (backlog < 0) {
      throw new IllegalArgumentException("backlog must not be negative: " + backlog);
    }
    return backlog;
  }

  /**
   * Checks that a duration is non-null and not negative.
   *
   * @param duration the duration
   * @param name the argument's name, for the message
   * @return {@code duration}
   * @throws NullPointerException if {@code duration} is null
   * @throws IllegalArgumentException if {@code duration} is negative
   */
  public static Duration nonNegative(Duration duration, String name) {
    Objects.requireNonNull(duration, name);
    if (duration.isNegative()) {
      throw new IllegalArgumentException(name + " must not be negative: " + duration);
    }
    return duration;
  }

  /**
   * Checks that a duration is strictly positive.
   *
   * @param duration the duration
   * @param name the argument's name, for the message
   * @return {@code duration}
   * @throws NullPointerException if {@code duration} is null
   * @throws IllegalArgumentException if {@code duration} is zero or negative
   */
  public static Duration positive(Duration duration, String name) {
    Objects.requireNonNull(duration, name);
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException(name + " must be positive: " + duration);
    }
    return duration;
  }

  /**
   * Converts a non-negative duration to nanoseconds, saturating at {@link Long#MAX_VALUE} so
   * that "practically forever" stays representable.
   *
   * @param duration a non-negative duration
   * @return the duration in nanoseconds, at most {@code Long.MAX_VALUE}
   */
  public static long saturatedNanos(Duration duration) {
    try {
      return duration.toNanos();
    } catch (ArithmeticException overflow) {
      return Long.MAX_VALUE;
    }
  }

  /**
   * Adds two non-negative nanosecond counts, saturating at {@link Long#MAX_VALUE}.
   *
   * @param a a non-negative count
   * @param b a non-negative count
   * @return {@code a + b}, or {@code Long.MAX_VALUE} on overflow
   */
  public static long saturatedAdd(long a, long b) {
    long sum = a + b;
    return sum < 0 ? Long.MAX_VALUE : sum;
  }

  /**
   * Returns what {@code listenTCP} throws when a port cannot be opened: binding failed, or the
   * factory's {@code doStart} threw (Twisted's {@code startListening} lets it propagate too); the
   * one message of every Weft reactor.
   *
   * @param bind the address, or {@code null} for all interfaces
   * @param port the port asked for
   * @param cause what failed
   * @return the exception to throw
   */
  public static CannotListenException cannotListen(
      @Nullable InetAddress bind, int port, Exception cause) {
    return new CannotListenException(
        "cannot listen on " + (bind == null ? "*" : bind.getHostAddress()) + ":" + port + ": "
            + cause.getMessage(),
        cause);
  }

  /**
   * Fails unless the calling thread is {@code owner}: the one thread check of every Weft reactor,
   * real or fake, so both reject a call from a foreign thread with the same message.
   *
   * @param owner the thread that owns the reactor
   * @param state the reactor's state in a few words ("running", "not running yet", ...)
   * @throws WrongThreadException if the caller is not {@code owner}
   */
  public static void onOwnerThread(Thread owner, String state) {
    Thread current = Thread.currentThread();
    if (current != owner) {
      throw new WrongThreadException(
          "reactor method called on thread '" + current.getName() + "' but this reactor is owned"
              + " by '" + owner.getName() + "' (" + state + "); call it on the reactor thread, or"
              + " hand the work over with callFromThread");
    }
  }
}
