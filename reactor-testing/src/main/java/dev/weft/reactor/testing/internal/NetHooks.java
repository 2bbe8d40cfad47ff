package dev.weft.reactor.testing.internal;

import dev.weft.reactor.testing.ClientAttempt;
import dev.weft.reactor.testing.Clock;
import dev.weft.reactor.testing.MemoryListeningPort;
import dev.weft.reactor.testing.MemoryReactor;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The simulated network's way into the fakes' package-private parts, so the fakes' internals
 * stay out of the public API. Set once by {@link MemoryReactor}'s class initialisation.
 */
public final class NetHooks {
  private static volatile @Nullable Access access;

  private NetHooks() {}

  /** What the network may do to fakes. */
  public interface Access {
    /**
     * Makes {@code host} a network host at {@code address}: its attempts routed by the router,
     * names its resolver has no entry for looked up in {@code names} (given lower-cased).
     */
    void join(MemoryReactor host, java.net.InetAddress address, Consumer<ClientAttempt> router,
        Function<String, java.net.@Nullable InetAddress> names);

    /** Connects a pending attempt to a listening port through a simulated link. */
    LinkControl link(ClientAttempt attempt, MemoryListeningPort port, LinkSpec spec);

    /** Cancels every delayed call {@code host} scheduled and drops its queued turn work. */
    void forget(MemoryReactor host);

    /** Tells {@code listener} when {@code attempt} completes, however it does. */
    void whenCompleted(ClientAttempt attempt, Consumer<ClientAttempt> listener);

    /**
     * Whether the test gave {@code host}'s resolver an entry or a failure for {@code name} itself,
     * which then comes before the network's name.
     */
    boolean hasOwnResolverEntry(MemoryReactor host, String name);

    /** Notes that {@code network} was built on {@code clock}. */
    void attach(Clock clock, Object network);

    /** Returns what {@link #attach} noted on {@code clock}, in order. */
    List<Object> networksOn(Clock clock);
  }

  /**
   * Installs the access; called by the fakes.
   *
   * @param fakes the implementation
   */
  public static void set(Access fakes) {
    access = fakes;
  }

  /**
   * Returns the access.
   *
   * @return the implementation
   */
  public static Access get() {
    Access current = access;
    if (current == null) {
      try {
        Class.forName(MemoryReactor.class.getName(), true, NetHooks.class.getClassLoader());
      } catch (ClassNotFoundException impossible) {
        throw new IllegalStateException(impossible);
      }
      current = access;
    }
    if (current == null) {
      throw new IllegalStateException("MemoryReactor did not install the network hooks");
    }
    return current;
  }
}
