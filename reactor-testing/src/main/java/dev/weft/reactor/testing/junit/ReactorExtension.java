package dev.weft.reactor.testing.junit;

import dev.weft.reactor.testing.Clock;
import dev.weft.reactor.testing.Leftover;
import dev.weft.reactor.testing.Leftovers;
import dev.weft.reactor.testing.MemoryReactor;
import dev.weft.reactor.testing.net.Host;
import dev.weft.reactor.testing.net.Network;
import java.lang.reflect.AnnotatedElement;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
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
 * <p><b>A simulated network.</b> A parameter or {@link InjectReactor} field of type
 * {@link Network} receives the test's network: a fresh one per test, on the test's Clock (the
 * injected {@code Clock} is the network's), with the seed and chunking of the nearest
 * {@link SimulatedNetwork} (seed {@link SimulatedNetwork#DEFAULT_SEED} and coalesced reads
 * without one), or the network the test built and left in an {@code @InjectReactor} field. A
 * {@link Host} or {@code MemoryReactor} parameter or field annotated {@link HostNamed} receives
 * that host of the network (or its reactor), added on first mention. The network is made only
 * when a test asks for it. The test's own {@code MemoryReactor} (unannotated) is not a host: it
 * shares the network's Clock, so time is one, but its {@code connectTCP} is not routed; name a
 * host to get a reactor on the network.
 *
 * <p><b>Dirty reactor.</b> After each test (after its {@code @AfterEach} methods), the extension
 * lists what the test left behind in its reactor's Clock and in every reactor created on that
 * Clock (see {@link Leftover.Kind}): pending delayed calls, open fake
 * connections, listening ports, queued thread work, and exceptions thrown by protocol callbacks
 * that the test did not take. If any remain that {@link AllowLeftovers} does not allow, the test
 * fails with a message naming each one (a delayed call by the line of your code that scheduled
 * it). When the test itself failed, JUnit attaches this failure to the test's own as suppressed,
 * so the real cause stays first. Every host of the test's network is checked, and its leftovers
 * (its own timers included) are named by the host, e.g. {@code (host db/10.0.0.3)}; a crashed
 * host's ports, connections and queued work went with it, but what its code threw before the
 * crash is still reported.
 *
 * <p><b>Replay.</b> When a test that used a network fails (in the test, an {@code @BeforeEach} or
 * {@code @AfterEach} method, or the dirty-reactor check), its failure carries, as a suppressed
 * exception, one line with the network's seed and chunking written as the
 * {@code @SimulatedNetwork} (or {@code Network.builder()} call) that replays the run exactly.
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
    implements ParameterResolver, BeforeEachCallback, AfterEachCallback,
        TestExecutionExceptionHandler, LifecycleMethodExecutionExceptionHandler {

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(ReactorExtension.class);

  /** Creates the extension; JUnit does this. */
  public ReactorExtension() {}

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    if (parameter.getParameter().getType() == Network.class
        && parameter.getDeclaringExecutable().isAnnotationPresent(Sweep.class)) {
      return false; // A sweep builds each invocation's network from its case, on this Clock.
    }
    // A @HostNamed parameter of another type is ours too, to fail with a message that helps.
    return InjectableType.of(parameter.getParameter().getType()).isPresent()
        || parameter.isAnnotated(HostNamed.class);
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    String where = "Parameter " + parameter.getIndex() + " (" + type.getSimpleName() + " "
        + parameter.getParameter().getName() + ") of "
        + parameter.getDeclaringExecutable().getName();
    InjectableType injectable =
        InjectableType.of(type)
            .orElseThrow(
                () -> new ParameterResolutionException(
                    where + " is annotated @HostNamed, but ReactorExtension supplies a named host"
                        + " only as a Host or a MemoryReactor"));
    try {
      return TestReactor.in(context).value(injectable,
          parameter.findAnnotation(HostNamed.class).orElse(null), where, context,
          settings(context));
    } catch (ExtensionConfigurationException e) {
      throw new ParameterResolutionException(e.getMessage(), e);
    }
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
    // leaves them clean too, and every host of the test's network is named by its host.
    @Nullable TestNetwork network = testReactor.existingNetwork();
    List<Leftover> found = network == null
        ? Leftovers.of(reactor.clock())
        : Leftovers.of(reactor.clock(), r -> network.label(r, reactor));
    for (Leftover leftover : found) {
      if (!allowed.contains(leftover.kind())) {
        dirty.add(leftover);
      }
    }
    if (!dirty.isEmpty()) {
      AssertionError failure = Leftovers.failure(dirty, reactor.clock().isCapturingCreationSites());
      if (failed.isEmpty()) {
        // When the test failed too, this report is suppressed onto that failure, which has the
        // replay line and the trace already.
        addReplayLine(context, failure);
        TraceReporter.attach(context, reactor.clock(), failure);
      }
      throw failure;
    }
  }

  @Override
  public void handleTestExecutionException(ExtensionContext context, Throwable failure)
      throws Throwable {
    addReplayLine(context, failure);
    throw failure;
  }

  @Override
  public void handleBeforeEachMethodExecutionException(
      ExtensionContext context, Throwable failure) throws Throwable {
    addReplayLine(context, failure);
    throw failure;
  }

  @Override
  public void handleAfterEachMethodExecutionException(
      ExtensionContext context, Throwable failure) throws Throwable {
    addReplayLine(context, failure);
    throw failure;
  }

  /**
   * Attaches the replay line of the test's simulated network (its seed and chunking) to
   * {@code failure} as a suppressed exception, once, if the test used a network; a test without
   * one is left alone.
   */
  private static void addReplayLine(ExtensionContext context, Throwable failure) {
    @Nullable TestNetwork network = TestReactor.in(context).existingNetwork();
    if (network == null) {
      return;
    }
    for (Throwable s : failure.getSuppressed()) {
      if (s instanceof NetworkReplay) {
        return;
      }
    }
    failure.addSuppressed(new NetworkReplay(network.replayLine()));
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
