package dev.weft.reactor.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class FatalErrorsTest {

  @Test
  void stackOverflowAndOutOfMemoryAreTheCallbacksOwnProblem() {
    assertThat(FatalErrors.isFatal(new StackOverflowError())).isFalse();
    assertThat(FatalErrors.isFatal(new OutOfMemoryError("Java heap space"))).isFalse();
    assertThat(FatalErrors.isFatal(new OutOfMemoryError("Requested array size exceeds VM limit")))
        .isFalse();
  }

  @Test
  void aBrokenVirtualMachineIsFatal() {
    assertThat(FatalErrors.isFatal(new InternalError("broken"))).isTrue();
    assertThat(FatalErrors.isFatal(new UnknownError("unknown"))).isTrue();
    assertThat(FatalErrors.isFatal(new VirtualMachineError("a future kind") {})).isTrue();
  }

  @Test
  void linkageErrorsExceptionsAndAssertionsAreNotFatal() {
    assertThat(FatalErrors.isFatal(new NoClassDefFoundError("Gone"))).isFalse();
    assertThat(FatalErrors.isFatal(new ExceptionInInitializerError("static init"))).isFalse();
    assertThat(FatalErrors.isFatal(new IllegalStateException())).isFalse();
    assertThat(FatalErrors.isFatal(new IOException())).isFalse();
    assertThat(FatalErrors.isFatal(new AssertionError())).isFalse();
    assertThat(FatalErrors.isFatal(new Error())).isFalse();
  }

  @Test
  void rethrowThrowsUncheckedThrowablesAsTheyAreAndWrapsCheckedOnes() {
    InternalError error = new InternalError("broken");
    IllegalStateException unchecked = new IllegalStateException("bug");
    IOException checked = new IOException("sneaky");

    assertThatThrownBy(() -> FatalErrors.rethrow(error)).isSameAs(error);
    assertThatThrownBy(() -> FatalErrors.rethrow(unchecked)).isSameAs(unchecked);
    assertThatThrownBy(() -> FatalErrors.rethrow(checked))
        .isInstanceOf(IllegalStateException.class)
        .hasCause(checked);
  }
}
