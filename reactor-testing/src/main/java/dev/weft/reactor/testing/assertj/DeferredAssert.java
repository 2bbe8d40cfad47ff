package dev.weft.reactor.testing.assertj;

import dev.weft.reactor.Deferred;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import org.assertj.core.api.AbstractAssert;
import org.assertj.core.api.AbstractThrowableAssert;
import org.assertj.core.api.Assertions;
import org.assertj.core.api.ObjectAssert;
import org.jspecify.annotations.Nullable;

/**
 * Assertions on a {@link Deferred} that never wait: under the fakes a Deferred is either
 * complete or pending at the moment of the assertion, so waiting would only hide a missing
 * pump step or clock advance.
 *
 * <p>Obtain one with {@link ReactorAssertions#assertThat(Deferred)}.
 *
 * @param <T> the Deferred's result type
 */
public final class DeferredAssert<T> extends AbstractAssert<DeferredAssert<T>, Deferred<T>> {

  DeferredAssert(Deferred<T> actual) {
    super(actual, DeferredAssert.class);
  }

  /**
   * Verifies that the Deferred has not completed yet.
   *
   * @return this assertion
   */
  public DeferredAssert<T> isPending() {
    isNotNull();
    if (actual.isDone()) {
      failWithMessage("Expecting Deferred to be pending but it was:%n  %s", outcome());
    }
    return this;
  }

  /**
   * Verifies that the Deferred succeeded, and returns an assertion on its value.
   *
   * @return an assertion on the result value
   */
  public ObjectAssert<@Nullable T> succeeded() {
    isNotNull();
    if (!actual.isDone() || actual.isCompletedExceptionally()) {
      failWithMessage("Expecting Deferred to have succeeded but it was:%n  %s", outcome());
    }
    return Assertions.assertThat(actual.getNow(null));
  }

  /**
   * Verifies that the Deferred succeeded with a value equal to {@code expected}.
   *
   * @param expected the expected value, may be {@code null}
   * @return this assertion
   */
  public DeferredAssert<T> succeededWith(@Nullable T expected) {
    isNotNull();
    if (!actual.isDone() || actual.isCompletedExceptionally()) {
      failWithMessage(
          "Expecting Deferred to have succeeded with:%n  %s%nbut it was:%n  %s",
          expected, outcome());
    }
    T value = actual.getNow(null);
    if (!Objects.equals(value, expected)) {
      failWithMessage(
          "Expecting Deferred to have succeeded with:%n  %s%nbut it succeeded with:%n  %s",
          expected, value);
    }
    return this;
  }

  /**
   * Verifies that the Deferred failed with a reason of the given type, looking through the
   * {@link CompletionException} that chained stages wrap failures in.
   *
   * @param type the expected reason type, e.g. {@code ConnectionRefusedException.class}
   * @return an assertion on the reason
   */
  public AbstractThrowableAssert<?, ? extends Throwable> failedWith(Class<? extends Throwable> type) {
    Objects.requireNonNull(type, "type");
    isNotNull();
    Throwable reason = reason();
    if (reason == null) {
      failWithMessage(
          "Expecting Deferred to have failed with %s but it was:%n  %s",
          type.getName(), outcome());
    }
    if (!type.isInstance(reason)) {
      failWithMessage(
          "Expecting Deferred to have failed with %s but it failed with:%n  %s",
          type.getName(), reason);
    }
    return Assertions.assertThat(reason);
  }

  /**
   * Verifies that the Deferred was cancelled (it failed with {@link CancellationException}).
   *
   * @return this assertion
   */
  public DeferredAssert<T> wasCancelled() {
    failedWith(CancellationException.class);
    return this;
  }

  private @Nullable Throwable reason() {
    if (!actual.isCompletedExceptionally()) {
      return null;
    }
    try {
      actual.getNow(null);
      return null;
    } catch (CancellationException cancelled) {
      return cancelled;
    } catch (CompletionException failed) {
      Throwable cause = failed.getCause();
      // A failure that reached this stage through a chain is wrapped once more.
      while (cause instanceof CompletionException && cause.getCause() != null) {
        cause = cause.getCause();
      }
      return cause;
    }
  }

  private String outcome() {
    if (!actual.isDone()) {
      return "pending";
    }
    Throwable reason = reason();
    return reason != null ? "failed with " + reason : "succeeded with " + actual.getNow(null);
  }
}
