package dev.weft.reactor.testing.junit;

/**
 * The replay line the extension attaches (as suppressed) to the failure of a test that used a
 * simulated network: the seed and the chunking, written as the annotation or builder call that
 * replays the run exactly. It has no stack trace; its message is the point.
 */
final class NetworkReplay extends RuntimeException {
  private static final long serialVersionUID = 1L;

  NetworkReplay(String message) {
    super(message, null, false, false);
  }
}
