package dev.weft.reactor.testing;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Work a fake holds until the test lets it run: a {@code callFromThread} call, or
 * {@code callInThread}/{@code deferToThread} work in a {@link MemoryThreadPool}.
 *
 * @param description what was queued, for messages
 * @param creationSite where it was queued, when creation sites are captured; otherwise
 *     {@code null}
 */
public record QueuedCall(String description, @Nullable Throwable creationSite) {

  /**
   * Checks the components.
   *
   * @param description what was queued
   * @param creationSite where it was queued, or {@code null}
   */
  public QueuedCall {
    Objects.requireNonNull(description, "description");
  }
}
