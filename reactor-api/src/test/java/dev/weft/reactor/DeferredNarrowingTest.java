package dev.weft.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

/** Every way to get a stage from a Deferred gives a Deferred, at compile time too. */
class DeferredNarrowingTest {

  private static boolean returnsAStage(Method m) {
    return CompletionStage.class.isAssignableFrom(m.getReturnType());
  }

  @Test
  void everyMethodOfCompletableFutureThatReturnsAStageIsNarrowedToDeferred() throws Exception {
    List<String> notNarrowed = new ArrayList<>();
    Set<String> checked = new TreeSet<>();
    for (Method m : CompletableFuture.class.getMethods()) {
      if (!returnsAStage(m)) {
        continue;
      }
      // Bridge methods share the signature of the method they bridge to.
      checked.add(m.getName() + Arrays.toString(m.getParameterTypes()));
      Method declared;
      try {
        declared = Deferred.class.getDeclaredMethod(m.getName(), m.getParameterTypes());
      } catch (NoSuchMethodException missing) {
        notNarrowed.add(m.toGenericString() + " (not declared by Deferred)");
        continue;
      }
      if (declared.getReturnType() != Deferred.class
          || Modifier.isStatic(declared.getModifiers()) != Modifier.isStatic(m.getModifiers())
          || !Modifier.isPublic(declared.getModifiers())) {
        notNarrowed.add(m.toGenericString() + " (declared as " + declared.toGenericString() + ")");
      }
    }
    // Java 17 has 60 such signatures (50 instance, 10 static); a later JDK may add more.
    assertThat(checked).hasSizeGreaterThanOrEqualTo(60);
    assertThat(notNarrowed).as("stage methods that do not return Deferred").isEmpty();
  }

  @Test
  void asyncStagesKeepTheDeferredApiAtCompileTime() {
    ManualTime time = new ManualTime();
    RecordingReactorExecutor reactor = RecordingReactorExecutor.onThisThread();
    Deferred<String> d = new Deferred<>(reactor, null);

    // Each of these chains compiles only because the stage methods return Deferred.
    Deferred<Void> ran = d.thenRunAsync(() -> {}).withTimeout(Duration.ofSeconds(1), time);
    Deferred<Integer> either =
        d.applyToEitherAsync(new Deferred<>(), String::length).withTimeout(Duration.ofSeconds(1), time);
    Deferred<String> recovered =
        d.exceptionallyAsync(e -> "x").copy().minimalCompletionStage().toCompletableFuture();

    d.complete("hello");
    reactor.runQueued();
    assertThat(ran).isCompleted();
    assertThat(either).isCompletedWithValue(5);
    assertThat(recovered).isCompletedWithValue("hello");
  }
}
