package dev.weft.reactor.testing.junit;

import dev.weft.reactor.testing.Clock;
import dev.weft.reactor.testing.Leftover;
import dev.weft.reactor.testing.Leftovers;
import dev.weft.reactor.testing.MemoryReactor;
import java.lang.reflect.AnnotatedElement;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The JUnit Jupiter extension behind {@link WithFakeReactor}, {@link ReactorTest} and
 * {@link InjectReactor}: gives each test a fresh fake reactor and fails the test if it leaves the
 * reactor dirty. Works on JUnit Jupiter 5.10 and later, 6.x included.
 *
 * <p><b>Injection.</b> One reactor per test, a {@link MemoryReactor} unless the test adopts
 * one it built (see {@link InjectReactor}). Test and lifecycle method parameters of type
 * {@code MemoryReactor} or {@link Clock} receive it (a {@code Clock}
 * is the reactor's clock), and so do instance fields annotated {@link InjectReactor}; no other
 * field is touched. A misdeclared annotated field (static, final, or of another type) fails the
 * test with an {@link org.junit.jupiter.api.extension.ExtensionConfigurationException} naming the
 * field and the fix.
 *
 * <p><b>Dirty reactor.</b> After each test (after its {@code @AfterEach} methods), the extension
 * lists what the test left behind in its reactor's Clock and in every reactor created on that
 * Clock (see {@link Leftover.Kind}): pending delayed calls, open fake
 * connections, listening ports, queued thread work, and exceptions thrown by protocol callbacks
 * that the test did not take. If any remain that {@link AllowLeftovers} does not allow, the test
 * fails with a message naming each one (a delayed call by the line of your code that scheduled
 * it). When the test itself failed, JUnit attaches this failure to the test's own as suppressed,
 * so the real cause stays first.
 *
 * <p><b>Network traces.</b> When a test fails (or leaves its reactor dirty) and a
 * {@link dev.weft.reactor.testing.net.Network} was built on its Clock, the failure gets the
 * network's {@linkplain dev.weft.reactor.testing.net.Trace trace} as a suppressed exception, its
 * last 200 events as text, and the trace's sequence diagram is written to
 * {@code target/weft-traces/<test class>/<method>.svg} (the directory is the system property
 * {@code weft.traces.dir}), with Mermaid text beside it; the text names the file.
 *
 * <p>Register it with {@link WithFakeReactor} (any test, the class or one method),
 * {@link ReactorTest} (a plain test), {@link InjectReactor} on a field, or
 * {@code @ExtendWith(ReactorExtension.class)}.
 */
public final class ReactorExtension
    implements ParameterResolver, BeforeEachCallback, AfterEachCallback {

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(ReactorExtension.class);

  /** Creates the extension; JUnit does this. */
  public ReactorExtension() {}

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return InjectableType.of(parameter.getParameter().getType()).isPresent();
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    InjectableType injectable =
        InjectableType.of(type)
            .orElseThrow(
                () -> new ParameterResolutionException(
                    "ReactorExtension cannot supply a " + type.getName()
                        + "; it supplies " + InjectableType.names()));
    MemoryReactor reactor = TestReactor.in(context).reactor(settings(context));
    return injectable
        .valueFor(reactor)
        .orElseThrow(
            () -> new ParameterResolutionException(
                "Parameter " + parameter.getParameter() + " needs a " + type.getSimpleName()
                    + " but this test's reactor is a " + reactor.getClass().getSimpleName()
                    + " (adopted from an @InjectReactor field); declare the parameter as "
                    + reactor.getClass().getSimpleName()));
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    TestReactor.in(context).injectFields(context, settings(context));
  }

  @Override
  public void afterEach(ExtensionContext context) {
    TestReactor testReactor = TestReactor.in(context);
    @Nullable MemoryReactor reactor = testReactor.existing();
    testReactor.clearInjectedFields();
    if (reactor == null) {
      return;
    }
    Optional<Throwable> failed = context.getExecutionException();
    failed.ifPresent(t -> TraceReporter.attach(context, reactor.clock(), t));
    Set<Leftover.Kind> allowed = allowed(context);
    List<Leftover> dirty = new ArrayList<>();
    // Every reactor on the test's Clock: a test that builds more hosts on the injected Clock
    // leaves them clean too.
    for (Leftover leftover : Leftovers.of(reactor.clock())) {
      if (!allowed.contains(leftover.kind())) {
        dirty.add(leftover);
      }
    }
    if (!dirty.isEmpty()) {
      AssertionError failure = Leftovers.failure(dirty, reactor.clock().isCapturingCreationSites());
      if (failed.isEmpty()) {
        TraceReporter.attach(context, reactor.clock(), failure);
      }
      throw failure;
    }
  }

  /** The settings of the nearest {@code @ReactorTest} or {@code @WithFakeReactor}. */
  static Settings settings(ExtensionContext context) {
    for (Optional<ExtensionContext> c = Optional.of(context);
        c.isPresent();
        c = c.get().getParent()) {
      Optional<AnnotatedElement> element = c.get().getElement();
      if (element.isEmpty()) {
        continue;
      }
      // @ReactorTest first: it is itself annotated @ExtendWith, and its own attribute counts.
      Optional<ReactorTest> test = AnnotationSupport.findAnnotation(element, ReactorTest.class);
      if (test.isPresent()) {
        return new Settings(test.get().captureCreationSites());
      }
      Optional<WithFakeReactor> with =
          AnnotationSupport.findAnnotation(element, WithFakeReactor.class);
      if (with.isPresent()) {
        return new Settings(with.get().captureCreationSites());
      }
    }
    return new Settings(false);
  }

  private static Set<Leftover.Kind> allowed(ExtensionContext context) {
    Set<Leftover.Kind> allowed = EnumSet.noneOf(Leftover.Kind.class);
    for (Optional<ExtensionContext> c = Optional.of(context);
        c.isPresent();
        c = c.get().getParent()) {
      AnnotationSupport.findAnnotation(c.get().getElement(), AllowLeftovers.class)
          .ifPresent(a -> allowed.addAll(List.of(a.value())));
    }
    return allowed;
  }

  /** How a test's fake reactor is configured. */
  record Settings(boolean captureCreationSites) {}

  static ExtensionContext.Store store(ExtensionContext context) {
    return context.getStore(NAMESPACE);
  }
}
