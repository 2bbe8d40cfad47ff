package dev.weft.reactor.udp;

import dev.weft.reactor.NetworkException;
import org.jspecify.annotations.Nullable;

/**
 * Joining or leaving a multicast group failed: the interface does not support multicast, the
 * group was already joined (or never joined), or the system refused.
 *
 * <p>Twisted: {@code MulticastJoinError}.
 */
public class MulticastGroupException extends NetworkException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what happened, naming the group and the interface
   * @param cause the underlying error, or {@code null}
   */
  public MulticastGroupException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
