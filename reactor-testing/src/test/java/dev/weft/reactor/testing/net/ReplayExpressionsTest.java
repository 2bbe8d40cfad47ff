package dev.weft.reactor.testing.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.reactor.ConnectFailedException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ReplayExpressionsTest {

  @Test
  void chainsLiteralsDurationsAndExceptionsEvaluate() {
    Fault fault = ReplayExpressions.evaluate(
        "Fault.lookupDelayed(\"web\\tserver\", Duration.ofMillis(1_500))", Fault.class);
    assertThat(fault).isEqualTo(Fault.lookupDelayed("web\tserver", Duration.ofMillis(1500)));

    Fault failing = ReplayExpressions.evaluate(
        "Fault.failConnect(new ConnectFailedException(\"unreachable\")).onAttempt(2)",
        Fault.class);
    assertThat(failing).hasToString(
        Fault.failConnect(new ConnectFailedException("unreachable")).onAttempt(2).toString());

    assertThat(ReplayExpressions.evaluate("StreamFault.Action.STALL", Object.class))
        .isEqualTo(StreamFault.Action.STALL);
  }

  @Test
  void onlyThisPackageAndDurationAreReachable() {
    assertThatThrownBy(() -> ReplayExpressions.evaluate(
        "Duration.ofSeconds(1).getClass()", Object.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no public method getClass of Duration");
    assertThatThrownBy(() -> ReplayExpressions.evaluate("new Object()", Object.class))
        .hasMessageContaining("new makes only exceptions");
    assertThatThrownBy(() -> ReplayExpressions.evaluate("Runtime.getRuntime()", Object.class))
        .hasMessageContaining("unknown type Runtime");
  }

  @Test
  void syntaxErrorsNameThePlace() {
    assertThatThrownBy(() -> ReplayExpressions.evaluate("Chunking.fixed(3", Chunking.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("cannot read the replay expression at character 16 (')' expected):"
            + " Chunking.fixed(3");
    assertThatThrownBy(() -> ReplayExpressions.evaluate("Chunking.cuts(\"0:1)", Chunking.class))
        .hasMessageContaining("'\"' expected");
  }
}
