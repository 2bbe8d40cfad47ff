package dev.weft.reactor;

/**
 * An event loop that owns every socket and timer of an application and calls its code on one
 * thread: the composition of the reactor facets.
 *
 * <p>Code should ask for the narrowest facet it needs ({@link ReactorTime} for timers,
 * {@link ReactorTCP} for connections), so tests can hand it exactly the fake it needs. There is
 * no global reactor: pass it to whoever needs it.
 *
 * <p><b>Testing.</b> Do not mock this interface: a mock records calls but cannot complete a
 * connection, move time or deliver bytes. Use {@code MemoryReactor}
 * or {@code Clock} from the {@code reactor-testing} artifact, which do all three
 * deterministically.
 *
 * <p><b>Threads.</b> Every method is called on the reactor thread except
 * {@link #callFromThread(Runnable)}, {@link #stop()}, {@link #crash()} and
 * {@link #isRunning()}, which are safe from any thread.
 *
 * <p>Twisted: the {@code reactor}, providing {@code IReactorCore}, {@code IReactorTime},
 * {@code IReactorTCP}, {@code IReactorThreads} and {@code IReactorPluggableNameResolver}.
 */
public interface Reactor
    extends ReactorCore, ReactorTime, ReactorTCP, ReactorThreads, ReactorResolver {}
