package dev.weft.reactor.testing.junit;

import dev.weft.reactor.testing.Clock;
import dev.weft.reactor.testing.MemoryReactor;
import dev.weft.reactor.testing.net.Network;
import dev.weft.reactor.testing.net.ShrinkResult;
import dev.weft.reactor.testing.net.Shrinker;
import dev.weft.reactor.testing.net.SweepBody;
import dev.weft.reactor.testing.net.SweepCase;
import java.lang.reflect.Method;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.junit.platform.commons.support.ReflectionSupport;
import org.opentest4j.TestAbortedException;

/**
 * One invocation of a {@link Sweep}: supplies its {@link SweepCase} and the {@link Network} built
 * from it, and when the invocation fails, shrinks it (the sweep's first failure only) by calling
 * the test method again with smaller cases.
 */
final class SweepInvocation implements ParameterResolver, InvocationInterceptor {
  private final SweepCase sweepCase;
  private final Shared shared;
  private @Nullable Network network;

  SweepInvocation(SweepCase sweepCase, Shared shared) {
    this.sweepCase = sweepCase;
    this.shared = shared;
  }

  /** What the invocations of one sweep share: the shrink budget, and whether one shrank. */
  static final class Shared {
    final int maxShrinkRuns;
    final AtomicBoolean shrunk = new AtomicBoolean();

    Shared(int maxShrinkRuns) {
      this.maxShrinkRuns = maxShrinkRuns;
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == SweepCase.class || type == Network.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    if (parameter.getParameter().getType() == SweepCase.class) {
      return sweepCase;
    }
    Network current = network;
    if (current == null) {
      // On the test reactor's Clock when ReactorExtension gave the test one, so its
      // dirty-reactor check covers every host of the network.
      MemoryReactor reactor = TestReactor.peek(context);
      current = reactor != null ? sweepCase.network(reactor.clock()) : sweepCase.network();
      network = current;
    }
    return current;
  }

  @Override
  public void interceptTestTemplateMethod(Invocation<@Nullable Void> invocation,
      ReflectiveInvocationContext<Method> invocationContext, ExtensionContext extensionContext)
      throws Throwable {
    try {
      invocation.proceed();
    } catch (TestAbortedException | VirtualMachineError notAFailure) {
      throw notAFailure;
    } catch (Throwable failure) {
      if (!shared.shrunk.compareAndSet(false, true)) {
        throw new AssertionError("sweep case failed: " + sweepCase + "\nnot shrunk: a sweep"
            + " shrinks its first failure only (see it); replay this one with "
            + sweepCase.replayAnnotation(), failure);
      }
      ShrinkResult result = Shrinker.maxRuns(shared.maxShrinkRuns)
          .shrink(sweepCase, rerun(invocationContext));
      AssertionError reported = new AssertionError(result.report(), failure);
      Throwable shrunkFailure = result.shrunkFailure();
      if (shrunkFailure != null && shrunkFailure != failure) {
        reported.addSuppressed(shrunkFailure);
      }
      throw reported;
    }
  }

  /**
   * The test method as a body: called on the same instance, with a fresh case, network,
   * reactor and Clock, and the original invocation's other arguments.
   */
  private static SweepBody rerun(ReflectiveInvocationContext<Method> original) {
    Method method = original.getExecutable();
    Object target = original.getTarget().orElse(null);
    List<Object> originalArgs = original.getArguments();
    Class<?>[] types = method.getParameterTypes();
    return candidate -> {
      Network fresh = candidate.network();
      MemoryReactor reactor = null;
      Object[] args = new Object[types.length];
      for (int i = 0; i < types.length; i++) {
        if (types[i] == SweepCase.class) {
          args[i] = candidate;
        } else if (types[i] == Network.class) {
          args[i] = fresh;
        } else if (types[i] == Clock.class) {
          args[i] = fresh.clock();
        } else if (types[i] == MemoryReactor.class) {
          if (reactor == null) {
            reactor = new MemoryReactor(fresh.clock());
          }
          args[i] = reactor;
        } else {
          args[i] = originalArgs.get(i);
        }
      }
      ReflectionSupport.invokeMethod(method, target, args);
    };
  }
}
