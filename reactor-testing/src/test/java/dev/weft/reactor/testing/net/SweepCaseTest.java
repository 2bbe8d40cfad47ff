package dev.weft.reactor.testing.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SweepCaseTest {

  @Test
  void everyBuiltInChunkingReplaysFromTheCasePrintedForm() {
    for (Chunking chunking : new Chunking[] {Chunking.coalesced(), Chunking.oneByte(),
        Chunking.fixed(3), Chunking.random(-8), Chunking.cuts("0:5,9 3:1")}) {
      SweepCase sweepCase = SweepCase.of(42, chunking);
      assertThat(SweepCase.parse(sweepCase.toString())).isEqualTo(sweepCase);
    }
  }

  @Test
  void toStringIsJava() {
    assertThat(SweepCase.of(42, Chunking.random(42)))
        .hasToString("SweepCase.of(42L, Chunking.random(42L))");
  }

  @Test
  void parseAcceptsWhatAPersonTypes() {
    assertThat(SweepCase.parse(" SweepCase.of( 7 , Chunking.fixed(2) ) "))
        .isEqualTo(SweepCase.of(7, Chunking.fixed(2)));
  }

  @Test
  void theAnnotationFormEscapesQuotes() {
    assertThat(SweepCase.of(1, Chunking.cuts("0:2")).replayAnnotation())
        .isEqualTo("@Sweep(replay = \"SweepCase.of(1L, Chunking.cuts(\\\"0:2\\\"))\")");
  }

  @Test
  void theNetworkTakesTheSeedAndChunking() {
    Network network = SweepCase.of(9, Chunking.oneByte()).network();
    assertThat(network.seed()).isEqualTo(9);
    assertThat(network.chunking()).isEqualTo(Chunking.oneByte());
    Network slow = SweepCase.of(9, Chunking.oneByte()).networkBuilder()
        .latency(Duration.ofMillis(5)).build();
    assertThat(slow.latency(slow.host("a"), slow.host("b"))).isEqualTo(Duration.ofMillis(5));
  }

  @Test
  void badReplaysFailNamingTheProblem() {
    assertThatThrownBy(() -> SweepCase.parse("System.exit(0)"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown type System");
    assertThatThrownBy(() -> SweepCase.parse("Chunking.oneByte()"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must make a SweepCase but makes a");
    assertThatThrownBy(() -> SweepCase.parse("SweepCase.of(1L, Chunking.oneByte()) extra"))
        .hasMessageContaining("unexpected text after the expression");
    assertThatThrownBy(() -> SweepCase.parse("SweepCase.of(1L)"))
        .hasMessageContaining("no public static SweepCase.of takes [1]");
    assertThatThrownBy(() -> SweepCase.parse("SweepCase.of(1L, Chunking.fixed(0))"))
        .hasMessage("size must be at least 1: 0");
  }
}
