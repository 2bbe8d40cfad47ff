package dev.weft.reactor.testing.junit;

import dev.weft.reactor.testing.MemoryReactor;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * One test's fake reactor and the {@link InjectReactor} fields it was assigned to, kept in the
 * test's {@link ExtensionContext.Store}. Only the store's {@code get} and {@code put} are used,
 * which JUnit 5.10 and 6 both have and neither deprecates.
 */
final class TestReactor {
  private @Nullable MemoryReactor reactor;
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

  /** The reactor, created with {@code settings} on first use. */
  MemoryReactor reactor(ReactorExtension.Settings settings) {
    MemoryReactor current = reactor;
    if (current == null) {
      MemoryReactor created = new MemoryReactor();
      created.captureCreationSites(settings.captureCreationSites());
      reactor = current = created;
    }
    return current;
  }

  /**
   * Checks every {@link InjectReactor} field of the test instances, adopts a reactor a field
   * already holds, and assigns the others.
   */
  void injectFields(ExtensionContext context, ReactorExtension.Settings settings) {
    List<FieldTarget> targets = new ArrayList<>();
    for (Object instance : context.getRequiredTestInstances().getAllInstances()) {
      Class<?> type = instance.getClass();
      for (Field field : AnnotationSupport.findAnnotatedFields(type, InjectReactor.class)) {
        targets.add(FieldTarget.checked(instance, field));
      }
    }
    for (FieldTarget target : targets) {
      if (target.type().isReactor() && target.get() instanceof MemoryReactor held) {
        adopt(held, target);
      }
    }
    MemoryReactor testReactor = reactor(settings);
    for (FieldTarget target : targets) {
      Object expected =
          target.type().valueFor(testReactor).orElseThrow(() -> target.misfit(testReactor));
      Object held = target.get();
      if (held == null) {
        target.set(expected);
        assigned.add(target);
      } else if (held != expected) {
        throw target.conflict("holds a different " + target.field().getType().getSimpleName()
            + " from the test's reactor; leave it null, or build the reactor on it and put that"
            + " reactor in an @InjectReactor field");
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

  /** One annotated field of one test instance. */
  private record FieldTarget(Object instance, Field field, InjectableType type) {

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
            "@InjectReactor field " + name(field) + " cannot be assigned: " + e.getMessage()
                + "; open its package to the module that runs the extension", e);
      }
      return new FieldTarget(instance, field, type);
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

    ExtensionConfigurationException misfit(MemoryReactor reactor) {
      return error(field, "has type " + field.getType().getSimpleName() + " but the test's reactor"
          + " is a " + reactor.getClass().getSimpleName() + " (adopted from another field);"
          + " declare it as " + reactor.getClass().getSimpleName());
    }

    private static ExtensionConfigurationException error(Field field, String problem) {
      return new ExtensionConfigurationException(
          "@InjectReactor field " + name(field) + " " + problem);
    }

    private static String name(Field field) {
      return field.getDeclaringClass().getName() + "." + field.getName();
    }
  }
}
