package dev.weft.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The UDP benchmark's servers echo and its client counts: a smoke test, no figure asserted. */
class UdpEchoBenchTest {

  @Test
  void bothServersEchoWhatTheClientCounts() throws Exception {
    try (UdpEchoBench.Server weft = UdpEchoBench.weft();
        UdpEchoBench.Server netty = UdpEchoBench.nettyNio()) {
      assertThat(UdpEchoBench.run(weft.address(), 64, Duration.ofMillis(200), Duration.ofSeconds(1)))
          .isPositive();
      assertThat(UdpEchoBench.run(netty.address(), 1400, Duration.ofMillis(200), Duration.ofSeconds(1)))
          .isPositive();
    }
  }

  @Test
  void theMedianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
    assertThat(UdpEchoBench.median(List.of(4.0, 1.0, 3.0, 2.0))).isEqualTo(2.5);
    assertThat(UdpEchoBench.median(List.of(5.0, 1.0, 3.0))).isEqualTo(3.0);
  }
}
