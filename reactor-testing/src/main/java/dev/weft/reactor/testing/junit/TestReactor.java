package dev.weft.reactor.testing.junit;

import dev.weft.reactor.testing.Clock;
import dev.weft.reactor.testing.MemoryReactor;
import dev.weft.reactor.testing.net.Network;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * One test's fake reactor, its simulated network if it asked for one, and the fields they were
 * assigned to, kept in the test's {@link ExtensionContext.Store}. Only the store's {@code get}
 * and {@code put} are used, which JUnit 5.10 and 6 both have and neither deprecates.
 */
final class TestReactor {
  private @Nullable MemoryReactor reactor;
  private @Nullable TestNetwork network;
  private final List<FieldTarget> assigned = new ArrayList<>();

  private TestReactor() {}

  /** The state of the test (or other node) that {@code context} describes. */
  static TestReactor in(ExtensionContext context) {
    ExtensionContext.Store store = ReactorExtension.store(context);
    // Keyed by the node's id: a store also answers with its parents' values, and a class-level
    // reactor (a @BeforeAll parameter) must not become every test's.
    String key = key(context);
    TestReactor state = store.get(key, TestReactor.class);
    if (state == null) {
      state = new TestReactor();
      store.put(key, state);
    }
    return state;
  }

  /**
   * The reactor of the test {@code context} describes, if {@link ReactorExtension} made or
   * adopted one; creates no state.
   */
  static @Nullable MemoryReactor peek(ExtensionContext context) {
    ExtensionContext.Store store = ReactorExtension.store(context);
    TestReactor state = store.get(key(context), TestReactor.class);
    return state == null ? null : state.reactor;
  }

  private static String key(ExtensionContext context) {
    return "test-reactor:" + context.getUniqueId();
  }

  /** The reactor, if one was created or adopted. */
  @Nullable MemoryReactor existing() {
    return reactor;
  }

  /** The network, if the test asked for one or built one. */
  @Nullable TestNetwork existingNetwork() {
    return network;
  }

  /** The reactor, created with {@code settings} on first use, on the network's Clock if any. */
  MemoryReactor reactor(ReactorExtension.Settings settings) {
    MemoryReactor current = reactor;
    if (current == null) {
      TestNetwork net = network;
      MemoryReactor created = new MemoryReactor(net != null ? net.network().clock() : new Clock());
      created.captureCreationSites(settings.captureCreationSites());
      reactor = current = created;
    }
    return current;
  }

  /** The network, created on first use on the reactor's Clock. */
  TestNetwork network(ExtensionContext context, ReactorExtension.Settings settings) {
    TestNetwork current = network;
    if (current == null) {
      MemoryReactor onClock = reactor(settings);
      network = current =
          TestNetwork.created(context, onClock.clock(), settings.captureCreationSites());
    }
    return current;
  }

  /**
   * What a parameter or field of {@code type} receives.
   *
   * @param named its {@link HostNamed}, if any
   * @param where the parameter or field, for error messages
   * @throws ExtensionConfigurationException if the declaration does not make sense
   */
  Object value(InjectableType type, @Nullable HostNamed named, String where,
      ExtensionContext context, ReactorExtension.Settings settings) {
    return switch (type) {
      case MEMORY_REACTOR -> named == null
          ? reactor(settings)
          : network(context, settings).host(named, where).reactor();
      case CLOCK -> {
        unnamed(named, where, "every host keeps time with the test's one Clock");
        yield reactor(settings).clock();
      }
      case NETWORK -> {
        unnamed(named, where, "the test has one network; name its hosts instead");
        yield network(context, settings).network();
      }
      case HOST -> {
        if (named == null) {
          throw new ExtensionConfigurationException(where + " is a Host without a name; declare"
              + " it @HostNamed(\"server\") Host server (the host is added to the test's network"
              + " on first mention)");
        }
        yield network(context, settings).host(named, where);
      }
    };
  }

  private static void unnamed(@Nullable HostNamed named, String where, String why) {
    if (named != null) {
      throw new ExtensionConfigurationException(
          where + " is annotated @HostNamed, which only a Host or MemoryReactor takes: " + why
              + "; remove the annotation");
    }
  }

  /**
   * Checks every {@link InjectReactor} and {@link HostNamed} field of the test instances, adopts
   * a reactor or network a field already holds, and assigns the others.
   */
  void injectFields(ExtensionContext context, ReactorExtension.Settings settings) {
    List<FieldTarget> targets = new ArrayList<>();
    for (Object instance : context.getRequiredTestInstances().getAllInstances()) {
      Class<?> type = instance.getClass();
      Set<Field> fields = new LinkedHashSet<>(
          AnnotationSupport.findAnnotatedFields(type, InjectReactor.class));
      fields.addAll(AnnotationSupport.findAnnotatedFields(type, HostNamed.class));
      for (Field field : fields) {
        targets.add(FieldTarget.checked(instance, field));
      }
    }
    for (FieldTarget target : targets) {
      if (target.named() == null && target.get() instanceof Network held) {
        adoptNetwork(context, held, target);
      }
    }
    for (FieldTarget target : targets) {
      if (target.named() == null && target.get() instanceof MemoryReactor held) {
        adopt(held, target);
      }
    }
    TestNetwork net = network;
    MemoryReactor testReactor = reactor(settings);
    if (net != null && net.network().clock() != testReactor.clock()) {
      throw new ExtensionConfigurationException("the test holds a Network and a MemoryReactor"
          + " on different Clocks; build one on the other's (new MemoryReactor(network.clock())"
          + " or Network.builder().clock(reactor.clock())), or leave the reactor field null and"
          + " the extension puts the test's reactor on the network's Clock");
    }
    for (FieldTarget target : targets) {
      Object expected = value(target.type(), target.named(), FieldTarget.label(target.field()),
          context, settings);
      Object held = target.get();
      if (held == null) {
        target.set(expected);
        assigned.add(target);
      } else if (held != expected) {
        throw target.conflict("holds a different " + target.field().getType().getSimpleName()
            + " from the test's; leave it null, or build the reactor or network yourself and"
            + " put it in an @InjectReactor field");
      }
    }
  }

  /** Sets the fields this extension assigned back to null, so a shared instance starts fresh. */
  void clearInjectedFields() {
    for (FieldTarget target : assigned) {
      target.set(null);
    }
    assigned.clear();
  }

  private void adopt(MemoryReactor held, FieldTarget from) {
    MemoryReactor current = reactor;
    if (current == null) {
      reactor = held;
    } else if (current != held) {
      throw from.conflict("holds a reactor, but the test already has another one (from another"
          + " @InjectReactor field or a parameter resolved earlier); keep one reactor per test:"
          + " leave the other fields null");
    }
  }

  private void adoptNetwork(ExtensionContext context, Network held, FieldTarget from) {
    TestNetwork current = network;
    if (current == null) {
      network = TestNetwork.adopted(context, held, FieldTarget.name(from.field()));
    } else if (current.network() != held) {
      throw from.conflict("holds a Network, but the test already has another one; keep one"
          + " network per test: leave the other fields null");
    }
  }

  /** One annotated field of one test instance. */
  private record FieldTarget(
      Object instance, Field field, InjectableType type, @Nullable HostNamed named) {

    static FieldTarget checked(Object instance, Field field) {
      int modifiers = field.getModifiers();
      if (Modifier.isStatic(modifiers)) {
        throw error(field, "is static; make it an instance field: each test gets its own reactor");
      }
      if (Modifier.isFinal(modifiers)) {
        throw error(field, "is final; remove final: the extension assigns it before each test");
      }
      InjectableType type =
          InjectableType.of(field.getType())
              .orElseThrow(
                  () -> error(field, "has type " + field.getType().getName() + "; declare it as"
                      + " one of " + InjectableType.names()));
      try {
        field.setAccessible(true);
      } catch (RuntimeException e) {
        throw new ExtensionConfigurationException(
            label(field) + " cannot be assigned: " + e.getMessage()
                + "; open its package to the module that runs the extension", e);
      }
      return new FieldTarget(instance, field, type, field.getAnnotation(HostNamed.class));
    }

    @Nullable Object get() {
      try {
        return field.get(instance);
      } catch (IllegalAccessException e) {
        throw new ExtensionConfigurationException("cannot read " + name(field), e);
      }
    }

    void set(@Nullable Object value) {
      try {
        field.set(instance, value);
      } catch (IllegalAccessException e) {
        throw new ExtensionConfigurationException("cannot assign " + name(field), e);
      }
    }

    ExtensionConfigurationException conflict(String problem) {
      return error(field, problem);
    }

    private static ExtensionConfigurationException error(Field field, String problem) {
      return new ExtensionConfigurationException(label(field) + " " + problem);
    }

    static String label(Field field) {
      return (field.isAnnotationPresent(InjectReactor.class) ? "@InjectReactor" : "@HostNamed")
          + " field " + name(field);
    }

    static String name(Field field) {
      return field.getDeclaringClass().getName() + "." + field.getName();
    }
  }
}
