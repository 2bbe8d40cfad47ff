package dev.weft.reactor.testing;

import java.util.ArrayList;
import java.util.List;

/** The callback errors a fake caught, in the order they happened, until a test takes them. */
final class ErrorLog {
  private final List<CallbackError> errors = new ArrayList<>();

  void record(String context, Throwable error) {
    errors.add(new CallbackError(context, error));
  }

  List<CallbackError> snapshot() {
    return List.copyOf(errors);
  }

  List<CallbackError> take() {
    List<CallbackError> taken = List.copyOf(errors);
    errors.clear();
    return taken;
  }
}
