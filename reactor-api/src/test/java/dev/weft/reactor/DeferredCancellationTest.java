package dev.weft.reactor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** Cancelling any stage reaches the stage doing the work. */
class DeferredCancellationTest {
  private final RecordingReactorExecutor reactor = RecordingReactorExecutor.onThisThread();
  private final List<String> cancelled = new ArrayList<>();

  private <T> Deferred<T> work(String name) {
    return new Deferred<>(reactor, self -> cancelled.add(name));
  }

  private Deferred<String> succeeded(String value) {
    Deferred<String> d = new Deferred<>(reactor, null);
    d.complete(value);
    return d;
  }

  /** The three forms of each composing method, by name. */
  static Stream<Arguments> composers() {
    return Stream.of(
        Arguments.of("thenCompose",
            (BiFunction<Deferred<String>, Function<String, CompletionStage<String>>,
                Deferred<String>>) Deferred::thenCompose),
        Arguments.of("thenComposeAsync",
            (BiFunction<Deferred<String>, Function<String, CompletionStage<String>>,
                Deferred<String>>) Deferred::thenComposeAsync),
        Arguments.of("thenComposeAsync(executor)",
            (BiFunction<Deferred<String>, Function<String, CompletionStage<String>>,
                Deferred<String>>) (d, fn) -> d.thenComposeAsync(fn, d.defaultExecutor())));
  }

  static Stream<Arguments> recoverers() {
    return Stream.of(
        Arguments.of("exceptionallyCompose",
            (BiFunction<Deferred<String>, Function<Throwable, CompletionStage<String>>,
                Deferred<String>>) Deferred::exceptionallyCompose),
        Arguments.of("exceptionallyComposeAsync",
            (BiFunction<Deferred<String>, Function<Throwable, CompletionStage<String>>,
                Deferred<String>>) Deferred::exceptionallyComposeAsync),
        Arguments.of("exceptionallyComposeAsync(executor)",
            (BiFunction<Deferred<String>, Function<Throwable, CompletionStage<String>>,
                Deferred<String>>) (d, fn) -> d.exceptionallyComposeAsync(fn, d.defaultExecutor())));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("composers")
  void cancellingAComposedStageAfterTheFirstCompletedCancelsTheSecond(
      String method,
      BiFunction<Deferred<String>, Function<String, CompletionStage<String>>, Deferred<String>>
          compose) {
    Deferred<String> connect = work("connect");
    Deferred<String> request = work("request");
    Deferred<String> reply = compose.apply(connect, protocol -> request);

    connect.complete("protocol");
    reactor.runQueued();
    reply.cancel(true);

    assertThat(cancelled).containsExactly("request");
    assertThat(request).isCancelled();
    assertThat(reply).isCompletedExceptionally();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("composers")
  void cancellingAComposedStageBeforeTheFirstCompletedCancelsTheFirstAndNeverRunsTheFunction(
      String method,
      BiFunction<Deferred<String>, Function<String, CompletionStage<String>>, Deferred<String>>
          compose) {
    Deferred<String> connect = work("connect");
    List<String> ran = new ArrayList<>();
    Deferred<String> reply =
        compose.apply(connect, protocol -> {
          ran.add(protocol);
          return work("request");
        });

    reply.cancel(true);
    reactor.runQueued();

    assertThat(cancelled).containsExactly("connect");
    assertThat(ran).isEmpty();
    assertThat(reply).isCompletedExceptionally();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("composers")
  void composingKeepsCompletableFutureOutcomes(
      String method,
      BiFunction<Deferred<String>, Function<String, CompletionStage<String>>, Deferred<String>>
          compose) {
    Deferred<String> ok = compose.apply(succeeded("a"), s -> Deferred.succeeded(s + "b"));
    Deferred<String> innerFails =
        compose.apply(succeeded("a"), s -> Deferred.failed(new ConnectionLostException("x")));
    Deferred<String> fnThrows =
        compose.apply(succeeded("a"), s -> {
          throw new IllegalStateException("fn");
        });
    Deferred<String> fnReturnsNull = compose.apply(succeeded("a"), s -> null);
    Deferred<String> first = work("first");
    Deferred<String> sourceFails = compose.apply(first, s -> Deferred.succeeded(s));
    first.completeExceptionally(new ConnectionLostException("first"));
    Deferred<String> plainInner =
        compose.apply(succeeded("a"), s -> CompletableFuture.completedFuture(s + "c"));
    reactor.runQueued();

    assertThat(ok.join()).isEqualTo("ab");
    assertThat(plainInner.join()).isEqualTo("ac");
    assertThatThrownBy(innerFails::join)
        .isInstanceOf(CompletionException.class)
        .hasCauseInstanceOf(ConnectionLostException.class);
    assertThatThrownBy(fnThrows::join).isInstanceOf(CompletionException.class).hasMessageContaining("fn");
    assertThatThrownBy(fnReturnsNull::join).hasCauseInstanceOf(NullPointerException.class);
    assertThatThrownBy(sourceFails::join).hasCauseInstanceOf(ConnectionLostException.class);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("recoverers")
  void cancellingARecoveryStageAfterTheFailureCancelsTheRecovery(
      String method,
      BiFunction<Deferred<String>, Function<Throwable, CompletionStage<String>>, Deferred<String>>
          recover) {
    Deferred<String> primary = work("primary");
    Deferred<String> fallback = work("fallback");
    Deferred<String> result = recover.apply(primary, error -> fallback);

    primary.completeExceptionally(new ConnectionRefusedException("down"));
    reactor.runQueued();
    result.cancel(true);

    assertThat(cancelled).containsExactly("fallback");
    assertThat(fallback).isCancelled();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("recoverers")
  void cancellingARecoveryStageBeforeTheFailureCancelsThePrimary(
      String method,
      BiFunction<Deferred<String>, Function<Throwable, CompletionStage<String>>, Deferred<String>>
          recover) {
    Deferred<String> primary = work("primary");
    Deferred<String> result = recover.apply(primary, error -> work("fallback"));

    result.cancel(true);
    reactor.runQueued();

    assertThat(cancelled).containsExactly("primary");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("recoverers")
  void aRecoveryStagePassesSuccessThrough(
      String method,
      BiFunction<Deferred<String>, Function<Throwable, CompletionStage<String>>, Deferred<String>>
          recover) {
    Deferred<String> result = recover.apply(Deferred.succeeded("fine"), error -> work("fallback"));
    reactor.runQueued();
    assertThat(result.join()).isEqualTo("fine");
    assertThat(cancelled).isEmpty();
  }

  @Test
  void cancellingAStageThatWaitsOnTwoSourcesCancelsBoth() {
    List<Function<Deferred<String>, Deferred<?>>> bothAndEither = List.of(
        a -> a.thenCombine(work("b"), (x, y) -> x),
        a -> a.thenAcceptBoth(work("b"), (x, y) -> {}),
        a -> a.runAfterBoth(work("b"), () -> {}),
        a -> a.applyToEither(work("b"), x -> x),
        a -> a.acceptEither(work("b"), x -> {}),
        a -> a.runAfterEither(work("b"), () -> {}),
        a -> a.thenCombineAsync(work("b"), (x, y) -> x),
        a -> a.runAfterEitherAsync(work("b"), () -> {}, reactor));
    for (Function<Deferred<String>, Deferred<?>> make : bothAndEither) {
      cancelled.clear();
      make.apply(work("a")).cancel(true);
      assertThat(cancelled).containsExactlyInAnyOrder("a", "b");
    }
  }

  @Test
  void theRequestExampleFromTheIssueStopsTheRequestOnceConnected() {
    Deferred<String> connect = work("connect attempt");
    Deferred<String> call = connect.thenCompose(protocol -> work("request on " + protocol));
    connect.complete("p1");

    call.cancel(true);

    assertThat(cancelled).containsExactly("request on p1");
  }

  @Test
  void allOfAndAnyOfCancelEveryInput() {
    Deferred.allOf(work("a"), work("b")).cancel(true);
    assertThat(cancelled).containsExactly("a", "b");
    cancelled.clear();
    Deferred.anyOf(work("c"), work("d")).cancel(true);
    assertThat(cancelled).containsExactly("c", "d");
  }
}
