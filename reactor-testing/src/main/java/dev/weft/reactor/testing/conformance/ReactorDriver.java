package dev.weft.reactor.testing.conformance;

import dev.weft.reactor.Reactor;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;

/**
 * Runs one reactor for the conformance scenarios: lets a scenario act on the reactor thread, turn
 * the reactor until something holds, and let reactor time pass, without knowing whether the
 * reactor is a fake driven step by step or a real loop on its own thread.
 *
 * <p>A fake's driver pumps its in-memory connections and advances its {@code Clock}; the
 * production reactor's driver runs the real loop on its own thread and waits in real time, with
 * a bound of a few seconds. Scenarios never sleep: they only call these methods.
 *
 * <p><b>Threads.</b> A driver is used by one test thread. Scenario state written by reactor
 * callbacks must be thread-safe, because with a real reactor the callbacks run on another thread.
 *
 * <p>Twisted: the role of the {@code ReactorBuilder} in {@code twisted.internet.test}.
 */
public interface ReactorDriver extends AutoCloseable {

  /**
   * Returns the reactor under test, running (or ready to run on the next {@link #runUntil}).
   * Its thread-confined methods may be called only inside {@link #onReactor(Runnable)}.
   *
   * @return the reactor, never {@code null}
   */
  Reactor reactor();

  /**
   * Runs {@code action} on the reactor thread and waits for it to finish.
   *
   * @param action what to run
   * @throws RuntimeException or {@link Error} whatever {@code action} threw, rethrown as is;
   *     an {@link AssertionError} if the action did not finish within the driver's bound
   */
  void onReactor(Runnable action);

  /**
   * Runs {@code action} on the reactor thread and returns its result.
   *
   * @param action what to run
   * @param <T> the result type
   * @return what {@code action} returned
   * @throws RuntimeException whatever {@code action} threw (a checked exception is wrapped); an
   *     {@link AssertionError} if it did not finish within the driver's bound
   */
  <T> T onReactor(Callable<T> action);

  /**
   * Turns the reactor until {@code condition} holds. The condition is evaluated on the reactor
   * thread between turns.
   *
   * @param condition what to wait for; reads state the scenario recorded
   * @param description what is awaited, for the failure message
   * @throws AssertionError naming {@code description} if the condition still does not hold after
   *     the driver's bound (a few seconds of real time, or a number of steps and fake time)
   */
  void runUntil(BooleanSupplier condition, String description);

  /**
   * Lets {@code duration} of reactor time pass, serving I/O and running the delayed calls that
   * become due. A fake advances its clock; a real reactor waits that long.
   *
   * @param duration how much time, not negative
   */
  void passTime(Duration duration);

  /**
   * Returns the address servers listen on and clients connect to.
   *
   * @return an IP literal of the loopback interface, such as {@code "127.0.0.1"}
   */
  String loopbackHost();

  /**
   * Returns a port on {@link #loopbackHost()} where nothing listens, so a connection attempt is
   * refused.
   *
   * @return a port number in 1..65535
   */
  int refusingPort();

  /**
   * Returns an address where a connection attempt is never answered, so that it can only end by
   * its timeout (or by being cancelled). The real driver uses a loopback server socket whose
   * accept queue is full; a fake driver never completes attempts to it.
   *
   * @return an address, possibly unresolved, whose host string and port are passed to
   *     {@code connectTCP}
   */
  InetSocketAddress unansweredAddress();

  /**
   * Returns a UNIX-domain socket path where nothing listens yet, a new one at each call, for the
   * UNIX-socket scenarios ({@link UnixConformanceTest}). A real driver returns a path in a short
   * temporary directory it removes on {@link #close()}; a fake driver a path its in-memory
   * network routes by, with no file behind it.
   *
   * @return a path of at most {@link dev.weft.reactor.ReactorUNIX#MAX_PATH_BYTES} bytes
   * @throws UnsupportedOperationException if the driver's reactor does not serve UNIX sockets
   *     (the default)
   */
  default Path unixSocketPath() {
    throw new UnsupportedOperationException(
        this + " does not serve UNIX-domain sockets; override unixSocketPath() in its driver");
  }

  /**
   * Stops the reactor and releases everything the driver opened. Called once, after each
   * scenario.
   */
  @Override
  void close();
}
