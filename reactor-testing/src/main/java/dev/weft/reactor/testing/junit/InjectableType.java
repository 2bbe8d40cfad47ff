package dev.weft.reactor.testing.junit;

import dev.weft.reactor.testing.Clock;
import dev.weft.reactor.testing.MemoryReactor;
import dev.weft.reactor.testing.net.Host;
import dev.weft.reactor.testing.net.Network;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** The types the extension supplies, to parameters and to {@link InjectReactor} fields. */
enum InjectableType {
  MEMORY_REACTOR(MemoryReactor.class),
  CLOCK(Clock.class),
  NETWORK(Network.class),
  HOST(Host.class);

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

  /** The simple name of the type. */
  String simpleName() {
    return type.getSimpleName();
  }
}
