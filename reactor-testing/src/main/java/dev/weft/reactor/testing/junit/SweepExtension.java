package dev.weft.reactor.testing.junit;

import dev.weft.reactor.testing.net.Network;
import dev.weft.reactor.testing.net.SweepCase;
import dev.weft.reactor.testing.net.SweepRunner;
import java.lang.reflect.Method;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.Extension;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestTemplateInvocationContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContextProvider;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.ReflectionSupport;

/**
 * The JUnit Jupiter extension behind {@link Sweep}: one invocation per case, named by its replay
 * expression, each with a {@link SweepInvocation} that supplies the case and its network and
 * shrinks the sweep's first failure. Works on JUnit Jupiter 5.10 and later, 6.x included.
 */
public final class SweepExtension implements TestTemplateInvocationContextProvider,
    ParameterResolver {

  /** Creates the extension; JUnit does this. */
  public SweepExtension() {}

  @Override
  public boolean supportsTestTemplate(ExtensionContext context) {
    return AnnotationSupport.isAnnotated(context.getTestMethod(), Sweep.class);
  }

  @Override
  public Stream<TestTemplateInvocationContext> provideTestTemplateInvocationContexts(
      ExtensionContext context) {
    Method method = context.getRequiredTestMethod();
    Sweep sweep = AnnotationSupport.findAnnotation(method, Sweep.class).orElseThrow();
    SweepInvocation.Shared shared = new SweepInvocation.Shared(sweep.maxShrinkRuns());
    if (sweep.maxShrinkRuns() < 1) {
      throw misconfigured(method, "maxShrinkRuns must be at least 1: " + sweep.maxShrinkRuns());
    }
    List<SweepCase> cases;
    if (!sweep.replay().isBlank()) {
      try {
        cases = List.of(SweepCase.parse(sweep.replay()));
      } catch (IllegalArgumentException e) {
        throw misconfigured(method, "replay is not a SweepCase: " + e.getMessage());
      }
    } else {
      SweepFaults faults = ReflectionSupport.newInstance(sweep.faults());
      try {
        cases = SweepRunner.builder().seeds(sweep.seeds()).firstSeed(sweep.firstSeed())
            .chunkings(sweep.chunkings()).faults(faults::plan).build().cases();
      } catch (IllegalArgumentException e) {
        throw misconfigured(method, e.getMessage());
      }
    }
    return cases.stream().map(c -> new Invocation(c, shared));
  }

  private static ExtensionConfigurationException misconfigured(Method method, String problem) {
    return new ExtensionConfigurationException(
        "@Sweep on " + method.getDeclaringClass().getName() + "." + method.getName() + ": "
            + problem);
  }

  /**
   * Outside a sweep's invocations (the method also ran as a plain test), a {@code SweepCase} or
   * {@code Network} parameter gets an error that names the fix instead of JUnit's "no resolver".
   */
  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    boolean inSweep = context.getParent().flatMap(ExtensionContext::getTestMethod).isPresent();
    return !inSweep && (type == SweepCase.class || type == Network.class);
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    throw new ParameterResolutionException("@Sweep method " + context.getDisplayName()
        + " also ran as a plain test, without a SweepCase: remove @Test or @ReactorTest from it"
        + " (put @ReactorTest or @WithFakeReactor on the class, or @WithFakeReactor on the"
        + " method)");
  }

  /** One case of the sweep. */
  private record Invocation(SweepCase sweepCase, SweepInvocation.Shared shared)
      implements TestTemplateInvocationContext {
    @Override
    public String getDisplayName(int invocationIndex) {
      return sweepCase.toString();
    }

    @Override
    public List<Extension> getAdditionalExtensions() {
      return List.of(new SweepInvocation(sweepCase, shared));
    }
  }
}
