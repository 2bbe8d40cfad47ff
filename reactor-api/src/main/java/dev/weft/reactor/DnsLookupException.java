package dev.weft.reactor;

import org.jspecify.annotations.Nullable;

/**
 * The host name could not be resolved to any address.
 *
 * <p>Twisted: {@code DNSLookupError}.
 */
public class DnsLookupException extends ConnectFailedException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what happened, for a person reading a log or a test failure
   */
  public DnsLookupException(String message) {
    super(message);
  }

  /**
   * Creates the exception with the error that caused it.
   *
   * @param message what happened, for a person reading a log or a test failure
   * @param cause the underlying error, or {@code null}
   */
  public DnsLookupException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
