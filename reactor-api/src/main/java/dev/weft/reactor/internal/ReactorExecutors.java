package dev.weft.reactor.internal;

import dev.weft.reactor.ReactorThreads;
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;

/**
 * Finds the executor for the async stages of a {@link dev.weft.reactor.Deferred} made by code
 * that was handed only a reactor facet.
 */
public final class ReactorExecutors {
  private ReactorExecutors() {}

  /**
   * Returns the reactor's executor when {@code facet} is a whole reactor (anything that is also
   * {@link ReactorThreads}), so async stages run on the reactor as the design promises; otherwise
   * {@code null}, and such a Deferred's {@code *Async} stages need an explicit executor.
   *
   * @param facet the facet the caller was given
   * @return the reactor's executor, or {@code null}
   */
  public static @Nullable Executor of(Object facet) {
    return facet instanceof ReactorThreads threads ? threads.executor() : null;
  }
}
