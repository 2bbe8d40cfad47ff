package dev.weft.reactor.testing;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Something a test left behind in a fake reactor: a pending delayed call, an open connection, a
 * listening port, queued thread work, or an exception thrown by a protocol callback that nobody
 * looked at. The JUnit extension fails a test that leaves any ("dirty reactor").
 *
 * @param kind what sort of leftover
 * @param description what exactly, for the failure message
 * @param creationSite where it was created, when creation sites are captured; otherwise, for a
 *     callback error, the error itself; or {@code null}
 */
public record Leftover(Kind kind, String description, @Nullable Throwable creationSite) {

  /** The sorts of leftover; a test may allow some of them by name. */
  public enum Kind {
    /** A delayed call that has not run and was not cancelled. */
    PENDING_CALLS,
    /** A fake connection that has not ended. */
    OPEN_CONNECTIONS,
    /** A fake listening port that was not stopped. */
    LISTENING_PORTS,
    /** Work queued by {@code callFromThread}, {@code callInThread} or {@code deferToThread} that never ran. */
    QUEUED_THREAD_WORK,
    /** An exception thrown by a protocol or factory callback that the test did not take. */
    CALLBACK_ERRORS,
    /**
     * A failed Deferred of the reactor that nothing observed: no stage chained on it, its result
     * never read (see {@code Deferred}), typically an exception thrown in a callback whose stage
     * was dropped.
     */
    UNOBSERVED_FAILURES,
    /**
     * A scripted peer ({@code dev.weft.reactor.testing.net.ScriptedPeer}) whose script did not
     * run to its end, or that received bytes its script never read.
     */
    SCRIPTED_PEERS
  }

  /**
   * Checks the components.
   *
   * @param kind what sort of leftover
   * @param description what exactly
   * @param creationSite where it was created, or {@code null}
   */
  public Leftover {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(description, "description");
  }
}
