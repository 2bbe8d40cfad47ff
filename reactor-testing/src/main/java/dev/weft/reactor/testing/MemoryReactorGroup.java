package dev.weft.reactor.testing;

import dev.weft.reactor.ProtocolFactory;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The fake of a {@code NioReactorGroup}: N fake reactors on one {@link Clock}, serving one port,
 * each connection on one of them for its whole life, so that a test can check a protocol whose
 * connections share state across loops.
 *
 * <p>On the production group every reactor is its own thread, and a protocol of one reactor that
 * calls the transport of a connection on another (a chat room that writes a message straight to
 * every member, a registry of connections shared by all factories) fails with a
 * {@code WrongThreadException} there, or races. This group makes that bug fail in the test: a
 * transport of a connection accepted here refuses to be called while a protocol callback of a
 * connection of another reactor of the group runs, with an {@link IllegalStateException} naming
 * both reactors and the fix ({@code callFromThread} to the owner). The refusal is thrown into the
 * offending callback, so, as any callback failure, it aborts that connection and is recorded in
 * its reactor's {@link MemoryReactor#callbackErrors()} (the JUnit extension's dirty-reactor
 * check reports it). Work handed over with {@code reactor(i).callFromThread(...)} runs on reactor
 * {@code i}'s turn and may touch its connections.
 *
 * <p>What it does not see: calls made from a delayed call (timers of every reactor run on the
 * shared Clock, which does not say whose they are), and shared state that is only read or
 * written in fields without touching a transport.
 *
 * <p>Connections are accepted by the test with {@link #accept()}, round-robin over the reactors,
 * as the production group's acceptor does (its {@code SO_REUSEPORT} mode spreads by hash
 * instead). {@link #iterate()} runs one turn of every reactor: the shared Clock turns all the
 * reactors registered on it, so advancing the Clock serves every loop too.
 *
 * <p>Not thread-safe: the test thread only, except each reactor's {@code callFromThread}.
 */
public final class MemoryReactorGroup {
  private final Clock clock = new Clock();
  private final List<MemoryReactor> reactors;
  private final List<MemoryListeningPort> ports = new ArrayList<>();
  private final Map<MemoryConnection, Integer> homes = new IdentityHashMap<>();
  private int nextAccept;

  private MemoryReactorGroup(int size) {
    List<MemoryReactor> all = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      all.add(new MemoryReactor(clock));
    }
    this.reactors = List.copyOf(all);
  }

  /**
   * Creates a group of {@code size} fake reactors on one new Clock.
   *
   * @param size at least 1
   * @return a new group with no port yet
   * @throws IllegalArgumentException if {@code size} is less than 1
   */
  public static MemoryReactorGroup create(int size) {
    if (size < 1) {
      throw new IllegalArgumentException("size must be at least 1: " + size);
    }
    return new MemoryReactorGroup(size);
  }

  /**
   * Returns the reactors, in index order.
   *
   * @return an immutable list
   */
  public List<MemoryReactor> reactors() {
    return reactors;
  }

  /**
   * Returns reactor {@code index}.
   *
   * @param index in 0..size-1
   * @return the reactor
   */
  public MemoryReactor reactor(int index) {
    return reactors.get(index);
  }

  /**
   * Returns the Clock every reactor keeps time with.
   *
   * @return the shared Clock
   */
  public Clock clock() {
    return clock;
  }

  /**
   * Listens on {@code port} with every reactor, each with its own factory, as
   * {@code NioReactorGroup.listenTCP} does.
   *
   * @param port the port, 0 for a fake ephemeral one (the same for every reactor)
   * @param factoryFor builds the factory of one reactor
   * @return this group
   * @throws IllegalStateException if the group already listens
   */
  public MemoryReactorGroup listenTCP(
      int port, Function<? super MemoryReactor, ? extends ProtocolFactory> factoryFor) {
    Objects.requireNonNull(factoryFor, "factoryFor");
    if (!ports.isEmpty()) {
      throw new IllegalStateException("the group already listens; one port per group here");
    }
    int bound = port;
    for (MemoryReactor reactor : reactors) {
      MemoryListeningPort p = (MemoryListeningPort) reactor.listenTCP(
          bound, Objects.requireNonNull(factoryFor.apply(reactor), "factoryFor returned null"));
      ports.add(p);
      bound = p.port();
    }
    return this;
  }

  /**
   * Accepts a connection on the next reactor, round-robin from reactor 0.
   *
   * @return the connection, or {@code null} if that reactor's factory refused it
   * @throws IllegalStateException if {@link #listenTCP} was not called
   */
  public @Nullable MemoryConnection accept() {
    if (ports.isEmpty()) {
      throw new IllegalStateException("nothing listens; call listenTCP first");
    }
    int index = nextAccept;
    nextAccept = (nextAccept + 1) % reactors.size();
    MemoryConnection connection = ports.get(index).accept();
    if (connection != null) {
      homes.put(connection, index);
      connection.transport().setAccessCheck(() -> checkCaller(connection, index));
    }
    return connection;
  }

  /**
   * Returns the index of the reactor a connection lives on.
   *
   * @param connection a connection accepted by {@link #accept()}
   * @return its reactor's index
   * @throws IllegalArgumentException if the group did not accept it
   */
  public int reactorOf(MemoryConnection connection) {
    Integer home = homes.get(connection);
    if (home == null) {
      throw new IllegalArgumentException("not a connection of this group: " + connection);
    }
    return home;
  }

  /**
   * Runs one turn of every reactor on the group's Clock, as {@link MemoryReactor#iterate()}
   * does: the Clock turns every reactor registered on it together.
   */
  public void iterate() {
    reactors.get(0).iterate();
  }

  /**
   * Returns the callback errors of every reactor, in reactor order.
   *
   * @return a snapshot
   */
  public List<CallbackError> callbackErrors() {
    List<CallbackError> all = new ArrayList<>();
    for (MemoryReactor reactor : reactors) {
      all.addAll(reactor.callbackErrors());
    }
    return Collections.unmodifiableList(all);
  }

  private void checkCaller(MemoryConnection target, int home) {
    MemoryConnection caller = MemoryConnection.running();
    if (caller == null || caller == target) {
      return;
    }
    Integer from = homes.get(caller);
    if (from != null && from != home) {
      throw new IllegalStateException(
          "a protocol of reactor " + from + " (" + caller + ") called the transport of " + target
              + ", which lives on reactor " + home + ". In a NioReactorGroup these are two "
              + "threads: the call fails with WrongThreadException or races. Hand it to the "
              + "owner: reactor(" + home + ").callFromThread(...)");
    }
  }

  @Override
  public String toString() {
    return "MemoryReactorGroup[" + reactors.size() + " reactors, " + homes.size()
        + " connections, " + clock + "]";
  }
}
