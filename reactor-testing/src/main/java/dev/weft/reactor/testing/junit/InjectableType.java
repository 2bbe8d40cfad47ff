package dev.weft.reactor.testing.junit;

import dev.weft.reactor.testing.Clock;
import dev.weft.reactor.testing.MemoryReactor;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** The types the extension supplies, to parameters and to {@link InjectReactor} fields. */
enum InjectableType {
  MEMORY_REACTOR(MemoryReactor.class),
  CLOCK(Clock.class);

  private final Class<?> type;

  InjectableType(Class<?> type) {
    this.type = type;
  }

  /** The injectable type declared exactly as {@code declared}, if any. */
  static Optional<InjectableType> of(Class<?> declared) {
    for (InjectableType t : values()) {
      if (t.type == declared) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }

  /** The type names, for error messages. */
  static String names() {
    return Arrays.stream(values())
        .map(t -> t.type.getSimpleName())
        .collect(Collectors.joining(", "));
  }

  /** Whether a value of this type is a reactor (which the extension may adopt). */
  boolean isReactor() {
    return this != CLOCK;
  }

  /** What a parameter or field of this type receives from {@code reactor}, if it fits. */
  Optional<Object> valueFor(MemoryReactor reactor) {
    if (this == CLOCK) {
      return Optional.of(reactor.clock());
    }
    return type.isInstance(reactor) ? Optional.of(reactor) : Optional.empty();
  }
}
