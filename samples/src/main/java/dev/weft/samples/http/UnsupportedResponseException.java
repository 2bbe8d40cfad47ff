package dev.weft.samples.http;

/**
 * The server's response is valid HTTP/1.1 but uses something this small client does not
 * implement: a transfer coding other than {@code chunked} (such as {@code gzip, chunked}). The
 * body is not read, so nothing is half-parsed. The message names what was unsupported.
 */
public final class UnsupportedResponseException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what the response used that is not supported, quoting it
   */
  public UnsupportedResponseException(String message) {
    super(message);
  }
}
