package dev.weft.reactor.testing.junit;

import dev.weft.reactor.testing.Clock;
import dev.weft.reactor.testing.Leftover;
import dev.weft.reactor.testing.Leftovers;
import dev.weft.reactor.testing.MemoryReactor;
import dev.weft.reactor.testing.MemoryReactorClock;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The JUnit 5 extension behind {@link ReactorTest}: gives each test a fresh
 * {@link MemoryReactorClock} and fails the test if it leaves the reactor dirty.
 *
 * <p><b>Injection.</b> Test method parameters and null, non-final instance fields of type
 * {@link MemoryReactorClock}, {@link MemoryReactor} or {@link Clock} receive the test's reactor
 * (or its clock). One reactor per test: every parameter and field of one test sees the same one.
 *
 * <p><b>Dirty reactor.</b> After each test, the extension lists what the test left behind (see
 * {@link Leftover.Kind}): pending delayed calls, open fake connections, listening ports, queued
 * thread work, and exceptions thrown by protocol callbacks that the test did not take. If any
 * remain that {@link AllowLeftovers} does not allow, the test fails with a message listing each
 * one. When the test itself failed, JUnit attaches this failure to the test's own as suppressed,
 * so the real cause stays first.
 *
 * <p>Register it with {@link ReactorTest}, or with {@code @ExtendWith(ReactorExtension.class)}.
 */
public final class ReactorExtension
    implements ParameterResolver, BeforeEachCallback, AfterEachCallback {

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(ReactorExtension.class);

  /** Creates the extension; JUnit does this. */
  public ReactorExtension() {}

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return isInjectable(parameter.getParameter().getType());
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    if (!isInjectable(type)) {
      throw new ParameterResolutionException("ReactorExtension cannot supply " + type.getName());
    }
    return fakeFor(type, reactor(context));
  }

  @Override
  public void beforeEach(ExtensionContext context) throws IllegalAccessException {
    Optional<Object> instance = context.getTestInstance();
    if (instance.isEmpty()) {
      return;
    }
    for (Object target : context.getRequiredTestInstances().getAllInstances()) {
      for (Class<?> c = target.getClass(); c != Object.class && c != null; c = c.getSuperclass()) {
        for (Field field : c.getDeclaredFields()) {
          int modifiers = field.getModifiers();
          if (Modifier.isStatic(modifiers)
              || Modifier.isFinal(modifiers)
              || !isInjectable(field.getType())) {
            continue;
          }
          field.setAccessible(true);
          if (field.get(target) == null) {
            field.set(target, fakeFor(field.getType(), reactor(context)));
          }
        }
      }
    }
  }

  @Override
  public void afterEach(ExtensionContext context) {
    MemoryReactorClock reactor =
        context.getStore(NAMESPACE).get(storeKey(context), MemoryReactorClock.class);
    if (reactor == null) {
      return;
    }
    Set<Leftover.Kind> allowed = allowed(context);
    List<Leftover> dirty = new ArrayList<>();
    for (Leftover leftover : Leftovers.of(reactor)) {
      if (!allowed.contains(leftover.kind())) {
        dirty.add(leftover);
      }
    }
    if (!dirty.isEmpty()) {
      throw Leftovers.failure(dirty, settings(context).captureCreationSites());
    }
  }

  private static boolean isInjectable(Class<?> type) {
    return type == MemoryReactorClock.class || type == MemoryReactor.class || type == Clock.class;
  }

  private static Object fakeFor(Class<?> type, MemoryReactorClock reactor) {
    return type == Clock.class ? reactor.clock() : reactor;
  }

  private static String storeKey(ExtensionContext context) {
    return "reactor:" + context.getUniqueId();
  }

  private static MemoryReactorClock reactor(ExtensionContext context) {
    boolean capture = settings(context).captureCreationSites();
    return context
        .getStore(NAMESPACE)
        .getOrComputeIfAbsent(
            storeKey(context),
            key -> {
              MemoryReactorClock reactor = new MemoryReactorClock();
              reactor.captureCreationSites(capture);
              return reactor;
            },
            MemoryReactorClock.class);
  }

  private static Settings settings(ExtensionContext context) {
    Optional<ReactorTest> annotation = findAnnotation(context, ReactorTest.class);
    return new Settings(annotation.map(ReactorTest::captureCreationSites).orElse(false));
  }

  private static Set<Leftover.Kind> allowed(ExtensionContext context) {
    Set<Leftover.Kind> allowed = EnumSet.noneOf(Leftover.Kind.class);
    for (Optional<ExtensionContext> c = Optional.of(context);
        c.isPresent();
        c = c.get().getParent()) {
      c.get()
          .getElement()
          .flatMap(e -> AnnotationSupport.findAnnotation(e, AllowLeftovers.class))
          .ifPresent(a -> allowed.addAll(List.of(a.value())));
    }
    return allowed;
  }

  private static <A extends java.lang.annotation.Annotation> Optional<A> findAnnotation(
      ExtensionContext context, Class<A> type) {
    for (Optional<ExtensionContext> c = Optional.of(context);
        c.isPresent();
        c = c.get().getParent()) {
      Optional<A> found = c.get().getElement().flatMap(e -> AnnotationSupport.findAnnotation(e, type));
      if (found.isPresent()) {
        return found;
      }
    }
    return Optional.empty();
  }

  private record Settings(boolean captureCreationSites) {}
}
